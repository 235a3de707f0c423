#!/usr/bin/env python3
"""check_inference.py — mlfit's serving estimates against published inference runs.

Usage: check_inference.py check CALIBRATION-INFERENCE.csv
       check_inference.py fit CALIBRATION-INFERENCE.csv   (slow: a grid of runs)

The rows of validation/calibration-inference.csv that mlfit's catalog can
place (a zoo model for the benchmark, a catalog device, a precision the
device lists) are run as `mlfit estimate --infer` with the published
configuration (device count, batch, precision, output tokens per request,
tensor parallelism); the others are listed with the reason they cannot be.

Compared, like with like:
  - performance: samples/s (MLPerf Offline and Server), or the median or
    mean time per output token (ML.ENERGY's latency_ms);
  - energy per sample and per output token: MLPerf's power is the whole
    system at the wall, so it is compared with mlfit's IT energy (devices +
    hosts, before PUE) on the submitter's system (tests/fixtures/serve/
    mlperf-systems.xml); ML.ENERGY's is GPU-only (Zeus/NVML), compared with
    mlfit's device energy.

check: prints one line per row with each figure's central error and
whether the published value is inside mlfit's range; exits 1 if any
published value is outside its range or a row's central error is beyond
a factor of 3.  The medians are printed against issue 10's targets (25 %
performance, 30 % energy, 80 % inside), which doc/calibration.md reports
out of sample.

fit: evaluates a grid of the GPU serving parameters (efficiency.infer.gpu,
infer.bandwidth-fraction.gpu, infer.sequence-overhead.gpu, load.infer.gpu)
through catalog overlays, picks the point with the least mean |log error|
over both figures of all rows, and, for each row, the point fitted on the other rows
only (leave-one-out), and prints the table of doc/calibration.md.
"""
import csv
import itertools
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile

MLFIT = os.environ.get("MLFIT", "./mlfit")
SRCDIR = os.environ.get("srcdir", ".")
SYSTEMS = os.path.join(SRCDIR, "tests", "fixtures", "serve", "mlperf-systems.xml")
LARGE = 1e6  # requests: a long steady-state run

# case_id -> (model, args).  Output tokens per request are the row's tokens/s
# over samples/s (MLPerf) or the average output length in its notes
# (ML.ENERGY); the prompt length is published for none of them, so
# mlfit's default (ShareGPT's mean, infer.prompt-tokens) stands in.  The
# H200 rows ran NVIDIA's MaxQ power limits per GPU (the rows' notes).
H200 = ["--device", "nvidia-h200-sxm-141gb", "--count", "8", "--site", "mlperf-lab",
        "--node", "mlperf-h200x8"]
ROWS = {
    "inf-mlpv41-h200x8-maxq-resnet50-offline":
        ("resnet50", H200 + ["--precision", "int8", "--batch", "2048", "--power-cap", "350W"]),
    "inf-mlpv41-h200x8-maxq-resnet50-server":
        ("resnet50", H200 + ["--precision", "int8", "--batch", "256", "--power-cap", "400W"]),
    "inf-mlpv41-h200x8-maxq-llama2-70b-offline":
        ("llama-2-70b", H200 + ["--precision", "fp8", "--batch", "806", "--tensor-parallel", "1",
                                "--output-tokens", "291", "--power-cap", "500W"]),
    "inf-mlpv41-h200x8-maxq-llama2-70b-server":
        ("llama-2-70b", H200 + ["--precision", "fp8", "--batch", "896", "--tensor-parallel", "1",
                                "--output-tokens", "291", "--power-cap", "500W"]),
    "inf-mle2-mistral7b-h100x1-bs128":
        ("mistral-7b", ["--device", "nvidia-h100-sxm5-80gb", "--precision", "bf16",
                        "--batch", "128", "--output-tokens", "422"]),
    "inf-mle2-mistral7b-a100-40gbx1-bs128":
        ("mistral-7b", ["--device", "nvidia-a100-sxm4-40gb", "--precision", "bf16",
                        "--batch", "128", "--output-tokens", "422"]),
    "inf-mle2-phi3mini-h100x1-bs128":
        ("phi-3-mini", ["--device", "nvidia-h100-sxm5-80gb", "--precision", "bf16",
                        "--batch", "128", "--output-tokens", "481"]),
    "inf-mle2-mistral-large-h100x8-bs128":
        ("mistral-large-2407", ["--device", "nvidia-h100-sxm5-80gb", "--count", "8",
                                "--tensor-parallel", "8", "--precision", "bf16",
                                "--batch", "128", "--output-tokens", "510"]),
}

# Why the other rows cannot be placed.
NOT_PLACED = {
    "3dunet": "no 3D U-Net in the zoo",
    # NVIDIA's harness drops the padding of SQuAD's 384-token windows; the mean unpadded
    # length is not in the row, and at 384 tokens mlfit's 2.3x the work is not the same
    # workload (doc/calibration.md gives that run's error)
    "bert99": "the sequence lengths run are not published (unpadded SQuAD windows)",
    "gptj": "no GPT-J in the zoo",
    "mixtral": "mixture-of-experts models are not modelled",
    "sdxl": "no diffusion models in the zoo",
    "untether": "the speedAI240 is not in the catalog",
    "b200x8-whisper": "no Whisper in the zoo",
    "b200x8-sdxl": "no diffusion models in the zoo",
    "b200x8": "fp4 weights: the catalog lists no fp4 peak",
    "ryzen": "the Ryzen 5 5560U is not in the catalog; MobileNet-v1 is not in the zoo",
    "gemma": "Gemma 3 is not in the zoo",
    "qwen": "Qwen3 is not in the zoo",
    "gptoss": "gpt-oss is a mixture of experts, not modelled",
    "flux": "no diffusion models in the zoo",
}

# The parameters the fit varies, and the grid it tries.
GRID = {
    "efficiency.infer.gpu": [0.3, 0.4, 0.5, 0.6, 0.7],
    "infer.bandwidth-fraction.gpu": [0.55, 0.7, 0.85],
    "infer.sequence-overhead.gpu": [50e-6, 150e-6, 300e-6, 450e-6, 700e-6],
}
# load.infer.gpu is a grid axis too: under a power cap it changes the speed as well
GRID["load.infer.gpu"] = [0.6, 0.8, 1.0]


def reason_not_placed(case):
    for key, why in NOT_PLACED.items():
        if key in case:
            return why
    return "not mapped"


def mlfit(args, overlay=None):
    cmd = [MLFIT, "-q", "--catalog", SYSTEMS]
    if overlay:
        cmd += ["--catalog", overlay]
    r = subprocess.run(cmd + ["estimate"] + args + ["--format", "json"], capture_output=True,
                       text=True)
    if r.returncode != 0:
        raise RuntimeError("mlfit %s: %s" % (" ".join(args), r.stderr.strip()))
    return json.loads(r.stdout)["inference"]


def published(row):
    """(performance key, value, energy key, value, scope) of a row."""
    if row["source_kind"].startswith("mlperf"):
        perf = ("throughput_per_s", float(row["samples_per_s"]))
        ekey = "energy_per_request_j"
    else:
        perf = ("tpot_s", float(row["latency_ms"]) / 1e3)
        ekey = "energy_per_request_device_j"
    return perf, (ekey, float(row["energy_per_sample_j"])), row["power_scope"]


def run_row(row, overlay=None):
    model, args = ROWS[row["case_id"]]
    return mlfit([model, "--infer", "--requests", "%g" % LARGE] + args, overlay)


def error(got, want):
    return (got - want) / want


def inside(j, key, want):
    return j[key + "_low"] * (1 - 1e-9) <= want <= j[key + "_high"] * (1 + 1e-9)


def load_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def check(path):
    rows = load_rows(path)
    perf_err, energy_err, hits, total = [], [], 0, 0
    for row in rows:
        case = row["case_id"]
        if case not in ROWS:
            print("skip %-45s %s" % (case, reason_not_placed(case)))
            continue
        j = run_row(row)
        (pk, pv), (ek, ev), scope = published(row)
        pe, ee = error(j[pk], pv), error(j[ek], ev)
        pin, ein = inside(j, pk, pv), inside(j, ek, ev)
        perf_err.append(abs(pe))
        energy_err.append(abs(ee))
        hits += pin + ein
        total += 2
        print("row  %-45s %-16s %+6.1f %% %-7s %-28s %+6.1f %% %s (%s)" %
              (case, pk, 100 * pe, "inside" if pin else "OUTSIDE", ek, 100 * ee,
               "inside" if ein else "OUTSIDE", scope))
    mp, me = statistics.median(perf_err), statistics.median(energy_err)
    share = hits / total
    print("median |error|: performance %.1f %% (target 25 %%), energy %.1f %% (target 30 %%); "
          "%d of %d published values inside the range (%.0f %%, target 80 %%)" %
          (100 * mp, 100 * me, hits, total, 100 * share))
    worst = max(perf_err + energy_err)
    return 0 if hits == total and worst < 2 else 1


# ---- fit ----

def overlay_text(point):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<catalog version="1">',
             '  <source id="fit-grid">a grid point of check_inference.py fit</source>']
    for k, v in point.items():
        unit = " s" if k.startswith("infer.sequence") else ""
        lines.append('  <param id="%s" sources="fit-grid">%r%s</param>' % (k, v, unit))
    lines.append("</catalog>")
    return "\n".join(lines) + "\n"


def evaluate_grid(rows):
    """table[point][case] = mlfit's inference figures at that grid point."""
    names = list(GRID)
    table = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "o.xml")
        for values in itertools.product(*(GRID[n] for n in names)):
            with open(path, "w") as f:
                f.write(overlay_text(dict(zip(names, values))))
            table[values] = {r["case_id"]: run_row(r, path) for r in rows}
    return names, table


def row_errors(row, runs):
    (pk, pv), (ek, ev), _ = published(row)
    j = runs[row["case_id"]]
    return math.log(j[pk] / pv), math.log(j[ek] / ev), error(j[pk], pv), error(j[ek], ev)


def score(rows, runs):
    """Mean |log error| over both figures of every row (no row may be ignored)."""
    errs = []
    for row in rows:
        lp, le, _, _ = row_errors(row, runs)
        errs += [abs(lp), abs(le)]
    return sum(errs) / len(errs)


def best_point(rows, table):
    return min((score(rows, runs), values) for values, runs in table.items())


def fit(path):
    rows = [r for r in load_rows(path) if r["case_id"] in ROWS]
    names, table = evaluate_grid(rows)
    s, values = best_point(rows, table)
    print("fitted on all rows: %s (mean |log error| %.3f)" %
          (", ".join("%s %g" % nv for nv in zip(names, values)), s))
    print()
    print("| row | compared | central error | leave-one-out error | energy compared | "
          "central error | leave-one-out error | power scope |")
    print("|---|---|---|---|---|---|---|---|")
    loo_p, loo_e = [], []
    for row in rows:
        others = [r for r in rows if r is not row]
        _, lv = best_point(others, table)
        _, _, cp, ce = row_errors(row, table[values])
        _, _, lp, le = row_errors(row, table[lv])
        loo_p.append(abs(lp))
        loo_e.append(abs(le))
        (pk, _), (ek, _), scope = published(row)
        print("| %s | %s | %+.0f %% | %+.0f %% | %s | %+.0f %% | %+.0f %% | %s |" %
              (row["case_id"], pk, 100 * cp, 100 * lp, ek, 100 * ce, 100 * le, scope))
    print()
    print("leave-one-out median |error|: performance %.0f %%, energy %.0f %%" %
          (100 * statistics.median(loo_p), 100 * statistics.median(loo_e)))
    return 0


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("check", "fit"):
        sys.stderr.write(__doc__)
        return 2
    return check(sys.argv[2]) if sys.argv[1] == "check" else fit(sys.argv[2])


if __name__ == "__main__":
    sys.exit(main())
