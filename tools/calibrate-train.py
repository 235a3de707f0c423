#!/usr/bin/python3
"""calibrate-train.py — fits efficiency.train.GENERATION to published runs.

Usage: tools/calibrate-train.py MLFIT VALIDATION_DIR

For every case of tests/cli/train_cases.py it finds the efficiency at which
mlfit's step model reproduces the published figure (the implied efficiency,
by a secant search on an overlay), then per generation takes the geometric
mean of the implied values as the central figure and their extremes as the
range.  Leave-one-out: each case is predicted with the geometric mean of the
OTHER cases of its generation (of its device kind when it is the only one),
so the table shows out-of-sample error.  Prints the parameters and the
markdown tables that doc/calibration.md carries.
"""
import math
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "cli"))
import train_cases as tc  # noqa: E402


def overlay(gen, e, tmp):
    path = os.path.join(tmp, "eff.xml")
    with open(path, "w") as f:
        f.write('<?xml version="1.0"?>\n<catalog version="1">\n'
                '  <param id="efficiency.train.%s" low="%.6g" high="%.6g" sources="narayanan-2021">'
                '%.6g</param>\n</catalog>\n' % (gen, e, e, e))
    return path


def at(mlfit, c, e, tmp):
    j = tc.run(mlfit, c, ["--catalog", overlay(c["generation"], e, tmp)])
    return tc.predicted(c, j)


def implied(mlfit, c, tmp):
    """The efficiency at which the prediction equals the published figure."""
    e0, e1 = 0.3, 0.6
    f0 = math.log(at(mlfit, c, e0, tmp) / c["published"])
    f1 = math.log(at(mlfit, c, e1, tmp) / c["published"])
    for _ in range(6):
        if abs(f1) < 1e-4 or f1 == f0:
            break
        le = math.log(e1) - f1 * (math.log(e1) - math.log(e0)) / (f1 - f0)
        e2 = min(1.0, max(0.02, math.exp(le)))
        e0, f0 = e1, f1
        e1, f1 = e2, math.log(at(mlfit, c, e2, tmp) / c["published"])
    return e1


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def kind(gen):
    return "tpu" if gen.startswith("google-tpu") else "gpu"


def main():
    mlfit, vdir = sys.argv[1], sys.argv[2]
    cases = tc.all_cases(vdir)
    with tempfile.TemporaryDirectory() as tmp:
        for c in cases:
            c["implied"] = implied(mlfit, c, tmp)
        groups = {}
        for c in cases:
            groups.setdefault(c["generation"], []).append(c)
        print("## parameters\n")
        for gen, cs in sorted(groups.items()):
            v = [c["implied"] for c in cs]
            print("%-16s %.3g (%.3g to %.3g) from %d case(s)" % (gen, geomean(v), min(v), max(v), len(v)))
        spread = {}
        for k in ("gpu", "tpu"):
            v = [c["implied"] for c in cases if kind(c["generation"]) == k]
            spread[k] = (min(v), max(v))
            print("%-16s %.3g (%.3g to %.3g) from %d case(s)" % (k, geomean(v), min(v), max(v), len(v)))
        print("\n## as parameters (a generation with one case takes its kind's spread)\n")
        for gen, cs in sorted(groups.items()) + [(k, [c for c in cases if kind(c["generation"]) == k])
                                                 for k in ("gpu", "tpu")]:
            v = [c["implied"] for c in cs]
            lo, hi = (min(v), max(v)) if len(v) > 1 else spread[kind(gen)]
            print('efficiency.train.%s low="%.2f" high="%.2f" %.3f  # %s'
                  % (gen, math.floor(lo * 100) / 100, math.ceil(hi * 100) / 100, geomean(v),
                     ", ".join("%s %.3f" % (c["id"], c["implied"]) for c in cs)))
        print("\n## leave-one-out\n")
        print("| case | device x count | published | implied efficiency | LOO efficiency (from) | "
              "LOO prediction | LOO error |")
        print("|---|---|---|---|---|---|---|")
        errs, inside = [], 0
        for c in cases:
            others = [o["implied"] for o in groups[c["generation"]] if o is not c]
            basis = c["generation"]
            if not others:
                others = [o["implied"] for o in cases
                          if o is not c and kind(o["generation"]) == kind(c["generation"])]
                basis = "all %s cases" % kind(c["generation"])
            e = geomean(others)
            lo, hi = min(others), max(others)
            pred = at(mlfit, c, e, tmp)
            p_lo, p_hi = sorted((at(mlfit, c, lo, tmp), at(mlfit, c, hi, tmp)))
            err = pred / c["published"] - 1
            errs.append(abs(err))
            ok = p_lo <= c["published"] <= p_hi
            inside += ok
            unit = "device-h" if c["kind"] == "hours" else "%s/s" % c["per"]
            print("| %s | %d x %s | %.4g %s | %.3f | %.3f (%s) | %.4g | %+.1f %%%s |"
                  % (c["id"], c["count"], c["device"], c["published"], unit, c["implied"], e, basis,
                     pred, 100 * err, "" if ok else " (outside)"))
        print("\nmedian |LOO error| %.1f %% over %d cases; %d of %d (%.0f %%) inside the LOO range"
              % (100 * statistics.median(errs), len(errs), inside, len(cases),
                 100 * inside / len(cases)))


if __name__ == "__main__":
    main()
