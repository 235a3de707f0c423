#!/usr/bin/python3
"""calibrate-train.py — fits efficiency.train.GENERATION to published runs.

Usage: tools/calibrate-train.py MLFIT VALIDATION_DIR [cnn]

For every case of tests/cli/train_cases.py it finds the efficiency at which
mlfit's step model reproduces the published figure (the implied efficiency,
by a secant search on an overlay), then per generation takes the geometric
mean of the implied values as the central figure and their extremes as the
range.  Leave-one-out: each case is predicted with the geometric mean of the
OTHER cases of its generation (of its device kind when it is the only one),
so the table shows out-of-sample error.  Prints the parameters and the
markdown tables that doc/calibration.md carries.

With "cnn" it fits the non-transformer step instead (src/estimate_cnn.c) on
tests/fixtures/validation/calibration-cnn.csv: the replicas' step jitter
from the 1- and 8-GPU pairs, the traffic an optimised runtime leaves to the
element-wise layers from the eager and fused runs on one chip, the
efficiency.train-other.GENERATION of the throughput runs, and the overhead
per epoch from the 90-epoch wall times, with leave-one-out tables.
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


# The range of an efficiency is a 95 % prediction interval for one more run, in log
# space: the runs of one generation scatter about its geometric mean with a standard
# deviation s pooled over the generations that have more than one run, and a figure
# fixed by n runs predicts a new one within exp(+-Z s sqrt(1 + 1/n)).
Z = 1.96


def pooled_log_sd(cases, leave=None):
    """s of log(implied / generation's geometric mean), pooled, without case `leave`."""
    groups = {}
    for c in cases:
        if c is not leave:
            groups.setdefault(c["generation"], []).append(math.log(c["implied"]))
    dev, dof = 0.0, 0
    for logs in groups.values():
        if len(logs) > 1:
            m = sum(logs) / len(logs)
            dev += sum((x - m) ** 2 for x in logs)
            dof += len(logs) - 1
    return math.sqrt(dev / dof)


def interval(g, s, n):
    k = math.exp(Z * s * math.sqrt(1 + 1.0 / n))
    return g / k, min(1.0, g * k)


def main():
    mlfit, vdir = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3 and sys.argv[3] == "cnn":
        return cnn_main(mlfit, vdir)
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
        s_all = pooled_log_sd(cases)
        print("\n## as parameters (each range: the 95 %% prediction interval of one more run, "
              "pooled log sd %.3f)\n" % s_all)
        for gen, cs in sorted(groups.items()) + [(k, [c for c in cases if kind(c["generation"]) == k])
                                                 for k in ("gpu", "tpu")]:
            v = [c["implied"] for c in cs]
            lo, hi = interval(geomean(v), s_all, len(v))
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
            lo, hi = interval(e, pooled_log_sd(cases, leave=c), len(others))
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


# ---- the non-transformer (CNN) step ----

def cnn_overlay(params, tmp):
    """params: id -> (value, unit) with the range collapsed onto the value, or
    (value, unit, low, high)."""
    path = os.path.join(tmp, "cnn.xml")
    with open(path, "w") as f:
        f.write('<?xml version="1.0"?>\n<catalog version="1">\n')
        for pid, t in sorted(params.items()):
            v, unit = t[0], t[1]
            lo, hi = (t[2], t[3]) if len(t) > 2 else (v, v)
            u = " " + unit if unit else ""
            f.write('  <param id="%s" low="%.6g%s" high="%.6g%s" sources="narayanan-2021">%.6g%s</param>\n'
                    % (pid, lo, u, hi, u, v, u))
        f.write("</catalog>\n")
    return path


def cnn_at(mlfit, c, params, tmp):
    j = tc.run(mlfit, c, ["--catalog", cnn_overlay(params, tmp)])
    return tc.predicted(c, j)


def cnn_implied(mlfit, c, params, tmp, pid=None, lo=0.02, hi=1.0):
    """The value of param pid (default: the case's efficiency) at which the prediction
    equals the published figure, by bisection (the rate rises with the efficiency and
    falls with the fused traffic)."""
    pid = pid or "efficiency.train-other." + c["generation"]
    rising = pid.startswith("efficiency")
    for _ in range(30):
        mid = math.sqrt(lo * hi) if lo > 0 else (lo + hi) / 2
        p = dict(params)
        p[pid] = (mid, "")
        too_fast = cnn_at(mlfit, c, p, tmp) > c["published"]
        if too_fast == rising:
            hi = mid
        else:
            lo = mid
    return mid


def cnn_range(mlfit, c, params, tmp):
    """The central prediction and mlfit's own range with these parameters."""
    j = tc.run(mlfit, c, ["--catalog", cnn_overlay(params, tmp)])
    ok, lo, hi = tc.inside(c, j)
    return tc.predicted(c, j), lo, hi


def spread(values):
    """The extremes of values relative to their geometric mean."""
    g = geomean(values)
    return min(values) / g, max(values) / g


def cnn_kind(gen):
    return "tpu" if gen.startswith("google-tpu") else "gpu"


def floor2(x):
    return math.floor(x * 100) / 100


def ceil2(x):
    return math.ceil(x * 100) / 100


def cnn_defaults():
    """The evaluation figures of data/defaults.xml the overhead fit subtracts."""
    import xml.etree.ElementTree as ET
    path = os.path.join(os.path.dirname(__file__), "..", "data", "defaults.xml")
    params = {p.get("id"): float(p.text.split()[0]) for p in ET.parse(path).getroot().iter("param")
              if p.get("id", "").startswith(("train.cnn.eval", "train.flops-multiplier"))}
    return params


OVERHEAD_PARAM = {"eager": ("train.cnn.epoch-overhead.eager", "s"),
                  "optimized": ("train.cnn.warmup-share.optimized", "")}
OVERHEAD_UNIT = {"eager": "s per epoch", "optimized": "of the steps' time"}


def epoch_residual(c, d):
    """What a published wall time spends outside its logged-throughput steps and outside
    the evaluation (eval-samples forward, every eval-interval epochs): seconds per epoch
    for an eager script, a share of the steps' time for an optimised harness."""
    epoch_s = c["samples"] / c["epochs"] / c["logged_rate"]
    eval_s = d["train.cnn.eval-samples"] / (d["train.flops-multiplier"] * c["logged_rate"]) / \
        d["train.cnn.eval-interval." + c["runtime"]]
    rest = c["wall_s"] / c["epochs"] - epoch_s - eval_s
    return rest if c["runtime"] == "eager" else rest / epoch_s


def overhead_figure(runtime, ov):
    """Central figure and range of a runtime's overhead: the eager scripts' arithmetic
    mean (seconds, read off rounded hours), the optimised harnesses' geometric mean
    (shares over a factor of four); the range their extremes."""
    lo, hi = min(ov), max(ov)
    if runtime == "optimized":
        return geomean(ov), lo, hi
    return statistics.mean(ov), lo, hi


def overhead_param(rt, m, lo, hi):
    pid, unit = OVERHEAD_PARAM[rt]
    u = " " + unit if unit else ""
    if unit:
        return '%s low="%.3g%s" high="%.3g%s" %.3g%s' % (pid, math.floor(lo * 10) / 10, u,
                                                          math.ceil(hi * 10) / 10, u, m, u)
    return '%s low="%.4f" high="%.4f" %.4f' % (pid, math.floor(lo * 1e4) / 1e4,
                                               math.ceil(hi * 1e4) / 1e4, m)


def fmt_overhead(x):
    return "%.3g" % x


def cnn_main(mlfit, vdir):
    cases = tc.cnn_cases(vdir)
    rates = [c for c in cases if c["kind"] == "rate"]
    hours = [c for c in cases if c["kind"] == "hours"]
    by_id = {c["id"]: c for c in cases}
    print("## step jitter (1- and n-device throughput of one table)\n")
    cvs = []
    for c in rates:
        if c["count"] > 1:
            one = [o for o in rates if o["device"] == c["device"] and o["count"] == 1
                   and o["runtime"] == c["runtime"]]
            if one:
                cv = (one[0]["published"] * c["count"] / c["published"] - 1) / math.sqrt(
                    2 * math.log(c["count"]))
                cvs.append(cv)
                print("%s: %.4f" % (c["id"], cv))
    jitter = geomean(cvs)
    print('train.cnn.sync-jitter low="%.3f" high="%.3f" %.4f' % (
        math.floor(min(cvs) * 1000) / 1000, math.ceil(max(cvs) * 1000) / 1000, jitter))
    with tempfile.TemporaryDirectory() as tmp:
        base = {"train.cnn.sync-jitter": (jitter, ""), "train.cnn.epoch-overhead.eager": (0, "s"),
                "train.cnn.epoch-overhead.optimized": (0, "s")}
        eager = by_id["dle-rn50-a100-80gbx8"]
        fused = by_id["mlptv10-a100x8-resnet50"]
        e_ref = cnn_implied(mlfit, eager, base, tmp)
        p = dict(base)
        p["efficiency.train-other." + fused["generation"]] = (e_ref, "")
        k = cnn_implied(mlfit, fused, p, tmp, "train.cnn.fused-traffic", 0.0, 1.0)
        print("\n## fused traffic: the eager A100 run implies %.3f; the fused one the same at\n" % e_ref)
        print('train.cnn.fused-traffic %.3f' % k)
        base["train.cnn.fused-traffic"] = (k, "")
        for c in rates:
            c["implied"] = cnn_implied(mlfit, c, base, tmp)
        groups = {}
        for c in rates:
            groups.setdefault(c["generation"], []).append(c)
        kinds = {}
        for c in rates:
            kinds.setdefault(cnn_kind(c["generation"]), []).append(c["implied"])
        # the spread between the GPU generations is what a run on an unseen code base
        # or chip can be off by: every generation's range is its figure times it
        gen_means = {g: geomean([c["implied"] for c in cs]) for g, cs in groups.items()}
        rel = spread([g for gen, g in gen_means.items() if cnn_kind(gen) == "gpu"])
        print("\n## as parameters (each range: the figure x the spread of the GPU generations, "
              "%.2f to %.2f)\n" % rel)
        fitted = {}
        for gen, cs in sorted(groups.items()) + sorted(
                (k2, [{"implied": v} for v in vs]) for k2, vs in kinds.items()):
            g = geomean([c["implied"] for c in cs])
            fitted[gen] = g
            print('efficiency.train-other.%s low="%.2f" high="%.2f" %.3f  # %s'
                  % (gen, floor2(g * rel[0]), ceil2(min(1.0, g * rel[1])), g,
                     ", ".join("%s %.3f" % (c["id"], c["implied"]) for c in cs if "id" in c)))
        shipped = dict(base)
        defaults = cnn_defaults()
        for gen, g in fitted.items():
            shipped["efficiency.train-other." + gen] = (g, "")
        # outside the steps: the published wall time less the epochs at the throughput
        # the same runs logged (not mlfit's step, so the step model's error stays out of
        # it), less the evaluation mlfit adds.  An eager script's rest is a fixed cost
        # per epoch (seconds); an optimised harness's a share of the steps' time
        over = {}
        for c in hours:
            j = tc.run(mlfit, c)
            c["samples"] = j["steps"] * j["global_batch"]
            c["overhead"] = epoch_residual(c, defaults)
            if c["role"] == "fit":
                over.setdefault(c["runtime"], []).append(c["overhead"])
            print("%s (%s, %s): %.3g %s besides the steps and the evaluation"
                  % (c["id"], c["runtime"], c["role"], c["overhead"], OVERHEAD_UNIT[c["runtime"]]))
        for rt, ov in sorted(over.items()):
            m, lo, hi = overhead_figure(rt, ov)
            print(overhead_param(rt, m, lo, hi))
        print("\n## leave-one-out (the other parameters as shipped in data/defaults.xml)\n")
        print("| case | device x count | runtime | published | implied eff. | LOO figure (from) | "
              "LOO prediction (range) | LOO error |")
        print("|---|---|---|---:|---:|---|---:|---:|")
        errs, inside = [], 0
        for c in rates + hours:
            if c["kind"] == "rate":
                others = [o for o in rates if o is not c]
                same = [o["implied"] for o in others if o["generation"] == c["generation"]]
                basis = c["generation"]
                if not same:
                    same = [o["implied"] for o in others if cnn_kind(o["generation"]) == "gpu"]
                    basis = "all other gpu runs"
                e = geomean(same)
                means = {}
                for o in others:
                    means.setdefault(o["generation"], []).append(o["implied"])
                r = spread([geomean(v) for g2, v in means.items() if cnn_kind(g2) == "gpu"])
                p = {"efficiency.train-other." + c["generation"]:
                     (e, "", e * r[0], min(1.0, e * r[1]))}
                fig = "%.3f | %.3f (%s)" % (c["implied"], e, basis)
                unit = "images/s"
            elif c["role"] == "fit":
                ov = [o["overhead"] for o in hours if o is not c and o["role"] == "fit"
                      and o["runtime"] == c["runtime"]]
                m, lo, hi = overhead_figure(c["runtime"], ov)
                pid, unit = OVERHEAD_PARAM[c["runtime"]]
                p = {pid: (m, unit, lo, hi)}
                fig = "— | %s %s (the other %s runs)" % (fmt_overhead(m), OVERHEAD_UNIT[c["runtime"]],
                                                         c["runtime"])
                unit = "device-h"
            else:
                p = {}
                fig = "— | as shipped (out of sample)"
                unit = "device-h"
            pred, p_lo, p_hi = cnn_range(mlfit, c, p, tmp)
            err = pred / c["published"] - 1
            errs.append(abs(err))
            ok = p_lo <= c["published"] <= p_hi
            inside += ok
            print("| %s | %d x %s | %s | %.4g %s | %s | %.4g (%.4g – %.4g) | %+.1f %%%s |"
                  % (c["id"], c["count"], c["device"], c["runtime"], c["published"], unit,
                     fig, pred, p_lo, p_hi, 100 * err, "" if ok else " (outside)"))
        print("\nmedian |LOO error| %.1f %% over %d cases; %d of %d (%.0f %%) inside the LOO range"
              % (100 * statistics.median(errs), len(errs), inside, len(errs),
                 100 * inside / len(errs)))


if __name__ == "__main__":
    main()
