"""gen_records.py MLFIT OUT.csv KIND — synthetic measure records made from
known coefficients, for the calibrate tests.

KIND "power": A100-80GB training runs whose time follows an efficiency of
0.30 (the estimator's own time with the efficiency parameter it used, as
its JSON names it, set to 0.30 for the A100-80GB by an overlay), both of a
transformer (efficiency.train.*) and of CNNs (efficiency.train-other.*),
so calibrate must find 0.30 for each task kind; their GPU energy follows
idle 50 W + (400 W TDP − 50 W) × load 0.7 × utilisation.
KIND "opcost": T4 runs whose energy is 0.8 pJ/MAC × MACs + 20 pJ/B × bytes
+ 10 W × t, with MACs, bytes and t varied independently.
KIND "degenerate": like opcost, but bytes proportional to MACs and t.
The header is the one mlfit measure writes, so the files are mlfit's own.
"""
import csv
import json
import subprocess
import sys

MLFIT, OUT, KIND = sys.argv[1], sys.argv[2], sys.argv[3]
EFFICIENCY = 0.30	# what calibrate must recover, per task kind


def header():
    subprocess.run([MLFIT, "measure", "-q", "--intensity", "400", "-o", OUT + ".hdr", "--", "true"],
                   check=True)
    with open(OUT + ".hdr", newline="") as f:
        return next(csv.reader(f))


def mlfit_json(*args):
    out = subprocess.run([MLFIT, "-q", *args, "--format", "json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def true_time(device, workload):
    """The estimator's own time for the run with the efficiency parameter
    it uses (the source in its JSON: by device generation and task kind)
    set to EFFICIENCY for this device: the time calibrate must reproduce."""
    j = mlfit_json("estimate", *workload.split(), "--device", device, "--count", "1")
    source = j["efficiency"]["source"]
    prefix = ".".join(source.split(".")[:2])	# efficiency.train-other
    truth = OUT + ".truth.xml"
    with open(truth, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<catalog version="1">\n'
                '  <source id="synthetic">gen_records.py: the coefficient to recover</source>\n'
                '  <param id="%s.%s" sources="synthetic">%r</param>\n</catalog>\n'
                % (prefix, device, EFFICIENCY))
    j = mlfit_json("--catalog", truth, "estimate", *workload.split(), "--device", device,
                   "--count", "1")
    assert j["efficiency"]["source"] == "%s.%s" % (prefix, device), j["efficiency"]
    return j["time_s"]


def row(cols, **kw):
    r = {c: "" for c in cols}
    r.update(timestamp="2026-11-30T12:00:00", project_name="synthetic", tracking_mode="machine",
             on_cloud="N", pue="1", mlfit_intensity="400", mlfit_intensity_basis="given",
             mlfit_exit_status="0", cpu_count="2", cpu_energy="0", ram_energy="0")
    for k, v in kw.items():
        r[k] = v
    e = float(r["gpu_energy"] or 0) + float(r["cpu_energy"]) + float(r["ram_energy"])
    r["energy_consumed"] = repr(e)
    r["emissions"] = repr(e * 0.4)
    return r


def power_runs(cols):
    runs = [("--model resnet18 --train --samples 5000 --batch 64 --precision fp32", 0.35),
            ("--model resnet18 --train --samples 20000 --batch 64 --precision fp32", 0.55),
            ("--model bert-base --train --samples 3000 --batch 32", 0.70),
            ("--model bert-base --train --samples 8000 --batch 32", 0.85),
            ("--model resnet50 --train --samples 4000 --batch 64 --precision fp32", 1.00)]
    rows = []
    for i, (wl, u) in enumerate(runs):
        t = true_time("nvidia-a100-sxm4-80gb", wl)
        p = 50 + (400 - 50) * 0.7 * u
        rows.append(row(cols, run_id="00000000-0000-4000-8000-%012d" % i, duration=repr(t),
                        gpu_energy=repr(t * p / 3.6e6), gpu_power=repr(p), gpu_count="1",
                        gpu_model="1 x NVIDIA A100-SXM4-80GB",
                        mlfit_gpu_device="nvidia-a100-sxm4-80gb", mlfit_gpu_source="nvml",
                        mlfit_cpu_source="estimated", mlfit_ram_source="estimated",
                        mlfit_gpu_utilisation=repr(u), mlfit_workload=wl))
    return rows


def opcost_runs(cols, degenerate):
    runs = [(2e13, 5e11, 30), (8e13, 1e11, 60), (4e13, 9e11, 20), (1.5e14, 3e11, 120),
            (6e13, 1.2e12, 45), (1e14, 6e11, 90)]
    rows = []
    for i, (macs, byts, t) in enumerate(runs):
        if degenerate:
            byts, t = macs * 0.01, macs * 1e-12
        e = 0.8e-12 * macs + 20e-12 * byts + 10 * t
        rows.append(row(cols, run_id="00000000-0000-4000-9000-%012d" % i, duration=repr(t),
                        gpu_energy=repr(e / 3.6e6), gpu_power=repr(e / t), gpu_count="1",
                        gpu_model="1 x Tesla T4", mlfit_gpu_device="nvidia-t4",
                        mlfit_gpu_source="nvml", mlfit_cpu_source="estimated",
                        mlfit_ram_source="estimated", mlfit_gpu_utilisation="1",
                        mlfit_workload="--model resnet18 --train --samples %d --batch 64" % (1000 * (i + 1)),
                        mlfit_macs=repr(macs), mlfit_bytes=repr(byts)))
    return rows


cols = header()
rows = power_runs(cols) if KIND == "power" else opcost_runs(cols, KIND == "degenerate")
with open(OUT, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
