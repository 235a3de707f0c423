#!/usr/bin/env python3
"""bench/paired.py — mlfit runs as ratios against `xmllint --noout` of the catalog files.

Used by bench/recommend.sh and bench/train-estimate.sh (issue 14 item 6, issue 9).
Every figure is measured against a reference taken in the same run: each mlfit run is
paired with an `xmllint --noout` of the 14 catalog and data files mlfit loads (the XML
parse floor), the two in alternating order, and the median of the per-pair ratios is
reported, so that a loaded or slower machine moves both.  Where valgrind exists the
instruction counts (callgrind Ir, repeatable on a shared machine) are given too: the
whole run, and the part inside one function (--own), which is what the estimate and
the search cost without the catalog and model load.

  paired.py --srcdir DIR --mlfit BIN [--runs N] [--own FUNC] [--max-own-ratio R]
            [--target-total R] CASE...

CASE is "LABEL=ARGS" (ARGS split like a shell would; --format json is added, and the
JSON's stats give the load/estimate/solve split).  Exits 1 if a case's own part (wall
time less the load) exceeds --max-own-ratio x xmllint, 0 otherwise.
"""
import argparse
import glob
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def catalog_files(srcdir):
    files = sorted(glob.glob(os.path.join(srcdir, "catalog", "*.xml")))
    files += [os.path.join(srcdir, "data", f) for f in ("defaults.xml", "grid.xml")]
    return files


def timed(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t, r


def callgrind_ir(cmd, toggle=None):
    """Ir of cmd (inside function `toggle` only, if given); None without valgrind."""
    if shutil.which("valgrind") is None:
        return None
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        vg = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out]
        if toggle:
            vg.append("--toggle-collect=" + toggle)
        subprocess.run(vg + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        total = 0
        with open(out) as f:
            for line in f:
                if line.startswith("summary:") or line.startswith("totals:"):
                    total = int(line.split()[1])
        return total


def measure(label, mlfit_cmd, ref_cmd, runs):
    """Paired runs: (mlfit s, xmllint s, load s, estimate s, solve s) each, the
    number of estimates, and whether the JSON had recommend's stats."""
    pairs, estimated, split = [], 0, True
    for i in range(runs):
        if i % 2 == 0:
            tr, _ = timed(ref_cmd)
            tm, r = timed(mlfit_cmd)
        else:
            tm, r = timed(mlfit_cmd)
            tr, _ = timed(ref_cmd)
        if r.returncode != 0:
            sys.exit("%s: mlfit exited %d" % (label, r.returncode))
        s = json.loads(r.stdout).get("stats")
        if s is None:
            s = {}
            split = False
        estimated = s.get("estimated", 0)
        load = s.get("load_s", 0.0)
        pairs.append((tm, tr, load, s.get("estimate_s", 0.0), s.get("solve_s", 0.0)))
    return pairs, estimated, split


def med(xs):
    return statistics.median(xs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--srcdir", default=".")
    ap.add_argument("--mlfit", required=True)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--own", default="optimize_recommend")
    ap.add_argument("--max-own-ratio", type=float, default=0)
    ap.add_argument("--target-total", type=float, default=0)
    ap.add_argument("cases", nargs="+")
    a = ap.parse_args()

    if shutil.which("xmllint") is None:
        sys.exit("xmllint is not installed: no reference to measure against")
    ref = ["xmllint", "--noout"] + catalog_files(a.srcdir)
    ref_ir = callgrind_ir(ref)
    ref_ms = med([timed(ref)[0] for _ in range(5)]) * 1e3
    print("reference: xmllint --noout of %d catalog files, %.1f ms%s" % (
        len(ref) - 2, ref_ms, ", %.1f M Ir" % (ref_ir / 1e6) if ref_ir else ""))
    failed = False
    for case in a.cases:
        label, args = case.split("=", 1)
        cmd = [a.mlfit] + shlex.split(args) + ["--format", "json"]
        pairs, n, split = measure(label, cmd, ref, a.runs)
        total = med([p[0] / p[1] for p in pairs])
        own = med([(p[0] - p[2]) / p[1] for p in pairs])
        est = med([p[3] / p[1] for p in pairs])
        wall = med([p[0] for p in pairs]) * 1e3
        own_ms = med([p[0] - p[2] for p in pairs]) * 1e3
        est_ms = med([p[3] for p in pairs]) * 1e3
        print("%s: mlfit %s" % (label, args))
        print("  end to end      %6.1f ms = %5.2f x xmllint (median of %d paired runs)%s" % (
            wall, total, len(pairs),
            "" if not a.target_total else "; target %.3g x: %s" % (
                a.target_total, "met" if total <= a.target_total else "not met")))
        if split:
            print("  less the load   %6.1f ms = %5.2f x xmllint (catalog and model load "
                  "excluded)" % (own_ms, own))
        if n:
            print("  estimates       %6.1f ms = %5.2f x xmllint: %d estimates, %.1f us each" % (
                est_ms, est, n, est_ms * 1e3 / n))
        ir = callgrind_ir(cmd)
        own_ir = callgrind_ir(cmd, a.own) if a.own else None
        if ir and ref_ir:
            line = "  callgrind       %6.1f M Ir = %5.2f x xmllint" % (ir / 1e6, ir / ref_ir)
            if own_ir:
                line += "; inside %s() %.1f M Ir = %.2f x" % (a.own, own_ir / 1e6,
                                                             own_ir / ref_ir)
            print(line)
            if own_ir:
                print("  %s() alone at xmllint's rate: %.3f ms" % (
                    a.own, own_ir / ref_ir * ref_ms))
        if split and a.max_own_ratio and own > a.max_own_ratio:
            print("  FAILED: less the load %.2f x xmllint, over the %.3g x allowed" % (
                own, a.max_own_ratio))
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
