#!/usr/bin/env python3
"""Generate catalog/aws.xml, catalog/gcp.xml and catalog/azure.xml (maintainer tool).

    python3 tools/gen_providers.py [REFERENCE_DIR] [OUTPUT_DIR]

Standard library only, no network.  Inputs (../shared/reference):
  cloud-sites.csv                 regions: country, grid intensity, CFE, site PUE
  prices/accelerator-prices.csv   SkyPilot catalog prices (see prices/README.md)

The instance types kept, the device each one carries, bandwidths with their
sources, and the corrections to suspicious GCP rows are tables in this file.
Corrections come from Google's Cloud Billing Catalog as extracted by
Cyclenerd/google-cloud-pricing-cost-calculator (pricing.yml @0166a59e, generated
2025-03-06) and, for H200, from the tanod/cloud-gpu-list-prices dataset; the
values below were transcribed by hand from those files.
"""

import csv
import os
import sys
from collections import OrderedDict, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xmlout import HEADER, attrs, comment, num, text  # noqa: E402
from xmlout import elem, open_tag, note as note_el  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REF = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "reference")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "catalog")

PRICE_DATE = "2025"

# ---------------------------------------------------------------------------- regions
EXTRA_REGIONS = {  # AWS regions that appear in the price file but not in cloud-sites.csv
    "aws": [
        ("ap-southeast-3", "Asia Pacific (Jakarta)", "Jakarta", "ID"),
        ("ap-southeast-4", "Asia Pacific (Melbourne)", "Melbourne", "AU"),
        ("eu-south-2", "Europe (Spain)", "Aragon", "ES"),
        ("me-central-1", "Middle East (UAE)", "UAE", "AE"),
    ],
}

ZONES = {  # region -> grid zone in data/grid.xml
    ("aws", "us-east-1"): "US-SERC", ("aws", "us-east-2"): "US-RFC",
    ("aws", "us-west-1"): "US-WECC", ("aws", "us-west-2"): "US-WECC",
    ("aws", "ca-central-1"): "CA-QC", ("aws", "eu-north-1"): "SE3",
    ("aws", "ap-southeast-2"): "AU-NSW", ("aws", "ap-southeast-4"): "AU-VIC",
    ("azure", "eastus"): "US-SERC", ("azure", "eastus2"): "US-SERC",
    ("azure", "centralus"): "US-MRO", ("azure", "northcentralus"): "US-RFC",
    ("azure", "southcentralus"): "US-TRE", ("azure", "westcentralus"): "US-WECC",
    ("azure", "westus"): "US-WECC", ("azure", "westus2"): "US-WECC",
    ("azure", "westus3"): "US-WECC", ("azure", "canadacentral"): "CA-ON",
    ("azure", "canadaeast"): "CA-QC", ("azure", "norwayeast"): "NO1",
    ("azure", "australiaeast"): "AU-NSW",
    ("gcp", "us-central1"): "US-IA", ("gcp", "us-central2"): "US-OK",
    ("gcp", "us-east1"): "US-SC", ("gcp", "us-east4"): "US-VA", ("gcp", "us-east5"): "US-OH",
    ("gcp", "us-south1"): "US-TX", ("gcp", "us-west1"): "US-OR", ("gcp", "us-west2"): "US-CA",
    ("gcp", "us-west3"): "US-UT", ("gcp", "us-west4"): "US-NV",
    ("gcp", "northamerica-northeast1"): "CA-QC", ("gcp", "northamerica-northeast2"): "CA-ON",
    ("gcp", "europe-north2"): "SE3", ("gcp", "australia-southeast1"): "AU-NSW",
    ("gcp", "australia-southeast2"): "AU-VIC",
}

# ---------------------------------------------------------------------------- instances
# (instance type, device id, device count, extras); extras: intra/inter = (value, source, note),
# notes = [...], embodied = (value, source, note), sources = [...] (added to the price source)
NV = "NVLink per GPU, bidirectional (device figure)"
CCF_EMB = "CCF whole host platform (base, memory, storage, CPUs, GPUs); not scaled to the instance"

AWS = [
    ("p3.2xlarge", "nvidia-v100-sxm2-16gb", 1, {}),
    ("p3.8xlarge", "nvidia-v100-sxm2-16gb", 4, dict(intra=("300 GB/s", "epoch-ml-hardware", NV))),
    ("p3.16xlarge", "nvidia-v100-sxm2-16gb", 8, dict(
        intra=("300 GB/s", "epoch-ml-hardware", NV),
        embodied=("3543.79 kg", "ccf-coefficients", CCF_EMB))),
    ("p3dn.24xlarge", "nvidia-v100-sxm2-32gb", 8, dict(
        intra=("300 GB/s", "epoch-ml-hardware", NV),
        embodied=("3543.79 kg", "ccf-coefficients", CCF_EMB))),
    ("p4d.24xlarge", "nvidia-a100-sxm4-40gb", 8, dict(
        intra=("600 GB/s", "epoch-ml-hardware", NV),
        inter=("400 Gb/s", "aws-capacity-blocks-pricing", "EFA, 4 x 100 Gb/s"),
        embodied=("4676.79 kg", "ccf-coefficients", CCF_EMB))),
    ("p4de.24xlarge", "nvidia-a100-sxm4-80gb", 8, dict(
        intra=("600 GB/s", "epoch-ml-hardware", NV))),
    ("p5.4xlarge", "nvidia-h100-sxm5-80gb", 1, {}),
    ("p5.48xlarge", "nvidia-h100-sxm5-80gb", 8, dict(
        intra=("900 GB/s", "epoch-ml-hardware", NV),
        inter=("3200 Gb/s", "aws-capacity-blocks-pricing", "EFA"))),
    ("p5en.48xlarge", "nvidia-h200-sxm-141gb", 8, dict(
        intra=("900 GB/s", "epoch-ml-hardware", NV),
        inter=("3200 Gb/s", "aws-capacity-blocks-pricing",
               "EFA; the page lists 3200 Gigabit for its 8 x H200 instance"))),
    ("p6-b200.48xlarge", "nvidia-b200", 8, dict(intra=("1800 GB/s", "epoch-ml-hardware", NV))),
    ("p6-b300.48xlarge", "nvidia-b300", 8, dict(intra=("1800 GB/s", "epoch-ml-hardware", NV))),
    ("g4dn.xlarge", "nvidia-t4", 1, {}), ("g4dn.2xlarge", "nvidia-t4", 1, {}),
    ("g4dn.4xlarge", "nvidia-t4", 1, {}), ("g4dn.8xlarge", "nvidia-t4", 1, {}),
    ("g4dn.16xlarge", "nvidia-t4", 1, {}), ("g4dn.12xlarge", "nvidia-t4", 4, {}),
    ("g4dn.metal", "nvidia-t4", 8, dict(embodied=("3010.79 kg", "ccf-coefficients", CCF_EMB))),
    ("g5.xlarge", "nvidia-a10g", 1, {}), ("g5.2xlarge", "nvidia-a10g", 1, {}),
    ("g5.4xlarge", "nvidia-a10g", 1, {}), ("g5.8xlarge", "nvidia-a10g", 1, {}),
    ("g5.16xlarge", "nvidia-a10g", 1, {}), ("g5.12xlarge", "nvidia-a10g", 4, {}),
    ("g5.24xlarge", "nvidia-a10g", 4, {}), ("g5.48xlarge", "nvidia-a10g", 8, {}),
    ("g6.xlarge", "nvidia-l4", 1, {}), ("g6.2xlarge", "nvidia-l4", 1, {}),
    ("g6.4xlarge", "nvidia-l4", 1, {}), ("g6.8xlarge", "nvidia-l4", 1, {}),
    ("g6.16xlarge", "nvidia-l4", 1, {}), ("g6.12xlarge", "nvidia-l4", 4, {}),
    ("g6.24xlarge", "nvidia-l4", 4, {}), ("g6.48xlarge", "nvidia-l4", 8, {}),
    ("g6e.xlarge", "nvidia-l40s", 1, {}), ("g6e.2xlarge", "nvidia-l40s", 1, {}),
    ("g6e.4xlarge", "nvidia-l40s", 1, {}), ("g6e.8xlarge", "nvidia-l40s", 1, {}),
    ("g6e.16xlarge", "nvidia-l40s", 1, {}), ("g6e.12xlarge", "nvidia-l40s", 4, {}),
    ("g6e.24xlarge", "nvidia-l40s", 4, {}), ("g6e.48xlarge", "nvidia-l40s", 8, {}),
    ("inf1.xlarge", "aws-inferentia", 1, dict(inter=("25 Gb/s", "aws-neuron-inf1-arch", "up to"))),
    ("inf1.2xlarge", "aws-inferentia", 1, dict(inter=("25 Gb/s", "aws-neuron-inf1-arch", "up to"))),
    ("inf1.6xlarge", "aws-inferentia", 4, dict(
        intra=("32 GiB/s", "aws-neuron-inf1-arch", "NeuronLink-v1 per device"),
        inter=("25 Gb/s", "aws-neuron-inf1-arch", None))),
    ("inf1.24xlarge", "aws-inferentia", 16, dict(
        intra=("32 GiB/s", "aws-neuron-inf1-arch", "NeuronLink-v1 per device"),
        inter=("100 Gb/s", "aws-neuron-inf1-arch", None),
        embodied=("1344.29 kg", "ccf-coefficients",
                  CCF_EMB + "; CCF adds nothing for the Inferentia chips"))),
    ("inf2.xlarge", "aws-inferentia2", 1, {}), ("inf2.8xlarge", "aws-inferentia2", 1, {}),
    ("inf2.24xlarge", "aws-inferentia2", 6, dict(
        intra=("192 GiB/s", "aws-neuron-inf2-arch", "NeuronLink-v2 per device"))),
    ("inf2.48xlarge", "aws-inferentia2", 12, dict(
        intra=("192 GiB/s", "aws-neuron-inf2-arch", "NeuronLink-v2 per device"))),
    ("trn1.2xlarge", "aws-trainium", 1, dict(inter=("25 Gb/s", "aws-neuron-trn1-arch", "EFA, up to"))),
    ("trn1.32xlarge", "aws-trainium", 16, dict(inter=("800 Gb/s", "aws-neuron-trn1-arch", "EFA"))),
    ("trn1n.32xlarge", "aws-trainium", 16, dict(inter=("1600 Gb/s", "aws-neuron-trn1-arch", "EFA"))),
]

GCP = [
    ("a2-highgpu-1g", "nvidia-a100-sxm4-40gb", 1, {}),
    ("a2-highgpu-2g", "nvidia-a100-sxm4-40gb", 2, dict(intra=("600 GB/s", "epoch-ml-hardware", NV))),
    ("a2-highgpu-4g", "nvidia-a100-sxm4-40gb", 4, dict(intra=("600 GB/s", "epoch-ml-hardware", NV))),
    ("a2-highgpu-8g", "nvidia-a100-sxm4-40gb", 8, dict(
        intra=("600 GB/s", "epoch-ml-hardware", NV),
        inter=("100 Gb/s", "gcp-gpu-network-bandwidth", "maximum for A2"),
        embodied=("5465.5 kg", "ccf-coefficients", CCF_EMB + " (GCP file: 300 kg per GPU)"))),
    ("a2-megagpu-16g", "nvidia-a100-sxm4-40gb", 16, dict(
        intra=("600 GB/s", "epoch-ml-hardware", NV),
        inter=("100 Gb/s", "gcp-gpu-network-bandwidth", "maximum for A2"),
        embodied=("5465.5 kg", "ccf-coefficients", CCF_EMB + " (GCP file; same total as a2-highgpu-8g)"))),
    ("a2-ultragpu-1g", "nvidia-a100-sxm4-80gb", 1, {}),
    ("a2-ultragpu-2g", "nvidia-a100-sxm4-80gb", 2, dict(intra=("600 GB/s", "epoch-ml-hardware", NV))),
    ("a2-ultragpu-4g", "nvidia-a100-sxm4-80gb", 4, dict(intra=("600 GB/s", "epoch-ml-hardware", NV))),
    ("a2-ultragpu-8g", "nvidia-a100-sxm4-80gb", 8, dict(
        intra=("600 GB/s", "epoch-ml-hardware", NV),
        inter=("100 Gb/s", "gcp-gpu-network-bandwidth", "maximum for A2"))),
    ("a3-highgpu-8g", "nvidia-h100-sxm5-80gb", 8, dict(intra=("900 GB/s", "epoch-ml-hardware", NV))),
    ("a3-megagpu-8g", "nvidia-h100-sxm5-80gb", 8, dict(
        intra=("900 GB/s", "epoch-ml-hardware", NV),
        inter=("1800 Gb/s", "gcp-gpu-network-bandwidth", "A3 Mega, 8 + 1 NICs"))),
    ("a3-ultragpu-8g", "nvidia-h200-sxm-141gb", 8, dict(
        intra=("900 GB/s", "epoch-ml-hardware", NV),
        inter=("3200 Gb/s", "gcp-gpu-network-bandwidth",
               "8 x ConnectX-7 for GPU traffic; +400 Gb/s general-purpose gVNIC"))),
    ("a4-highgpu-8g", "nvidia-b200", 8, dict(
        intra=("1800 GB/s", "epoch-ml-hardware", NV),
        inter=("3200 Gb/s", "gcp-gpu-network-bandwidth",
               "8 x ConnectX-7 for GPU traffic; +400 Gb/s general-purpose gVNIC"))),
    ("g2-standard-4", "nvidia-l4", 1, {}), ("g2-standard-8", "nvidia-l4", 1, {}),
    ("g2-standard-12", "nvidia-l4", 1, {}), ("g2-standard-16", "nvidia-l4", 1, {}),
    ("g2-standard-32", "nvidia-l4", 1, {}), ("g2-standard-24", "nvidia-l4", 2, {}),
    ("g2-standard-48", "nvidia-l4", 4, {}), ("g2-standard-96", "nvidia-l4", 8, {}),
    ("tpu-v2-8", "google-tpu-v2", 4, dict(notes=[
        "Smallest TPU v2 slice: 4 chips (8 TensorCores); the price is for the whole slice."])),
    ("tpu-v3-8", "google-tpu-v3", 4, dict(notes=[
        "Smallest TPU v3 slice: 4 chips (8 TensorCores); the price is for the whole slice."])),
    ("tpu-v4-8", "google-tpu-v4", 4, dict(notes=[
        "Smallest TPU v4 slice: 4 chips (8 TensorCores); the price is for the whole slice "
        "(3.22 USD per chip-hour)."])),
    ("tpu-v5litepod-1", "google-tpu-v5e", 1, dict(notes=[
        "TPU v5e, 1 chip; the price is per slice (= per chip here)."])),
    ("tpu-v5p-8", "google-tpu-v5p", 4, dict(
        intra=("1200 GB/s", "google-tpu-v5p", "ICI per chip, bidirectional"),
        notes=["Smallest TPU v5p slice: 4 chips (8 TensorCores); the price is for the whole slice "
               "(4.20 USD per chip-hour in us-central1)."])),
    ("tpu-v6e-1", "google-tpu-v6e", 1, dict(notes=[
        "TPU v6e (Trillium), 1 chip; the price is per slice (= per chip here)."])),
]

AZURE = [
    ("Standard_NC6s_v3", "nvidia-v100-pcie-16gb", 1, {}),
    ("Standard_NC12s_v3", "nvidia-v100-pcie-16gb", 2, {}),
    ("Standard_NC24s_v3", "nvidia-v100-pcie-16gb", 4, {}),
    ("Standard_NC24rs_v3", "nvidia-v100-pcie-16gb", 4, dict(notes=["RDMA (InfiniBand) variant."])),
    ("Standard_NC4as_T4_v3", "nvidia-t4", 1, {}), ("Standard_NC8as_T4_v3", "nvidia-t4", 1, {}),
    ("Standard_NC16as_T4_v3", "nvidia-t4", 1, {}), ("Standard_NC64as_T4_v3", "nvidia-t4", 4, {}),
    ("Standard_NC24ads_A100_v4", "nvidia-a100-pcie-80gb", 1, {}),
    ("Standard_NC48ads_A100_v4", "nvidia-a100-pcie-80gb", 2, dict(
        sources=["datareceipts-gpu-pricing"],
        price_notes={"eastus": "data-receipts (2026-11) lists 9.554 USD/h"},
        notes=["Azure's 2026 list price in East US (data-receipts) is 30 % above the catalog's; "
               "the catalog price is older. Treat these prices as lower bounds."])),
    ("Standard_NC96ads_A100_v4", "nvidia-a100-pcie-80gb", 4, dict(
        sources=["datareceipts-gpu-pricing"],
        price_notes={"eastus": "data-receipts (2026-11) lists 19.108 USD/h"},
        notes=["Azure's 2026 list price in East US (data-receipts) is 30 % above the catalog's; "
               "the catalog price is older. Treat these prices as lower bounds."])),
    ("Standard_ND40rs_v2", "nvidia-v100-sxm2-32gb", 8, dict(intra=("300 GB/s", "epoch-ml-hardware", NV))),
    ("Standard_ND96asr_v4", "nvidia-a100-sxm4-40gb", 8, dict(intra=("600 GB/s", "epoch-ml-hardware", NV))),
    ("Standard_ND96amsr_A100_v4", "nvidia-a100-sxm4-80gb", 8, dict(
        intra=("600 GB/s", "epoch-ml-hardware", NV))),
    ("Standard_ND96isr_H100_v5", "nvidia-h100-sxm5-80gb", 8, dict(
        intra=("900 GB/s", "epoch-ml-hardware", NV),
        inter=("3200 Gb/s", "datareceipts-gpu-pricing", "400 Gb/s Quantum-2 InfiniBand per GPU"),
        sources=["datareceipts-gpu-pricing", "microsoft-aspire-aks-sizes"],
        notes=["The price catalog lists this size with 12 H100; the VM has 8 H100 SXM GPUs "
               "(Microsoft's AKS size list: 96 vCPUs, 1900 GB, 8 GPUs), and 98.32 USD/h in East "
               "US is 12.29 USD per GPU-hour for 8 GPUs (data-receipts, 2026). 8 is used; the "
               "prices are the catalog's."])),
    ("Standard_NC40ads_H100_v5", "nvidia-h100-nvl-94gb", 1, dict(
        sources=["datareceipts-gpu-pricing"],
        notes=["The catalog says 'H100'; NC H100 v5 carries the H100 NVL 94 GB (PCIe) part."])),
    ("Standard_NC80adis_H100_v5", "nvidia-h100-nvl-94gb", 2, dict(
        sources=["datareceipts-gpu-pricing"],
        price_notes={"eastus": "data-receipts (2026-11) lists 17.64 USD/h"},
        notes=["The catalog says 'H100'; NC H100 v5 carries the H100 NVL 94 GB (PCIe) part.",
               "Azure's 2026 list price in East US (data-receipts) is 26 % above the catalog's; "
               "the catalog price is older. Treat these prices as lower bounds."])),
    ("Standard_NV36ads_A10_v5", "nvidia-a10", 1, {}),
    ("Standard_NV36adms_A10_v5", "nvidia-a10", 1, {}),
    ("Standard_NV72ads_A10_v5", "nvidia-a10", 2, {}),
]

# ---------------------------------------------------------------------------- GCP price checks
# List prices from Cyclenerd pricing.yml @0166a59e (Cloud Billing Catalog API, 2025-03-06):
# (type, region) -> (on-demand, spot).  Used (a) to replace SkyPilot rows that are below 80 %
# of the list price (a cheaper SKU, apparently DWS/flex-start) and (b) as a cross-check.
CYC = {
    ("a2-highgpu-1g", "asia-northeast1"): (4.049590926, 1.271375),
    ("a2-highgpu-1g", "asia-northeast3"): (4.049590926, 1.29417),
    ("a2-highgpu-1g", "asia-southeast1"): (4.013757926, 1.60545),
    ("a2-highgpu-1g", "europe-west4"): (3.747972, 1.44587),
    ("a2-highgpu-1g", "me-west1"): (4.0407237, 1.35136),
    ("a2-highgpu-1g", "us-central1"): (3.673385, 1.293355),
    ("a2-highgpu-2g", "asia-northeast1"): (8.099181852, 2.54275),
    ("a2-highgpu-2g", "asia-northeast3"): (8.099181852, 2.58834),
    ("a2-highgpu-2g", "asia-southeast1"): (8.027515852, 3.2109),
    ("a2-highgpu-2g", "europe-west4"): (7.495944, 2.89174),
    ("a2-highgpu-8g", "asia-northeast1"): (32.396727408, 10.171),
    ("a2-highgpu-8g", "asia-northeast3"): (32.396727408, 10.35336),
    ("a2-highgpu-8g", "asia-southeast1"): (32.110063408, 12.8436),
    ("a2-highgpu-8g", "europe-west4"): (29.983776, 11.56696),
    ("a2-highgpu-8g", "us-central1"): (29.38708, 10.34684),
    ("a2-megagpu-16g", "asia-southeast1"): (60.476222816, 24.1896),
    ("a2-megagpu-16g", "europe-west4"): (56.62656, 21.99824),
    ("a2-megagpu-16g", "us-central1"): (55.739504, 19.48024),
    ("a2-ultragpu-1g", "us-central1"): (5.06879789041096, 2.02746835616438),
    ("a2-ultragpu-1g", "europe-west4"): (5.58091847945206, 1.81105531506849),
    ("a2-ultragpu-1g", "us-east4"): (5.70773247945206, 2.29658383561644),
    ("a2-ultragpu-1g", "us-east5"): (5.56491489041096, 1.75969835616438),
    ("a2-ultragpu-1g", "asia-southeast1"): (6.24768547945206, 2.51254383561644),
    ("a2-ultragpu-2g", "us-central1"): (10.1375957808219, 4.05493671232877),
    ("a2-ultragpu-2g", "europe-west4"): (11.1618369589041, 3.62211063013699),
    ("a2-ultragpu-2g", "us-east4"): (11.4154649589041, 4.59316767123288),
    ("a3-highgpu-8g", "us-central1"): (88.4899999025753, 35.3957496986301),
    ("a3-highgpu-8g", "us-west1"): (88.4899999025753, 35.3957496986301),
    ("a3-highgpu-8g", "us-west4"): (99.6489544392329, 39.8592350684931),
    ("a3-highgpu-8g", "us-east4"): (88.5557561512329, 35.639037369863),
    ("a3-highgpu-8g", "us-east5"): (99.5832010145753, 39.8329336986301),
    ("a3-highgpu-8g", "asia-northeast1"): (126.643390632548, 89.0604788642192),
    ("a3-highgpu-8g", "asia-southeast1"): (114.278292967233, 32.301805369863),
    ("a3-highgpu-8g", "australia-southeast1"): (110.678266832877, 77.7680646643288),
    ("a3-highgpu-8g", "asia-east1"): (102.358780070575, 71.9927767386301),
    ("a3-highgpu-8g", "europe-west4"): (112.540479175233, 31.7592050410959),
    ("a3-megagpu-8g", "asia-northeast1"): (119.276366632548, 38.6663908642192),
    ("a3-megagpu-8g", "asia-southeast1"): (119.974644967233, 33.897005369863),
    ("a3-megagpu-8g", "australia-southeast1"): (116.155466832877, 37.6371606643288),
    ("a3-megagpu-8g", "europe-west1"): (102.194646598575, 40.8776696986301),
    ("a3-megagpu-8g", "europe-west3"): (109.60191208789, 47.3384320874521),
    ("a3-megagpu-8g", "europe-west4"): (118.236831175233, 46.2640050410959),
    ("a3-megagpu-8g", "us-east4"): (92.9375881512329, 37.391837369863),
    ("a3-megagpu-8g", "us-east5"): (94.0666410145753, 37.6265336986301),
    ("a3-megagpu-8g", "us-west4"): (104.584234439233, 41.8336350684932),
}
# Cyclenerd's A2 prices are exactly linear in GPU count (checked on 1g/2g/4g in several
# regions), so the 4g (and ultragpu 4g/8g) list prices are derived from the 1g/2g values.
LINEAR = {("a2-highgpu-4g", 2, "a2-highgpu-2g"), ("a2-ultragpu-4g", 4, "a2-ultragpu-1g"),
          ("a2-ultragpu-8g", 8, "a2-ultragpu-1g")}
# a3-ultragpu-8g: tanod/cloud-gpu-list-prices (Billing Catalog API, 2026-10-13), per-GPU
# on-demand x 8.
TANOD = {("a3-ultragpu-8g", "europe-west1"): 11.4934 * 8,
         ("a3-ultragpu-8g", "asia-south1"): 12.5245 * 8}
LOW_TIER = 0.8


def fnum(s):
    s = (s or "").strip()
    return float(s) if s else None


def load_prices():
    rows = defaultdict(list)
    with open(os.path.join(REF, "prices", "accelerator-prices.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows[(r["provider"], r["instance_type"])].append(r)
    return rows


def load_regions():
    regs = defaultdict(OrderedDict)
    with open(os.path.join(REF, "cloud-sites.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            regs[r["provider"]][r["region_id"]] = r
    return regs


def region_xml(prov, rid, r):
    o = []
    if r is None:
        return o
    zone = ZONES.get((prov, rid))
    gsrc = "gcp-region-carbon-info" if prov == "gcp" else "ccf-methodology"
    srcs = [gsrc]
    notes = []
    grid_val = fnum(r["grid_gco2_per_kwh"])
    yr = r["grid_data_year"].strip()
    year = int(yr[:4])
    gnote = None if prov == "gcp" else (
        r["grid_basis"].replace("location-based annual average", "CCF factor") + "; year approximate")
    if prov != "gcp" and r["alt_grid_gco2_per_kwh"] and rid != "switzerlandnorth":
        tag = r["alt_source"].rsplit("[", 1)[-1].rstrip("]") if "[" in r["alt_source"] else ""
        notes.append(f"Alternative figure: {r['alt_grid_gco2_per_kwh']} g/kWh for {tag} "
                     f"(carbonfootprint.com 2022 via Green Algorithms).")
    if prov == "azure" and rid == "switzerlandnorth":
        # CCF reuses Sweden's factor (5.67) for Switzerland; use the alternative value.
        grid_val, gsrc, year = fnum(r["alt_grid_gco2_per_kwh"]), "carbonfootprint-2022", 2020
        srcs = ["green-algorithms", "carbonfootprint-2022", "ccf-methodology"]
        gnote = ("carbonfootprint.com via Green Algorithms; CCF's 5.67 g/kWh for this region "
                 "repeats its Sweden factor and looks like a copy error")
    if prov == "gcp" and r["alt_grid_gco2_per_kwh"]:
        notes.append(f"Older figure: {r['alt_grid_gco2_per_kwh']} g/kWh (mlco2 impact.csv, "
                     f"2019-2020).")
    if r["site_pue"]:
        srcs.append("google-dc-efficiency-2020")
    o.append(f'    <region id="{rid}" sources="{" ".join(dict.fromkeys(srcs))}">')
    o.append(f"      <name>{text(r['region_name'])}</name>")
    o.append(f"      <country>{r['country']}</country>")
    if zone:
        o.append(f"      <zone>{zone}</zone>")
    o.append(f"      <location>{text(r['city_or_area'])}</location>")
    o.append(elem("      ", "grid", f"{num(grid_val)} g/kWh", year=year, source=gsrc, note=gnote))
    if r["site_pue"]:
        o.append(f'      <pue year="2020" source="google-dc-efficiency-2020">{r["site_pue"]}</pue>')
    if r["cfe_pct"]:
        o.append(f'      <cfe year="{year}" source="gcp-region-carbon-info">{r["cfe_pct"]} %</cfe>')
    for n in notes:
        o.append(note_el(n, "      "))
    o.append("    </region>")
    return o


def extra_region_xml(rid, name, loc, country, zone):
    o = [f'    <region id="{rid}" sources="skypilot-aws">',
         f"      <name>{text(name)}</name>",
         f"      <country>{country}</country>"]
    if zone:
        o.append(f"      <zone>{zone}</zone>")
    o.append(f"      <location>{text(loc)}</location>")
    o.append(note_el("Region appears in the price catalog but the stored grid sources give no "
                  "region-specific factor; the country (or zone) intensity in data/grid.xml "
                  "applies.", "      "))
    o.append("    </region>")
    return o


class Stats:
    def __init__(self):
        self.spot_dropped = 0
        self.no_od = []
        self.corrected = []
        self.dropped = []
        self.checked = []


def price_rows(prov, itype, rows, st, src_id):
    """Yield (region, od, spot, source, date, note) for one instance type."""
    out = []
    for r in rows:
        reg, od, spot = r["region"], fnum(r["price_usd_per_h"]), fnum(r["spot_usd_per_h"])
        source, date, note = src_id, PRICE_DATE, None
        if od is None:
            st.no_od.append((itype, reg))
            continue
        if prov == "gcp":
            key = (itype, reg)
            ref = CYC.get(key)
            lin = [x for x in LINEAR if x[0] == itype]
            if ref is None and lin:
                _, mult, base = lin[0]
                b = CYC.get((base, reg))
                if b:
                    ref = (b[0] * mult, b[1] * mult)
            if itype == "a4-highgpu-8g":
                if od < 80:
                    st.dropped.append((itype, reg, od, "lower of two GPU-only price tiers"))
                    continue
                note = "GPU part only (host priced 0.0): a lower bound; list price unconfirmed"
            elif itype == "a3-ultragpu-8g" and od < 70:
                t = TANOD.get(key)
                if t is None:
                    st.dropped.append((itype, reg, od, "about half the list price; no list "
                                       "price found for this region"))
                    continue
                st.corrected.append((itype, reg, od, t, "tanod"))
                note = f"catalog {num(od)} USD/h is the cheap tier; 8 x tanod per-GPU list price"
                od, spot, source, date = round(t, 4), None, "tanod-gcp-list-prices", "2026-10"
            elif ref is not None:
                if od < LOW_TIER * ref[0]:
                    st.corrected.append((itype, reg, od, ref[0], "cyclenerd"))
                    derived = "" if key in CYC else " (linear in GPU count)"
                    note = f"catalog {num(od)} USD/h is the cheap tier; list price{derived}"
                    od, spot, source, date = ref[0], ref[1], "cyclenerd-gcp-pricing", "2025-03"
                else:
                    st.checked.append((itype, reg, od, ref[0]))
        if spot is not None and spot >= od:
            spot = None
            st.spot_dropped += 1
        out.append((reg, od, spot, source, date, note))
    return out


def instance_xml(prov, itype, dev, count, ex, rows, st, src_id):
    prices = price_rows(prov, itype, rows, st, src_id)
    if not prices:
        return []
    r0 = rows[0]
    # per-figure sources sit on the figures; the instance names the price sources
    srcs = [src_id] + [s for s in ex.get("sources", [])]
    srcs += sorted({p[3] for p in prices})
    o = [open_tag("    ", "instance", id=itype, sources=" ".join(dict.fromkeys(srcs))),
         f'      <accelerator ref="{dev}" count="{count}"/>']
    if r0["vcpus"]:
        o.append(f"      <vcpus>{int(float(r0['vcpus']))}</vcpus>")
    if r0["memory_gib"]:
        o.append(f"      <ram>{num(float(r0['memory_gib']))} GiB</ram>")
    for k, tag in (("intra", "intra-bandwidth"), ("inter", "inter-bandwidth"), ("embodied", "embodied")):
        if k in ex:
            v, s, n = ex[k]
            o.append(elem("      ", tag, v, source=s, note=n))
    pnotes = ex.get("price_notes", {})
    for reg, od, spot, source, date, note in sorted(prices):
        sp = f"{num(spot, 5)} USD/h" if spot is not None else None
        if reg in pnotes:
            note = pnotes[reg] if note is None else f"{note}; {pnotes[reg]}"
        o.append(elem("      ", "price", f"{num(od, 5)} USD/h", region=reg, date=date, spot=sp,
                      source=source, note=note))
    for n in ex.get("notes", []):
        o.append(note_el(n, "      "))
    o.append("    </instance>")
    return o


PROVIDERS = {
    "aws": dict(
        name="Amazon Web Services", pue=("1.15", "aws-sustainability-pue", 2023,
                                         "fleet-wide 2023 (best site 1.04); CCF uses 1.135"),
        src="skypilot-aws", table=AWS,
        sources=["aws-sustainability-pue", "ccf-methodology", "skypilot-aws"],
        notes=[
            "Prices: Linux on-demand USD per hour from the SkyPilot catalog (catalogs/v8/aws/vms.csv "
            "@00148f2a). The file has no snapshot date; it already includes the June 2025 P4/P5 "
            "price cut and instance types launched in late 2025, so date=\"2025\" is used. spot = "
            "minimum spot price over the region's availability zones (Local Zones excluded); it "
            "is left out where it was not below the on-demand price (spot quotes pinned at the "
            "on-demand cap).",
            "Left out on purpose: FPGA instances (f1, f2); fractional-GPU instances (g6f, gr6f); "
            "p5e.48xlarge, trn2.3xlarge and trn2.48xlarge (the catalog has spot prices only, no "
            "on-demand price); dl1.24xlarge (Gaudi HL-205 has no published peak figures in the "
            "stored sources); g4ad (Radeon Pro V520), g5g (T4G), g7e (RTX PRO 6000 Server) and "
            "gr6 (graphics L4) because those devices are not in the catalog.",
            "Grid: AWS publishes no per-region intensity; region figures are Cloud Carbon "
            "Footprint's (EPA eGRID NERC regions in the US, EEA and carbonfootprint.com 2021 "
            "factors elsewhere), about three years old.",
        ]),
    "gcp": dict(
        name="Google Cloud", pue=("1.10", "google-env-report-2024", 2023,
                                  "fleet-wide trailing-twelve-month PUE for 2023"),
        src="skypilot-gcp", table=GCP,
        sources=["google-env-report-2024", "gcp-region-carbon-info", "skypilot-gcp",
                 "cyclenerd-gcp-pricing"],
        notes=[
            "Prices: on-demand USD per hour from the SkyPilot catalog (catalogs/v8/gcp/vms.csv "
            "@006059e0), host VM + attached GPUs summed per region; TPU rows are whole slices. "
            "No snapshot date (2025 or later), so date=\"2025\" is used.",
            "The catalog mixes two GPU price tiers: in some regions A2/A3 GPUs are priced at a "
            "cheaper SKU (about 40-60 % of list; apparently DWS/flex-start). Every A2/A3 row was "
            "compared with the list price from Google's Cloud Billing Catalog (Cyclenerd "
            "pricing.yml, 2025-03-06); rows below 80 % of it were replaced by the list price "
            "(date=\"2025-03\", source and note on the price). a3-ultragpu-8g rows of the cheap "
            "tier were replaced where a list price was found (tanod dataset, 2026-10) and "
            "dropped otherwise. a4-highgpu-8g: the catalog's host price is 0.0 and its GPU price "
            "has two tiers; only the higher tier is kept, as a lower bound.",
            "Left out on purpose: GPUs attached to N1 VMs (T4, V100, P100, P4: the catalog has "
            "the GPU price only, not the N1 host); a3-highgpu-1g/2g/4g and a3-edgegpu-8g (Spot or "
            "flex-start only; the catalog prices for them are of the cheap tier); TPU slices "
            "larger than the smallest of each generation. There are no FPGA or fractional-GPU "
            "types on GCP.",
            "Grid and CFE: Google's 2024 region figures. The grid figure is location-based; CFE is "
            "the share of hourly consumption matched by carbon-free energy (market-based). Site "
            "PUE where Google published one (2020 snapshot). Older figures (mlco2 impact.csv, "
            "2019-2020) are given in region notes where they exist.",
        ]),
    "azure": dict(
        name="Microsoft Azure", pue=("1.18", "microsoft-pue-2022", 2022,
                                     "fleet average; newest designs 1.12; CCF uses 1.185"),
        src="skypilot-azure-fork", table=AZURE,
        sources=["microsoft-pue-2022", "ccf-methodology", "skypilot-azure-fork"],
        notes=[
            "Prices: on-demand USD per hour from a fork of the SkyPilot catalog "
            "(coopslarhette/skypilot-catalog catalogs/v8/azure/vms.csv @20291d7e); US regions only. "
            "The file is almost identical to upstream catalogs/v6 and is probably 2024 data; "
            "date=\"2025\" is used because no date could be confirmed. Treat the Azure prices as "
            "older than the AWS and GCP ones. Spot is left out where it equals on-demand (no "
            "real spot offer).",
            "Left out on purpose: NV-series visualisation sizes with M60 or Radeon MI25 GPUs "
            "(devices not in the catalog), the K80 NC/NC_Promo sizes (retired by Azure; an NC6 is "
            "half a K80 board), all _Promo rows, and FPGA (NP) sizes. There are no fractional-GPU "
            "sizes in the price file.",
            "Grid: Microsoft publishes no per-region intensity; region figures are Cloud Carbon "
            "Footprint's (EPA eGRID NERC regions in the US, EEA and carbonfootprint.com factors "
            "elsewhere).",
        ]),
}


def main():
    prices = load_prices()
    regions = load_regions()
    for prov, P in PROVIDERS.items():
        st = Stats()
        o = [HEADER.rstrip("\n"),
             comment(f"{P['name']}: PUE, regions with grid intensity, accelerator instance types "
                     f"with per-region hourly prices. Generated by tools/gen_providers.py from "
                     f"../shared/reference/cloud-sites.csv and prices/accelerator-prices.csv, "
                     f"then curated."),
             '<catalog version="1">',
             f'  <provider id="{prov}" sources="{" ".join(P["sources"])}">',
             f"    <name>{text(P['name'])}</name>"]
        pue, psrc, pyear, pnote = P["pue"]
        o.append(elem("    ", "pue", pue, source=psrc, year=pyear, note=pnote))
        for n in P["notes"]:
            o.append(note_el(n, "    "))
        o.append("")
        o.append("    " + comment("Regions", indent="    "))
        rids = set()
        for rid, r in regions[prov].items():
            o += region_xml(prov, rid, r)
            rids.add(rid)
        for rid, name, loc, country in EXTRA_REGIONS.get(prov, []):
            o += extra_region_xml(rid, name, loc, country, ZONES.get((prov, rid)))
            rids.add(rid)
        o.append("")
        o.append("    " + comment("Instance types", indent="    "))
        ninst = 0
        for itype, dev, count, ex in P["table"]:
            rows = prices.get((prov, itype))
            if not rows:
                print(f"warning: {prov} {itype}: no price rows", file=sys.stderr)
                continue
            for r in rows:
                if r["region"] not in rids:
                    sys.exit(f"{prov} {itype}: price region {r['region']} has no region entry")
            x = instance_xml(prov, itype, dev, count, ex, rows, st, P["src"])
            if x:
                ninst += 1
                o += x
        o.append("  </provider>")
        o.append("</catalog>")
        with open(os.path.join(OUT, f"{prov}.xml"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(o) + "\n")
        print(f"{prov}: {len(rids)} regions, {ninst} instance types; spot dropped "
              f"{st.spot_dropped}; corrected {len(st.corrected)}; dropped {len(st.dropped)}; "
              f"no on-demand {len(st.no_od)}", file=sys.stderr)
        for c in st.corrected:
            print("  corrected", c, file=sys.stderr)
        for d in st.dropped:
            print("  dropped", d, file=sys.stderr)
        for c in st.checked:
            print(f"  checked {c[0]} {c[1]}: catalog {c[2]} vs list {c[3]:.4f} "
                  f"({100 * c[2] / c[3]:.1f} %)", file=sys.stderr)


if __name__ == "__main__":
    main()
