#!/usr/bin/env python3
"""Generate catalog/devices-<vendor>.xml (maintainer tool; standard library only).

    python3 tools/gen_devices.py [REFERENCE_DIR] [OUTPUT_DIR]

Base figures come from ../shared/reference/hardware-specs.csv (one row per
device; its caveat column becomes a <note>).  The table DEVICES below says,
per device, which row to start from, which sources to cite, which CSV
figures to drop because hardware-specs.csv marks them unverified, and which
figures to add or override (with their own source/note).  Devices that are not
in hardware-specs.csv (V100 SXM2 16GB, H100 NVL, B300, TPU v4i, Inferentia)
are entered here from Epoch AI's dataset or the vendor documents.
"""

import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xmlout import HEADER, attrs, comment, num, text  # noqa: E402
from xmlout import elem, open_tag, note as note_el  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REF = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "reference")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "catalog")

PEAKS = [("fp64", "peak_fp64_tflops", "TFLOP/s"), ("fp32", "peak_fp32_tflops", "TFLOP/s"),
         ("tf32", "peak_tf32_tflops", "TFLOP/s"), ("fp16", "peak_fp16_tflops", "TFLOP/s"),
         ("bf16", "peak_bf16_tflops", "TFLOP/s"), ("fp8", "peak_fp8_tflops", "TFLOP/s"),
         ("int8", "peak_int8_tops", "TOP/s")]

CCF_IDLE = "CCF 'min watts' estimate for this GPU (not a measurement)"
CPU_NOTE = ("Peak FLOP/s are DERIVED (cores x base clock x FLOP/cycle/core), not vendor figures; "
            "sustained AVX-512/AMX clocks can be lower than base. Calibrate with measurements.")
NO_TDP = ("No TDP or power figure is published for this chip, so it has no <tdp>: mlfit will "
          "not estimate its energy by the power method until an overlay supplies one (or a "
          "measured power is given in accounting mode).")

# Each entry: id, file, row (hardware-specs.csv id or None), sources, then optional keys:
#   set:   {field: value}   fields: kind vendor name year process tdp idle memory memory_type
#                           bandwidth interconnect cores price embodied (numbers in the CSV units)
#   drop:  [fields or peak precisions]
#   peaks: {prec: value}    added/overridden peaks (TFLOP/s, or TOP/s for int*)
#   fsrc:  {field: source id}; fnote: {field: note}  (per-figure attribution)
#   pnote: {precision: note}  (note on one peak)
#   notes: [extra notes];  keep_csv_note: bool (default True)
DEVICES = [
    # ------------------------------------------------------------------ NVIDIA
    dict(id="nvidia-k80", file="nvidia", row="nvidia_k80",
         sources=["nvidia-k80-datasheet", "epoch-ml-hardware", "ccf-methodology", "anandtech-k80"],
         fsrc=dict(idle="ccf-methodology", price="anandtech-k80"),
         fnote=dict(idle=CCF_IDLE, price="launch price")),
    dict(id="nvidia-p100-pcie-16gb", file="nvidia", row="nvidia_p100_pcie_16gb",
         sources=["techpowerup-gpudb", "epoch-ml-hardware", "ccf-methodology"],
         fsrc=dict(idle="ccf-methodology", price="epoch-ml-hardware"),
         fnote=dict(idle=CCF_IDLE, price="launch price as listed by Epoch")),
    dict(id="nvidia-p100-sxm2-16gb", file="nvidia", row="nvidia_p100_sxm2",
         sources=["epoch-ml-hardware"], drop=["bandwidth", "interconnect"], keep_csv_note=False,
         notes=["No tensor cores; FP16 = 2 x FP32 vector rate.",
                "Memory bandwidth and NVLink bandwidth left out: hardware-specs.csv had them "
                "only from memory (732 GB/s, 160 GB/s)."]),
    dict(id="nvidia-v100-sxm2-16gb", file="nvidia", row=None,
         sources=["nvidia-v100-datasheet", "techpowerup-gpudb", "epoch-ml-hardware",
                  "ccf-methodology", "llmcarbon"],
         set=dict(kind="gpu", vendor="NVIDIA", name="Tesla V100 SXM2 16GB", year=2017, process=12,
                  tdp=300, idle=35, memory=16, memory_type="HBM2", bandwidth=897,
                  interconnect=300, embodied=9.78),
         peaks=dict(fp64=7.834, fp32=15.67, fp16=125),
         fsrc=dict(idle="ccf-methodology", embodied="llmcarbon", interconnect="epoch-ml-hardware"),
         fnote=dict(idle=CCF_IDLE,
                    embodied="die only (LLMCarbon: 8.15 cm2 x 1.2 kg/cm2 at 12 nm); excludes HBM, "
                             "package, board",
                    interconnect="NVLink 2, 6 links, bidirectional (Epoch intranode bandwidth)"),
         notes=["FP16 = tensor-core mixed precision (FP16 in, FP32 accumulate), dense; Volta has "
                "no sparsity, BF16 or TF32. Used in AWS p3.2xlarge/8xlarge/16xlarge."]),
    dict(id="nvidia-v100-sxm2-32gb", file="nvidia", row="nvidia_v100_sxm2",
         sources=["nvidia-v100-datasheet", "techpowerup-gpudb", "epoch-ml-hardware",
                  "ccf-methodology", "llmcarbon", "microway-v100-price"],
         set=dict(name="Tesla V100 SXM2 32GB", year=2018),
         fsrc=dict(idle="ccf-methodology", price="microway-v100-price", embodied="llmcarbon"),
         fnote=dict(idle=CCF_IDLE, price="list price (Microway price analysis)",
                    embodied="die only (LLMCarbon: 8.15 cm2 x 1.2 kg/cm2 at 12 nm); excludes HBM, "
                             "package, board"),
         notes=["32 GB variant released 2018-03-27 (Epoch); used in AWS p3dn.24xlarge and Azure "
                "ND40rs_v2."]),
    dict(id="nvidia-v100-pcie-16gb", file="nvidia", row="nvidia_v100_pcie",
         sources=["techpowerup-gpudb", "microway-v100-price", "epoch-ml-hardware",
                  "ccf-methodology", "llmcarbon"],
         set=dict(name="Tesla V100 PCIe 16GB", memory=16, embodied=9.78),
         fsrc=dict(idle="ccf-methodology", price="microway-v100-price", embodied="llmcarbon"),
         fnote=dict(idle="CCF V100 'min watts' estimate; not specific to the PCIe card",
                    price="list price (Microway price analysis)",
                    embodied="die only: LLMCarbon's V100 figure (same GV100 die as the SXM2 part)"),
         keep_csv_note=False,
         notes=["FP16 = tensor-core mixed precision, dense. Interconnect = PCIe 3.0 x16. Used in "
                "Azure NCv3."]),
    dict(id="nvidia-t4", file="nvidia", row="nvidia_t4",
         sources=["techpowerup-gpudb", "epoch-ml-hardware", "ccf-methodology"],
         fsrc=dict(idle="ccf-methodology"), fnote=dict(idle=CCF_IDLE),
         pnote=dict(int8="NVIDIA T4 datasheet figure as transcribed in hardware-specs.csv; not in "
                         "Epoch's row")),
    dict(id="nvidia-a10", file="nvidia", row="nvidia_a10",
         sources=["techpowerup-gpudb", "nextplatform-a10", "epoch-ml-hardware"],
         fsrc=dict(price="nextplatform-a10"), fnote=dict(price="press estimate at launch")),
    dict(id="nvidia-a10g", file="nvidia", row="nvidia_a10g",
         sources=["techpowerup-gpudb", "epoch-ml-hardware", "ccf-methodology"],
         fsrc=dict(idle="ccf-methodology"), fnote=dict(idle=CCF_IDLE), keep_csv_note=False,
         notes=["NVIDIA publishes no tensor-core throughput for the A10G (AWS g5); only vector "
                "FP64/FP32 are listed. It is the same GA102 class as the A10 (125 TFLOP/s dense "
                "FP16 tensor), which is an assumption, not a published figure."]),
    dict(id="nvidia-a100-pcie-40gb", file="nvidia", row="nvidia_a100_pcie_40gb",
         sources=["nvidia-a100-datasheet", "techpowerup-gpudb", "epoch-ml-hardware",
                  "ccf-methodology"],
         fsrc=dict(idle="ccf-methodology"), fnote=dict(idle=CCF_IDLE)),
    dict(id="nvidia-a100-pcie-80gb", file="nvidia", row="nvidia_a100_pcie_80gb",
         sources=["nvidia-a100-datasheet", "techpowerup-gpudb", "epoch-ml-hardware",
                  "ccf-methodology"],
         fsrc=dict(idle="ccf-methodology"), fnote=dict(idle=CCF_IDLE)),
    dict(id="nvidia-a100-sxm4-40gb", file="nvidia", row="nvidia_a100_sxm4_40gb",
         sources=["nvidia-a100-datasheet", "techpowerup-gpudb", "nextplatform-a100-price",
                  "epoch-ml-hardware", "antepara-sc25", "ccf-methodology"],
         fsrc=dict(idle="antepara-sc25", price="nextplatform-a100-price"),
         fnote=dict(idle="measured (SC'25 microbenchmarks); CCF's estimate is 46 W",
                    price="analyst estimate")),
    dict(id="nvidia-a100-sxm4-80gb", file="nvidia", row="nvidia_a100_sxm4_80gb",
         sources=["nvidia-a100-datasheet", "techpowerup-gpudb", "epoch-ml-hardware",
                  "ccf-methodology"],
         fsrc=dict(idle="ccf-methodology"), fnote=dict(idle=CCF_IDLE)),
    dict(id="nvidia-l4", file="nvidia", row="nvidia_l4",
         sources=["nvidia-l4-datasheet", "epoch-ml-hardware"]),
    dict(id="nvidia-l40s", file="nvidia", row="nvidia_l40s", sources=["nvidia-l40s"],
         drop=["int8"], keep_csv_note=False,
         notes=["Dense figures; the datasheet headline 366/733/1466 TFLOPS are with 2:4 sparsity. "
                "Figures were read from a stored secondary copy of NVIDIA's page. INT8 left out "
                "(hardware-specs.csv only assumed it equal to FP8). No NVLink."]),
    dict(id="nvidia-h100-pcie-80gb", file="nvidia", row="nvidia_h100_pcie",
         sources=["techpowerup-gpudb", "epoch-ml-hardware", "nvidia-h100-pcie-brief"],
         pnote=dict(fp8="dense FP8 inferred as 2 x BF16", int8="dense INT8 inferred as 2 x BF16")),
    dict(id="nvidia-h100-nvl-94gb", file="nvidia", row=None,
         sources=["epoch-ml-hardware", "nvidia-h100-pcie-brief", "mlco2-impact"],
         set=dict(kind="gpu", vendor="NVIDIA", name="H100 NVL 94GB (PCIe)", year=2024, tdp=400,
                  memory=94, bandwidth=3938),
         peaks=dict(fp16=835.5),
         pnote=dict(fp16="dense (Epoch); half of the 1671 TFLOPS sparse figure in mlco2 gpus.csv"),
         notes=["Used by Azure NC40ads_H100_v5 and NC80adis_H100_v5 (H100 NVL, 94 GB). Memory "
                "type and NVLink-bridge bandwidth not recorded (no stored source)."]),
    dict(id="nvidia-h100-sxm5-80gb", file="nvidia", row="nvidia_h100_sxm5",
         sources=["nvidia-h100-datasheet", "techpowerup-gpudb", "epoch-ml-hardware", "llmcarbon",
                  "semianalysis-ai-server-cost"],
         fsrc=dict(price="semianalysis-ai-server-cost", embodied="llmcarbon"),
         fnote=dict(price="analyst estimate: 269000 USD per 8-GPU DGX H100 / 8 (May 2023)",
                    embodied="die only (LLMCarbon: 8.14 cm2 x 1.8 kg/cm2 at 4 nm)")),
    dict(id="nvidia-h200-sxm-141gb", file="nvidia", row="nvidia_h200_sxm",
         sources=["nvidia-h200-datasheet", "epoch-ml-hardware"]),
    dict(id="nvidia-b200", file="nvidia", row="nvidia_b200",
         sources=["nvidia-b200-datasheet", "epoch-ml-hardware"],
         pnote=dict(fp64="NVIDIA documents differ (31 vs 40 TFLOP/s); Epoch's figure",
                    fp32="NVIDIA documents differ (62 vs 80 TFLOP/s); Epoch's figure")),
    dict(id="nvidia-b300", file="nvidia", row=None,
         sources=["epoch-ml-hardware", "nvidia-blackwell-ultra"],
         set=dict(kind="gpu", vendor="NVIDIA", name="B300 Blackwell Ultra (HGX, per GPU)",
                  year=2025, process=4, tdp=1100, memory=270, memory_type="HBM3e",
                  bandwidth=7700, interconnect=1800),
         peaks=dict(fp64=1.2, fp32=75, tf32=1100, fp16=2250, bf16=2250, fp8=4500, int8=157.5),
         pnote=dict(int8="Blackwell Ultra cuts INT8 throughput; Epoch's dense figure"),
         fnote=dict(memory="usable capacity as listed by Epoch", interconnect="NVLink 5, bidirectional"),
         notes=["All figures dense, from Epoch's B300 row (NVIDIA Blackwell Ultra datasheet). "
                "FP4 dense 13500 TFLOP/s (no FP4 precision in the schema). Used in AWS "
                "p6-b300.48xlarge."]),
    dict(id="nvidia-gb200", file="nvidia", row="nvidia_gb200_per_gpu",
         sources=["nvidia-gb200-nvl2", "epoch-ml-hardware"]),
    dict(id="nvidia-rtx-3090", file="nvidia", row="nvidia_rtx3090",
         sources=["nvidia-ga102-whitepaper", "techpowerup-gpudb", "epoch-ml-hardware",
                  "nvidia-rtx3090-launch"],
         fsrc=dict(price="nvidia-rtx3090-launch"), fnote=dict(price="launch price")),
    dict(id="nvidia-rtx-4090", file="nvidia", row="nvidia_rtx4090",
         sources=["techpowerup-gpudb", "pcgamesn-4090", "epoch-ml-hardware"], drop=["fp8"],
         fsrc=dict(price="pcgamesn-4090"), fnote=dict(price="launch price"),
         keep_csv_note=False,
         notes=["Dense, FP16 accumulate (Epoch). With FP32 accumulate GeForce runs at half rate "
                "(about 165 TFLOP/s). FP8 left out (only assumed equal to INT8)."]),
    dict(id="nvidia-jetson-agx-orin-64gb", file="nvidia", row="nvidia_jetson_agx_orin_64gb",
         sources=["nvidia-jetson-orin"], drop=["bandwidth", "process"], keep_csv_note=False,
         fnote=dict(tdp="highest of the 15-60 W power modes"),
         pnote=dict(int8="DERIVED: NVIDIA's 275 TOPS (GPU + 2 DLA) is with sparsity; halved"),
         notes=["Edge module; memory is shared LPDDR5. Memory bandwidth and process node left "
                "out (hardware-specs.csv had them from memory)."]),
    # ------------------------------------------------------------------ AMD
    dict(id="amd-mi100", file="amd", row="amd_mi100", sources=["amd-mi100-spec"], drop=["price"]),
    dict(id="amd-mi250x", file="amd", row="amd_mi250x",
         sources=["amd-mi250x", "nextplatform-mi250x", "epoch-ml-hardware"],
         fsrc=dict(price="nextplatform-mi250x"), fnote=dict(tdp="AMD peak board power; Epoch lists 500 W",
                                                            price="press estimate")),
    dict(id="amd-mi300x", file="amd", row="amd_mi300x",
         sources=["amd-mi300x-datasheet", "epoch-ml-hardware", "tomshardware-mi300x-price"],
         fsrc=dict(price="tomshardware-mi300x-price"), fnote=dict(price="press estimate (10000-15000 USD)")),
    dict(id="amd-mi325x", file="amd", row="amd_mi325x", sources=["amd-mi325x", "epoch-ml-hardware"]),
    dict(id="amd-epyc-7763", file="amd", row="amd_epyc_7763",
         sources=["codecarbon", "amd-epyc-7763", "ccf-methodology"],
         set=dict(cores=64), fsrc=dict(tdp="codecarbon", idle="ccf-methodology"),
         fnote=dict(idle="DERIVED: CCF EPYC 3rd-gen minimum 0.45 W per vCPU x 128 threads"),
         keep_csv_note=False,
         notes=[CPU_NOTE, "Zen 3: 16 FP64 FLOP/cycle/core (2 x 256-bit FMA)."]),
    dict(id="amd-epyc-9654", file="amd", row="amd_epyc_9654",
         sources=["codecarbon", "wikichip-genoa"], set=dict(cores=96), fsrc=dict(tdp="codecarbon"),
         keep_csv_note=False,
         notes=[CPU_NOTE, "Zen 4 runs AVX-512 on 256-bit datapaths (16 FP64 FLOP/cycle/core); BF16 "
                "via AVX512_BF16 taken as 2 x FP32 (derived). The 2.4 GHz base clock is not "
                "re-checked."]),
    dict(id="amd-epyc-9965", file="amd", row="amd_epyc_9965", sources=["codecarbon"],
         set=dict(cores=192), drop=["bandwidth"], fsrc=dict(tdp="codecarbon"), keep_csv_note=False,
         notes=[CPU_NOTE, "UNVERIFIED assumptions behind the peaks: 2.25 GHz base clock and a full "
                "512-bit FMA datapath (32 FP64 FLOP/cycle/core). Zen 5c CCDs on TSMC N3E."]),
    # ------------------------------------------------------------------ Intel
    dict(id="intel-gaudi2", file="intel", row="intel_gaudi2",
         sources=["intel-gaudi2-whitepaper", "intel-hotchips-2024-gaudi3", "epoch-ml-hardware"]),
    dict(id="intel-gaudi3", file="intel", row="intel_gaudi3",
         sources=["intel-gaudi3-whitepaper", "intel-hotchips-2024-gaudi3", "epoch-ml-hardware",
                  "intel-gaudi3-kit-price"],
         fsrc=dict(price="intel-gaudi3-kit-price"),
         fnote=dict(price="DERIVED: 125000 USD 8-chip kit / 8", tdp="air-cooled OAM; 1200 W liquid")),
    dict(id="intel-max-1550", file="intel", row="intel_max1550",
         sources=["epoch-ml-hardware", "techpowerup-gpudb"]),
    dict(id="intel-xeon-platinum-8380", file="intel", row="intel_xeon_8380",
         sources=["codecarbon", "icelake-press"], set=dict(cores=40), fsrc=dict(tdp="codecarbon"),
         keep_csv_note=False,
         notes=[CPU_NOTE, "32 FP64 FLOP/cycle/core (2 x AVX-512 FMA); INT8 via AVX-512 VNNI "
                "(256 op/cycle/core). No BF16 on Ice Lake."]),
    dict(id="intel-xeon-platinum-8480p", file="intel", row="intel_xeon_8480plus",
         sources=["codecarbon"], set=dict(cores=56), fsrc=dict(tdp="codecarbon"),
         keep_csv_note=False,
         notes=[CPU_NOTE, "AMX: 1024 BF16 FLOP and 2048 INT8 op per cycle per core. The 2.0 GHz "
                "base clock is from memory (not re-checked). Intel 7 process."]),
    dict(id="intel-xeon-6980p", file="intel", row="intel_xeon_6980p",
         sources=["codecarbon", "hwluxx-granite-rapids"], set=dict(cores=128),
         fsrc=dict(tdp="codecarbon"), keep_csv_note=False,
         notes=[CPU_NOTE, "AMX BF16/FP16/INT8. 504 MB L3; all-core turbo 3.2 GHz; MRDIMM-8800 "
                "gives 844.8 GB/s. Compute tiles Intel 3."]),
    # ------------------------------------------------------------------ Google
    dict(id="google-tpu-v1", file="google", row="google_tpu_v1",
         sources=["jouppi-2021-isca", "epoch-ml-hardware"]),
    dict(id="google-tpu-v2", file="google", row="google_tpu_v2",
         sources=["jouppi-2020-cacm", "epoch-ml-hardware", "mlco2-impact"],
         fsrc=dict(tdp="epoch-ml-hardware"),
         notes=["Patterson et al. 2021 report about 221 W average power per TPU v2 chip in use "
                "(as recorded in mlco2 gpus.csv); prefer it to the TDP for energy estimates."]),
    dict(id="google-tpu-v3", file="google", row="google_tpu_v3",
         sources=["google-tpu-system-architecture", "jouppi-2020-cacm", "epoch-ml-hardware",
                  "llmcarbon"],
         fsrc=dict(idle="google-tpu-system-architecture", tdp="epoch-ml-hardware",
                   embodied="llmcarbon"),
         fnote=dict(idle="Google-measured minimum power per chip",
                    embodied="die only (LLMCarbon: 7 cm2 x 1.0 kg/cm2 at 16 nm)"),
         keep_csv_note=False,
         notes=["Dense BF16. Google measured power per chip min/mean/max 123/220/262 W; the mean "
                "(220 W) is better than the 450 W TDP for energy estimates."]),
    dict(id="google-tpu-v4", file="google", row="google_tpu_v4",
         sources=["google-tpu-system-architecture", "epoch-ml-hardware", "llmcarbon"],
         fsrc=dict(idle="google-tpu-system-architecture", tdp="epoch-ml-hardware",
                   embodied="llmcarbon"),
         fnote=dict(idle="Google-measured minimum power per chip",
                    tdp="ESTIMATE (Epoch, from Google's perf/W ratio to TPU v2); not published",
                    embodied="die only (LLMCarbon: 4 cm2 x 1.6 kg/cm2 at 7 nm)"),
         keep_csv_note=False,
         notes=["Dense. Google measured power per chip min/mean/max 90/170/192 W; use the mean "
                "(170 W) rather than the estimated TDP for energy estimates."]),
    dict(id="google-tpu-v4i", file="google", row=None,
         sources=["jouppi-2021-isca", "epoch-ml-hardware"],
         set=dict(kind="tpu", vendor="Google", name="TPU v4i (inference, per chip)", year=2020,
                  process=7, tdp=175, memory=8, bandwidth=614),
         peaks=dict(bf16=138),
         notes=["Inference chip described in Jouppi et al. ISCA 2021; not a cloud product. "
                "Figures from Epoch's row."]),
    dict(id="google-tpu-v5e", file="google", row="google_tpu_v5e",
         sources=["google-tpu-v5e", "epoch-ml-hardware", "semianalysis-tpu"],
         set=dict(tdp=300), fsrc=dict(tdp="semianalysis-tpu"),
         fnote=dict(tdp="ESTIMATE by SemiAnalysis (quoted in Epoch's notes); Google publishes no "
                        "TDP or measured power for v5e"),
         keep_csv_note=False,
         notes=["Dense. ICI 400 GB/s bidirectional per chip (4 ports)."]),
    dict(id="google-tpu-v5p", file="google", row="google_tpu_v5p",
         sources=["google-tpu-v5p", "epoch-ml-hardware"], fsrc=dict(tdp="epoch-ml-hardware"),
         fnote=dict(tdp="ESTIMATE (Epoch, from Google's perf/W ratio to TPU v2); not published")),
    dict(id="google-tpu-v6e", file="google", row="google_tpu_v6e",
         sources=["google-tpu-v6e", "epoch-ml-hardware"], fsrc=dict(tdp="epoch-ml-hardware"),
         fnote=dict(tdp="ESTIMATE (Epoch, from Google's perf/W ratio to TPU v2); not published")),
    dict(id="google-tpu-v7", file="google", row="google_tpu_v7_ironwood",
         sources=["google-ironwood", "epoch-ml-hardware"], fsrc=dict(tdp="epoch-ml-hardware"),
         fnote=dict(tdp="ESTIMATE (Epoch, from Google's perf/W ratio to TPU v2); not published")),
    dict(id="google-edge-tpu", file="google", row="google_edge_tpu",
         sources=["coral-edgetpu-faq"], drop=["memory", "memory_type"], keep_csv_note=False,
         notes=["INT8 only: 4 TOPS at about 2 W (0.5 W per TOPS). On-chip SRAM size (about 8 MB) "
                "is unofficial and left out."]),
    # ------------------------------------------------------------------ AWS
    dict(id="aws-inferentia", file="aws", row=None,
         sources=["aws-neuron-inferentia", "aws-neuron-inf1-arch"],
         set=dict(kind="asic", vendor="AWS (Annapurna)",
                  name="Inferentia (Inf1, per chip, 4 NeuronCore-v1)", year=2019,
                  memory="8 GiB", memory_type="DRAM", bandwidth="50 GiB/s",
                  interconnect="32 GiB/s"),
         peaks=dict(fp16=64, bf16=64, int8=128),
         fsrc=dict(interconnect="aws-neuron-inf1-arch"),
         fnote=dict(interconnect="NeuronLink-v1 device-to-device, per device"),
         notes=["Year = Inf1 launch (December 2019).", NO_TDP]),
    dict(id="aws-inferentia2", file="aws", row="aws_inferentia2",
         sources=["aws-neuron-inferentia2", "aws-neuron-inf2-arch", "epoch-ml-hardware"],
         set=dict(interconnect="192 GiB/s"), drop=["tdp"],
         fsrc=dict(interconnect="aws-neuron-inf2-arch"),
         fnote=dict(interconnect="NeuronLink-v2 device-to-device, per device (inf2.24xlarge/48xlarge)",
                    memory="AWS documents 32 GB (v2.9.1) and 32 GiB (current)"),
         keep_csv_note=False, notes=["Dense. FP8 = cFP8 (configurable FP8).", NO_TDP]),
    dict(id="aws-trainium", file="aws", row="aws_trainium1",
         sources=["aws-neuron-trainium", "epoch-ml-hardware"],
         drop=["interconnect", "tdp"], peaks=dict(fp8=190, int8=380),
         pnote=dict(fp8="cFP8 (configurable FP8), same rate as BF16 per AWS docs",
                    int8="current AWS docs; the v2.9.1 docs said 420 TOPS"),
         keep_csv_note=False,
         notes=["Dense. Two NeuronCore-v2 per chip; 16 chips per trn1.32xlarge. NeuronLink-v2 "
                "chip-to-chip bandwidth not recorded (hardware-specs.csv's 384 GB/s has no "
                "stored source).", NO_TDP]),
    dict(id="aws-trainium2", file="aws", row="aws_trainium2",
         sources=["aws-neuron-trainium2", "semianalysis-trainium2", "epoch-ml-hardware"],
         fsrc=dict(tdp="semianalysis-trainium2"),
         fnote=dict(tdp="ESTIMATE (SemiAnalysis, via Epoch); not published by AWS")),
    dict(id="aws-trainium3", file="aws", row="aws_trainium3",
         sources=["aws-neuron-trainium3", "epoch-ml-hardware"], drop=["process"],
         fsrc=dict(tdp="epoch-ml-hardware"),
         fnote=dict(tdp="ESTIMATE (Epoch, citing SemiAnalysis); not published by AWS"),
         keep_csv_note=False,
         notes=["FP8 figure is MXFP8 dense. Newest part; verify before relying on it. Process "
                "node left out (unverified)."]),
    dict(id="aws-graviton3", file="aws", row="aws_graviton3",
         sources=["graviton-press", "ccf-coefficients"], set=dict(tdp=108, cores=64),
         fsrc=dict(tdp="ccf-coefficients"),
         fnote=dict(tdp="PROXY, not published: CCF's Graviton/Graviton2 maximum 1.693 W per vCPU "
                        "(SPECpower-derived) x 64 vCPU"),
         keep_csv_note=False,
         notes=[CPU_NOTE, "Neoverse V1: 2 x 256-bit SVE, 16 FP64 FLOP/cycle/core. 55 billion "
                "transistors, 7 chiplets."]),
    dict(id="aws-graviton4", file="aws", row="aws_graviton4",
         sources=["graviton4-press", "ccf-coefficients"], set=dict(tdp=163, cores=96),
         drop=["process"], fsrc=dict(tdp="ccf-coefficients"),
         fnote=dict(tdp="PROXY, not published: CCF's Graviton/Graviton2 maximum 1.693 W per vCPU "
                        "x 96 vCPU"),
         keep_csv_note=False,
         notes=[CPU_NOTE, "Neoverse V2: 4 x 128-bit SVE2, 16 FP64 FLOP/cycle/core. The 2.8 GHz "
                "clock behind the peaks and the 4 nm node are unverified (node left out)."]),
    # ------------------------------------------------------------------ others
    dict(id="qualcomm-cloud-ai100-standard", file="other", row="qualcomm_cloud_ai100_std",
         sources=["qualcomm-cloud-ai100"]),
    dict(id="qualcomm-cloud-ai100-ultra", file="other", row="qualcomm_cloud_ai100_ultra",
         sources=["qualcomm-cloud-ai100"]),
    dict(id="groq-lpu-v1", file="other", row="groq_lpu_v1",
         sources=["groq-productbrief", "epoch-ml-hardware"], fsrc=dict(tdp="epoch-ml-hardware")),
    dict(id="huawei-ascend-910", file="other", row="huawei_ascend_910",
         sources=["huawei-hotchips31", "epoch-ml-hardware"]),
    dict(id="ampere-altra-q80-30", file="other", row="ampere_altra_q80_30",
         sources=["altra-press"], set=dict(cores=80), keep_csv_note=False,
         notes=[CPU_NOTE, "Neoverse N1: 2 x 128-bit NEON FMA, 8 FP64 FLOP/cycle/core; Ampere rates "
                "the 3.0 GHz clock as sustained under full SIMD load. Q80-33: 250 W."]),
]

# Eyeriss v1 is written by hand below (per-operation energies).
EYERISS_MAC_PJ = 1.5          # Horowitz 2014, 45 nm: 16-bit FP multiply 1.1 + add 0.4 pJ
EYERISS_LEVELS = [("rf", 1), ("noc", 2), ("sram", 6), ("dram", 200)]

FILES = {
    "nvidia": "NVIDIA GPUs (data-centre, consumer and edge)",
    "amd": "AMD Instinct accelerators and EPYC server CPUs",
    "intel": "Intel Gaudi, Data Center GPU Max and Xeon server CPUs",
    "google": "Google TPUs (cloud and edge)",
    "aws": "AWS (Annapurna Labs) Inferentia, Trainium and Graviton",
    "other": "Other vendors and research chips (Qualcomm, Groq, Huawei, Ampere, MIT Eyeriss)",
}


def load_rows():
    with open(os.path.join(REF, "hardware-specs.csv"), encoding="utf-8") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def fval(s):
    s = (s or "").strip()
    return float(s) if s else None


def base_from_row(r):
    b = dict(kind=r["kind"], vendor=r["vendor"], name=r["name"], year=int(r["year"]),
             process=fval(r["process_nm"]), tdp=fval(r["tdp_w"]), idle=fval(r["idle_w"]),
             memory=fval(r["mem_gb"]), memory_type=r["mem_type"] or None,
             bandwidth=fval(r["mem_bw_gbs"]), interconnect=fval(r["interconnect_gbs"]),
             price=fval(r["approx_list_price_usd"]), embodied=fval(r["embodied_kgco2e"]))
    peaks = {p: fval(r[col]) for p, col, _ in PEAKS if fval(r[col]) is not None}
    return b, peaks, r["dense_or_sparse_note"].strip()


UNITS = dict(process="nm", tdp="W", idle="W", memory="GB", bandwidth="GB/s",
             interconnect="GB/s", price="USD", embodied="kg")


def qty(field, v):
    if isinstance(v, str):
        return v
    return f"{num(v)} {UNITS[field]}"


def device_xml(d, rows):
    if d["row"]:
        b, peaks, csv_note = base_from_row(rows[d["row"]])
    else:
        b, peaks, csv_note = {k: None for k in UNITS}, {}, ""
        b.update(kind=None, vendor=None, name=None, year=None, memory_type=None)
    b.update(d.get("set", {}))
    for k in d.get("drop", []):
        if k in peaks:
            del peaks[k]
        else:
            b[k] = None
    peaks.update(d.get("peaks", {}))
    fsrc, fnote, pnote = d.get("fsrc", {}), d.get("fnote", {}), d.get("pnote", {})

    def el(tag, field, value):
        return elem("    ", tag, value, source=fsrc.get(field), note=fnote.get(field))

    o = [open_tag("  ", "device", id=d["id"], kind=b["kind"], sources=" ".join(d["sources"]))]
    o.append(f"    <vendor>{text(b['vendor'])}</vendor>")
    o.append(f"    <name>{text(b['name'])}</name>")
    o.append(f"    <year>{b['year']}</year>")
    for field, tag in [("process", "process"), ("tdp", "tdp"), ("idle", "idle"),
                       ("memory", "memory")]:
        if b.get(field) is not None:
            o.append(el(tag, field, qty(field, b[field])))
    if b.get("memory_type"):
        o.append(f"    <memory-type>{text(b['memory_type'])}</memory-type>")
    if b.get("bandwidth") is not None:
        o.append(el("bandwidth", "bandwidth", qty("bandwidth", b["bandwidth"])))
    for p, _, u in PEAKS + [("int16", None, "TOP/s"), ("int4", None, "TOP/s")]:
        if p in peaks:
            o.append(elem("    ", "peak", f"{num(peaks[p])} {u}", precision=p, note=pnote.get(p)))
    for field in ("interconnect",):
        if b.get(field) is not None:
            o.append(el(field, field, qty(field, b[field])))
    if b.get("cores"):
        o.append(f"    <cores>{b['cores']}</cores>")
    for field in ("price", "embodied"):
        if b.get(field) is not None:
            o.append(el(field, field, qty(field, b[field])))
    notes = []
    if csv_note and d.get("keep_csv_note", True):
        notes.append(csv_note.replace("idle_w", "idle"))
    notes += d.get("notes", [])
    for n in notes:
        o.append(note_el(n, "    "))
    o.append("  </device>")
    return o


def eyeriss_xml():
    e = EYERISS_MAC_PJ
    o = [open_tag("  ", "device", id="mit-eyeriss-v1", kind="asic",
                  sources="chen-2017-jssc chen-2016-isca sze-2017-tutorial horowitz-2014"),
         "    <vendor>MIT (research)</vendor>",
         "    <name>Eyeriss v1 (ISSCC 2016 / JSSC 2017)</name>",
         "    <year>2016</year>",
         "    <process>65 nm</process>",
         elem("    ", "tdp", "0.278 W", source="chen-2017-jssc",
              note="no TDP published: measured chip power on the AlexNet convolution layers at "
                   "200 MHz, batch 4 (VGG-16: 236 mW)"),
         "    <note>Memory: a 108 KB on-chip global buffer (SRAM) and per-PE scratchpads; "
         "weights and activations stream from off-chip DRAM, so there is no device memory that "
         "a model must fit in (no &lt;memory&gt; here).</note>",
         "    <memory-type>on-chip SRAM global buffer + per-PE scratchpads; off-chip DRAM"
         "</memory-type>",
         elem("    ", "peak", "0.0672 TOP/s", precision="int16",
              note="DERIVED: 168 PEs x 1 MAC x 2 op x 0.2 GHz"),
         elem("    ", "mac-energy", f"{num(e)} pJ", precision="int16", source="horowitz-2014",
              note="one 16-bit MAC taken as Horowitz 45 nm 16-bit multiply 1.1 pJ + add 0.4 pJ; "
                   "the unit (1x) of the Eyeriss normalised cost table")]
    for level, mult in EYERISS_LEVELS:
        o.append(elem("    ", "access-energy", f"{num(mult * e / 2)} pJ/B", level=level,
                      source="chen-2016-isca",
                      note=f"{mult}x the MAC energy per 16-bit access = {num(mult * e)} pJ "
                           f"per 2 bytes"))
    for n in ["168 processing elements, 16-bit fixed point, 200 MHz, 65 nm CMOS. AlexNet "
              "CONV layers: 34.7 frames/s at 278 mW; 0.0029 DRAM accesses per MAC.",
              "Per-operation energies: Eyeriss publishes costs normalised to one MAC (register "
              "file 1x, inter-PE network 2x, global buffer 6x, DRAM 200x per 16-bit access, from a "
              "commercial 65 nm process). They are converted to pJ here with Horowitz's 45 nm "
              "16-bit MAC (1.5 pJ); each access moves 2 bytes, so pJ/B = multiple x 1.5 / 2. The "
              "absolute values are therefore an approximation (45 nm floating-point MAC for a "
              "65 nm fixed-point chip); the ratios are Eyeriss's own.",
              "Chip-level check: 278 mW / 67.2 GOP/s peak is about 4 pJ per 16-bit op "
              "including all on-chip data movement and static power."]:
        o.append(note_el(n, "    "))
    o.append("  </device>")
    return o


def main():
    rows = load_rows()
    ids = [d["id"] for d in DEVICES] + ["mit-eyeriss-v1"]
    assert len(ids) == len(set(ids)), "duplicate device ids"
    for f, title in FILES.items():
        out = [HEADER.rstrip("\n"),
               comment(f"{title}. Generated by tools/gen_devices.py from "
                       "../shared/reference/hardware-specs.csv and the table in that script, then "
                       "curated. All tensor/matrix peaks are DENSE; fp64/fp32 are vector rates "
                       "unless noted."),
               '<catalog version="1">']
        for d in DEVICES:
            if d["file"] == f:
                out += device_xml(d, rows)
        if f == "other":
            out += eyeriss_xml()
        out.append("</catalog>")
        with open(os.path.join(OUT, f"devices-{f}.xml"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(out) + "\n")
    print(f"{len(ids)} devices", file=sys.stderr)


if __name__ == "__main__":
    main()
