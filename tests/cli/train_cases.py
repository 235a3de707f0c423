#!/usr/bin/env python3
"""train_cases.py — published training runs as mlfit estimates.

Each case is one published run or benchmark (../shared/validation/
calibration-cases.csv and calibration-training.csv, and Llama 3 Table 4)
turned into `mlfit estimate` arguments and the published figure to compare:

  kind "hours"  whole runs: device-hours, the goodput included;
  kind "rate"   throughput benchmarks: tokens (or samples) per second over
                the step, so the goodput is not applied (a benchmark has no
                restarts).

Shared by check_cases.py (make check) and tools/calibrate-train.py (the fit
and the leave-one-out tables in doc/calibration.md).
"""
import csv
import json
import os
import subprocess

GPT3_V = 50257

# Published shapes (layers, width, heads, vocab) of the models whose papers give them.
MEGATRON21 = {  # Narayanan et al. 2021 Table 1: (layers, hidden, heads, TP, PP)
    "trn-megatron21-gpt-1.7b-a100x32": (24, 2304, 24, 1, 1),
    "trn-megatron21-gpt-145b-a100x1536": (80, 12288, 96, 8, 8),
    "trn-megatron21-gpt-1t-a100x3072": (128, 25600, 160, 8, 64),
}
MCORE = {  # Megatron-LM README model table (H100): (layers, hidden, heads)
    "trn-mcore-gpt-1.7b-h100x48": (24, 2048, 16),
    "trn-mcore-gpt-177b-h100x2304": (96, 12288, 96),
    "trn-mcore-gpt-462b-h100x6144": (112, 18432, 144),
}
DEVICE = {
    "NVIDIA A100": "nvidia-a100-sxm4-80gb",
    "NVIDIA A100 80GB": "nvidia-a100-sxm4-80gb",
    "NVIDIA A100 40GB": "nvidia-a100-sxm4-40gb",
    "NVIDIA A100-SXM4-80GB": "nvidia-a100-sxm4-80gb",
    "NVIDIA A100-40GB": "nvidia-a100-sxm4-40gb",
    "NVIDIA H100": "nvidia-h100-sxm5-80gb",
    "NVIDIA H100 80GB": "nvidia-h100-sxm5-80gb",
    "NVIDIA H100 (DGX-H100)": "nvidia-h100-sxm5-80gb",
    "NVIDIA H100-SXM5-80GB": "nvidia-h100-sxm5-80gb",
    "NVIDIA Blackwell GPU (B200-SXM-180GB)": "nvidia-b200",
    "NVIDIA V100": "nvidia-v100-sxm2-32gb",
    "TPU-v5e": "google-tpu-v5e",
    "TPU-trillium": "google-tpu-v6e",
}


def generation(device):
    """The efficiency parameter a device takes (the dash-prefix rule of est_kind_param)."""
    for prefix in ("nvidia-a100", "nvidia-h100", "nvidia-h200", "nvidia-b200", "nvidia-v100",
                   "google-tpu-v5e", "google-tpu-v6e"):
        if device.startswith(prefix):
            return prefix
    return device


def shape_args(layers, width, heads, seq, vocab):
    return ["--n-layers", str(layers), "--width", str(width), "--heads", str(heads),
            "--context", str(seq), "--vocab", str(vocab)]


def case(cid, device, count, args, kind, published, source, per=None):
    return {"id": cid, "device": device, "count": int(count), "args": args, "kind": kind,
            "published": float(published), "source": source, "per": per,
            "generation": generation(device)}


def whole_runs(path):
    """LLaMA, Pythia and GPT-3 (calibration-cases.csv): device-hours from 6·N·D."""
    out = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            cid = r["case_id"]
            if not r["train_tokens_or_samples"] or not r["params"] or not r["device_hours"]:
                continue
            if cid.startswith("touvron23-llama1"):
                # LLaMA section 2.4: 2048 GPUs, 4M-token batches, 2048-token context
                count, batch = 2048, 4 * 1024 * 1024
            elif cid.startswith("biderman23"):
                # Pythia Table 5: the GPU count; 1024 sequences of 2048 tokens
                count, batch = int(r["device_count"]), 1024 * 2048
            elif cid == "patterson21-t4-gpt3-175b":
                # Brown et al. 2020 Table 2.1: 3.2M-token batches, context 2048
                count, batch = int(r["device_count"]), 3.2e6
            else:
                continue
            dev = DEVICE[r["hardware"]]
            args = ["--params", r["params"], "--tokens", r["train_tokens_or_samples"],
                    "--seq", "2048", "--batch-tokens", "%.0f" % batch]
            out.append(case(cid, dev, count, args, "hours", r["device_hours"], r["source"]))
    return out


def megatron_tokens_per_s(tflops, layers, h, s, vocab, recompute):
    """Narayanan et al. 2021 eq. 3 FLOPs per token (96 with recomputation, 72 without)."""
    k = 96 if recompute else 72
    per_token = k * layers * h * h * (1 + s / (6 * h) + vocab / ((16 if recompute else 12) * layers * h))
    return tflops * 1e12 / per_token


def benchmarks(path):
    out = []
    with open(path, newline="") as f:
        rows = {r["case_id"]: r for r in csv.DictReader(f)}
    for cid, (layers, h, heads, tp, pp) in MEGATRON21.items():
        r = rows[cid]
        n, s, b = int(r["accelerator_count"]), int(r["seq_len"]), int(r["global_batch"])
        args = shape_args(layers, h, heads, s, 51200) + [
            "--batch", str(b), "--tokens", "1e12", "--recompute", "full",
            "--layout", "%dx%dx%d" % (tp, pp, n // (tp * pp))]
        rate = megatron_tokens_per_s(float(r["throughput"]), layers, h, s, 51200, True) * n
        out.append(case(cid, DEVICE[r["accelerator"]], n, args, "rate", rate, r["source"], "tokens"))
    for cid, (layers, h, heads) in MCORE.items():
        r = rows[cid]
        n, s, b = int(r["accelerator_count"]), int(r["seq_len"]), int(r["global_batch"])
        tp, pp = int(r["tp"]), int(r["pp"])
        args = shape_args(layers, h, heads, s, 131072) + [
            "--batch", str(b), "--tokens", "1e12", "--layout", "%dx%dx%d" % (tp, pp, n // (tp * pp))]
        rate = megatron_tokens_per_s(float(r["throughput"]), layers, h, s, 131072, False) * n
        out.append(case(cid, DEVICE[r["accelerator"]], n, args, "rate", rate, r["source"], "tokens"))
    for cid, r in rows.items():
        if r["source_kind"] == "mosaic":
            n, s, b = int(r["accelerator_count"]), int(r["seq_len"]), int(r["global_batch"])
            full = "activation checkpointing True" in r["notes"]
            args = ["--params", r["params"], "--seq", str(s), "--batch", str(b), "--tokens", "1e12",
                    "--layout", "1x1x%d" % n, "--recompute", "full" if full else "none"]
            out.append(case(cid, DEVICE[r["accelerator"]], n, args, "rate",
                            float(r["throughput"]) * n, r["source"], "tokens"))
        elif r["source_kind"] == "nemo":
            n, s, b = int(r["accelerator_count"]), int(r["seq_len"]), int(r["global_batch"])
            tp, pp = int(r["tp"]), int(r["pp"])
            args = ["--params", r["params"], "--seq", str(s), "--batch", str(b), "--tokens", "1e12",
                    "--precision", "fp8", "--layout", "%dx%dx%d" % (tp, pp, n // (tp * pp))]
            out.append(case(cid, DEVICE[r["accelerator"]], n, args, "rate",
                            float(r["throughput"]) * n, r["source"], "tokens"))
        elif r["source_kind"] == "mlperf" and "gpt3" in cid:
            n, s, b = int(r["accelerator_count"]), int(r["seq_len"]), int(r["global_batch"])
            tokens = float(r["samples_or_epochs"].split()[0].replace(",", ""))
            if r["throughput"]:
                rate = float(r["throughput"])
            else:
                rate = tokens / (float(r["time_to_train_min"]) * 60)
            dev = DEVICE[r["accelerator"]]
            args = shape_args(96, 12288, 96, s, GPT3_V) + ["--batch", str(b), "--tokens", "1e12"]
            if r["precision"].startswith("fp8"):
                args += ["--precision", "fp8"]
            if r["tp"] and r["pp"]:
                tp, pp = int(r["tp"]), int(r["pp"])
                args += ["--layout", "%dx%dx%d" % (tp, pp, n // (tp * pp))]
            out.append(case(cid, dev, n, args, "rate", rate, r["source"], "tokens"))
    return out


def llama3():
    """Dubey et al. 2024 Table 4: Llama 3 405B (126 layers, width 16384, 128 heads, vocab
    128256), sequences of 8192, 16M-token batches, TP 8 x PP 16; 430 / 400 TFLOP/s per GPU."""
    out = []
    for n, dp, tflops in ((8192, 64, 430), (16384, 128, 400)):
        layers, h, s, v = 126, 16384, 8192, 128256
        args = shape_args(layers, h, 128, s, v) + [
            "--batch", "2048", "--tokens", "1e12", "--layout", "8x16x%d" % dp]
        per_token = 6 * (12 * layers * h * h + v * h) + 12 * layers * h * s
        out.append(case("dubey24-llama3-405b-h100x%d" % n, "nvidia-h100-sxm5-80gb", n, args, "rate",
                        tflops * 1e12 / per_token * n,
                        "Dubey et al. 2024 (Llama 3) arXiv:2407.21783 Table 4", "tokens"))
    return out


def all_cases(validation_dir):
    return (whole_runs(os.path.join(validation_dir, "calibration-cases.csv")) +
            benchmarks(os.path.join(validation_dir, "calibration-training.csv")) + llama3())


def run(mlfit, c, extra=()):
    cmd = [mlfit, "estimate"] + c["args"] + ["--train", "--device", c["device"], "--count",
                                             str(c["count"]), "--format", "json"] + list(extra)
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(cmd), r.stderr.strip()))
    return json.loads(r.stdout)


def predicted(c, j, end="value"):
    """The quantity to compare with the published one, at an end of the range."""
    if c["kind"] == "hours":
        t = {"value": j["time_s"], "low": j["time_s_low"], "high": j["time_s_high"]}[end]
        return t * c["count"] / 3600
    step = {"value": j["step_s"], "low": j["step_s_low"], "high": j["step_s_high"]}[end]
    return j["global_batch"] * j["seq"] / step


def inside(c, j):
    """Whether the published figure lies inside the predicted range."""
    if c["kind"] == "hours":
        lo, hi = predicted(c, j, "low"), predicted(c, j, "high")
    else:
        # a short step is a high rate
        lo, hi = predicted(c, j, "high"), predicted(c, j, "low")
    return lo <= c["published"] <= hi, lo, hi


def cnn_generation(device):
    """The efficiency.train-other parameter a device takes (dash-prefix rule)."""
    for prefix in ("nvidia-a100", "nvidia-h100", "nvidia-v100", "google-tpu-v4"):
        if device.startswith(prefix):
            return prefix
    return device


def cnn_cases(validation_dir):
    """Published ResNet-50 runs (calibration-cnn.csv) as mlfit estimates: throughput
    benchmarks over one long epoch (so the per-epoch overhead does not count), and
    wall times on the canonical ImageNet-1k with the throughput logged by the same runs:
    DeepLearningExamples' 90 epochs (eager) and MLPerf's time to train (optimized).
    role "fit" rows calibrate, "check" rows (MLPerf at 64 to 3,584 devices) are out of
    sample."""
    out = []
    with open(os.path.join(validation_dir, "calibration-cnn.csv"), newline="") as f:
        for r in csv.DictReader(f):
            args = [r["model"], "--batch", r["global_batch"]]
            if r["runtime"] != "default":
                args += ["--runtime", r["runtime"]]
            if r["kind"] == "rate":
                args += ["--samples", "1e10"]
                c = case(r["case_id"], r["device"], r["count"], args, "rate", r["published"],
                         r["source"], "images")
            else:
                args += ["--epochs", r["epochs"]]
                # device-hours: the wall time on every device (MLPerf gives minutes)
                wall_h = float(r["published"]) / (60 if r["kind"] == "minutes" else 1)
                c = case(r["case_id"], r["device"], r["count"], args, "hours",
                         wall_h * int(r["count"]), r["source"])
                c["epochs"] = float(r["epochs"])
                c["wall_s"] = wall_h * 3600
                c["logged_rate"] = float(r["logged_rate"])
            c["role"] = r.get("role") or "fit"
            c["generation"] = cnn_generation(r["device"])
            c["runtime"] = r["runtime"]
            out.append(c)
    return out
