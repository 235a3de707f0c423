#!/usr/bin/env python3
"""check_cases.py — runs `mlfit estimate` on published training runs.

Usage: check_cases.py accounting|prediction CASES.csv

accounting: for every row with hours (or device-hours), power, PUE and grid
intensity, estimate in accounting mode and compare the facility energy (MWh)
and CO2e (t) with the published figures: within 1 %, or within half a unit
of the last digit the paper printed when it rounded harder than that
(Strubell's "26" lbs, Patterson's "0.04" MWh).

prediction: for every published training run of train_cases.py (LLaMA,
Pythia, GPT-3 device-hours; Megatron-LM, Megatron-Core, MosaicML, NeMo, MLPerf
and Llama 3 throughputs, from calibration-cases.csv and calibration-training.csv
beside CASES.csv), require the published figure inside mlfit's low-high range,
and print the central error.

Prints one line per case; exits 1 if any case fails.
"""
import csv
import json
import math
import os
import subprocess
import sys

MLFIT = os.environ["MLFIT"]
LB = 453.59237

DEVICES = {
    "NVIDIA P100": "nvidia-p100-pcie-16gb",
    "NVIDIA V100": "nvidia-v100-sxm2-32gb",
    "Google TPU v2": "google-tpu-v2",
    "Google TPU v3": "google-tpu-v3",
    "NVIDIA A100-SXM4-80GB": "nvidia-a100-sxm4-80gb",
    "NVIDIA A100-40GB": "nvidia-a100-sxm4-40gb",
}



def mlfit(args):
    r = subprocess.run([MLFIT] + args + ["--format", "json"], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("mlfit %s: %s" % (" ".join(args), r.stderr.strip()))
    return json.loads(r.stdout)


def rounding(published):
    """Half a unit in the last digit the published figure shows."""
    s = published
    if "." in s:
        return 0.5 * 10 ** -len(s.split(".")[1])
    return 0.5


def agrees(got, published_text):
    want = float(published_text)
    return abs(got - want) <= max(0.01 * abs(want), rounding(published_text))


def accounting(rows):
    bad = 0
    for row in rows:
        if not (row["avg_power_w_per_device"] and row["pue"] and row["grid_gco2_per_kwh"]):
            continue
        device = DEVICES[row["hardware"]]
        # device-hours are what the papers compute energy from (LLaMA-65B's
        # 2048 GPUs x "about 21 days" is only approximately its 1,022,362)
        if row["device_hours"]:
            count, hours = "1", row["device_hours"]
        else:
            count, hours = row["device_count"], row["hours_wallclock"]
        strubell = row["case_id"].startswith("strubell19")
        # Strubell converts with 0.954 lbs/kWh; the table's 432.7 g/kWh is that, rounded
        intensity = "0.954 lb/kWh" if strubell else row["grid_gco2_per_kwh"]
        j = mlfit(["estimate", "--device", device, "--count", count, "--hours", hours,
                   "--power", row["avg_power_w_per_device"], "--pue", row["pue"],
                   "--intensity", intensity])
        mwh = j["energy_kwh"]["facility"] / 1000
        t = j["co2e_kg"]["operational"] / 1000
        ok = True
        if row["energy_mwh"]:
            ok &= agrees(mwh, row["energy_mwh"])
        if row["tco2e"]:
            published = row["tco2e"]
            if strubell:
                # Strubell prints whole pounds; the CSV converts them to tonnes
                lbs = t * 1e6 / LB
                ok &= abs(lbs - float(published) * 1e6 / LB) <= max(0.01 * lbs, 0.5 + 1e-9)
            else:
                ok &= agrees(t, published)
        print("%-4s %-38s energy %10.4g MWh (published %s)  CO2e %10.4g t (published %s)"
              % ("ok" if ok else "FAIL", row["case_id"], mwh, row["energy_mwh"], t, row["tco2e"]))
        bad += not ok
    return bad


def prediction(validation_dir):
    """Every published run of train_cases.py inside mlfit's range; the central
    error per case printed (doc/calibration.md carries the table)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import train_cases as tc
    bad = 0
    for c in tc.all_cases(validation_dir):
        j = tc.run(MLFIT, c)
        got = tc.predicted(c, j)
        ok, lo, hi = tc.inside(c, j)
        unit = "device-h" if c["kind"] == "hours" else "%s/s" % c["per"]
        print("%-4s %-38s predicted %9.4g %s (%.4g to %.4g), published %.4g: %+.1f %%  [%s]"
              % ("ok" if ok else "FAIL", c["id"], got, unit, lo, hi, c["published"],
                 100 * (got / c["published"] - 1), j["layout"]["text"]))
        bad += not ok
    return bad


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "prediction":
        sys.exit(1 if prediction(os.path.dirname(path)) else 0)
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    bad = accounting(rows)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
