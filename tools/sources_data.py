"""The <source> entries of catalog/sources.xml, as data (maintainer tool).

Each entry: id, url, licence (only where the data is under a licence that asks
for attribution or is otherwise relevant), accessed (YYYY-MM where we read it
in this session), and the citation text.  tools/gen_sources.py writes
catalog/sources.xml from this list; every other file refers to these ids.
"""

S = []


def src(id, url, text, licence=None, accessed=None):
    S.append(dict(id=id, url=url, text=" ".join(text.split()), licence=licence,
                  accessed=accessed))


# ---------------------------------------------------------------- projects whose data we ship
src("codecarbon", "https://github.com/mlco2/codecarbon",
    """CodeCarbon (Mila, BCG GAMMA, Comet.ml, Haverford College), MIT licence, Copyright (c) 2019
    Mila, BCG GAMMA, CometML, Haverford College; repository commit b05965e43b690cdc53787c7577adbe6e2caf4ed9
    (v3.3.0). Figures taken from codecarbon/data/private_infra/global_energy_mix.json,
    carbon_intensity_per_source.json, nordic_emissions.json, 2023/canada_energy_mix.json and
    codecarbon/data/hardware/cpu_power.csv.""", licence="MIT")
src("carbontracker", "https://github.com/saintslab/carbontracker",
    """carbontracker (Lasse F. Wolff Anthony, Benjamin Kanding), MIT licence, Copyright (c) 2020;
    commit 70e5a026d50cd6b73f1353659ec1a4f5422768db (v2.4.3), file carbontracker/data/carbon-intensities.csv
    (a copy of Our World in Data's carbon intensity of electricity, mostly 2023-2024).""",
    licence="MIT")
src("owid-carbon-intensity", "https://ourworldindata.org/grapher/carbon-intensity-electricity",
    """Our World in Data, 'Carbon intensity of electricity generation' (gCO2e/kWh), based on Ember
    and Energy Institute Statistical Review of World Energy data; CC BY 4.0. Read through the
    carbontracker and CodeCarbon copies listed above.""", licence="CC-BY-4.0")
src("green-algorithms", "https://github.com/GreenAlgorithms/green-algorithms-tool",
    """Green Algorithms calculator data (Lannelongue, Grealey and Inouye, 'Green Algorithms:
    Quantifying the Carbon Footprint of Computation', Advanced Science 2021), CC BY 4.0; commit
    30df2feead1c7f5db87a3d86ca1239470a0cd415, data/latest/ (CI_aggregated.csv, TDP_gpu.csv,
    defaults_PUE.csv, cloudProviders_datacenters.csv).""", licence="CC-BY-4.0")
src("carbonfootprint-2022", "https://www.carbonfootprint.com/",
    """carbonfootprint.com country and state electricity factors (March 2022 release, mostly 2020
    data; Canadian provinces from Canada's 2021 UNFCCC submission, Australian states from the
    Australian government 2021), as compiled in Green Algorithms' CI_aggregated.csv.""")
src("ccf-methodology", "https://www.cloudcarbonfootprint.org/docs/methodology",
    """Cloud Carbon Footprint methodology (Thoughtworks and contributors), Apache License 2.0;
    github.com/cloud-carbon-footprint/cloud-carbon-footprint commit
    b7a049c7d25c0022919ab9010199dd9e77aa4577 (2024-03-25): EPA eGRID NERC-region grid factors for
    US cloud regions, EEA and carbonfootprint.com factors elsewhere, provider PUEs, GPU
    minimum/maximum watts, 4-year server lifespan for embodied emissions.""",
    licence="Apache-2.0")
src("ccf-coefficients", "https://github.com/cloud-carbon-footprint/cloud-carbon-coefficients",
    """Cloud Carbon Footprint coefficients data, Apache License 2.0; commit
    dda7621f8ab227dcb45096af6ccc2227aaf92b3e (2023-05-08): output/coefficients-*-embodied.csv
    (1000 kgCO2e base server from the Dell R740 LCA, +150 kg per GPU, +100 kg per extra CPU
    socket, plus memory and storage) and output/coefficients-*-use.csv (W per vCPU).""",
    licence="Apache-2.0")
src("llmcarbon", "https://github.com/SotaroKaneda/MLCarbon",
    """LLMCarbon (Faiz et al., 'LLMCarbon: Modeling the end-to-end Carbon Footprint of Large
    Language Models', ICLR 2024), Apache License 2.0; commit dbd96b792d22a3816392757024a6ac442a75b7d6,
    hardware.csv (die-only embodied carbon: V100 9.78, H100 14.652, TPU v3 7.0, TPU v4 6.4 kgCO2e;
    carbon per area 16 nm 1.0, 12 nm 1.2, 7 nm 1.6, 4 nm 1.8 kg/cm2).""", licence="Apache-2.0")
src("gcp-region-carbon-info", "https://github.com/GoogleCloudPlatform/region-carbon-info",
    """Google Cloud region carbon information (location-based grid intensity and hourly CFE%),
    Apache License 2.0; commit 49f3f26bfd682305e8d9b572fea1f811900421a9, data/yearly/2024.csv (same
    data as https://cloud.google.com/sustainability/region-carbon).""", licence="Apache-2.0")
src("mlco2-impact", "https://github.com/mlco2/impact",
    """ML CO2 Impact calculator data (Lacoste et al. 2019), MIT licence; commit
    d0d3ee5a71ea222ac344a94900642ed2ce649af4 (data/gpus.csv, data/impact.csv).""", licence="MIT")
src("epoch-ml-hardware", "https://epoch.ai/data/machine-learning-hardware",
    """Epoch AI, 'Data on Machine Learning Hardware', CC BY 4.0; stored export
    github.com/joshyou/clod ml_hardware.csv at commit 2af77743b2cb18e8a9a0dc4efb49eadc43802805
    (Dec 2025 / Jan 2026 snapshot). Dense tensor throughput, TDP (some estimated), memory,
    bandwidth, release dates and prices with Epoch's own price sources.""", licence="CC-BY-4.0")

# ---------------------------------------------------------------- grid / energy-source figures
src("rps-energy-usage", "https://github.com/responsibleproblemsolving/energy-usage#conversion-to-co2",
    """energy-usage (Responsible Problem Solving), conversion table for coal (995), petroleum (816)
    and natural gas (743) gCO2e/kWh; the source CodeCarbon cites for those three figures.""")
src("wna-2011-lifecycle",
    "http://www.world-nuclear.org/uploadedFiles/org/WNA/Publications/Working_Group_Reports/comparison_of_lifecycle.pdf",
    """World Nuclear Association (2011), 'Comparison of Lifecycle Greenhouse Gas Emissions of
    Various Electricity Generation Sources'; the source CodeCarbon cites for geothermal 38, hydro
    26, nuclear 29, solar 48 and wind 26 gCO2e/kWh.""")
src("iea-2019-gecsr", "https://www.iea.org/reports/global-energy-co2-status-report-2019/emissions",
    """IEA, Global Energy & CO2 Status Report 2019: world average electricity carbon intensity
    475 gCO2/kWh (as used by CodeCarbon and Green Algorithms).""")
src("ipcc-ar5-annex3", "https://www.ipcc.ch/report/ar5/wg3/",
    """Schlomer, S. et al. (2014), Annex III: Technology-specific cost and performance parameters,
    Table A.III.2 (life-cycle emissions of electricity supply technologies), in: Climate Change
    2014: Mitigation of Climate Change, IPCC AR5 WGIII. Dedicated biomass: median 230
    (130-420) gCO2e/kWh.""", accessed="2026")

# ---------------------------------------------------------------- PUE
src("google-env-report-2024", "https://www.google.com/about/datacenters/efficiency/",
    """Google 2024 Environmental Report and Google data-center efficiency page: fleet-wide
    trailing-twelve-month PUE 1.10 for 2023.""")
src("google-dc-efficiency-2020", "https://www.google.co.uk/about/datacenters/efficiency/",
    """Google data-center efficiency page, per-site PUE snapshot of 29 September 2020, as
    recorded in Green Algorithms' cloudProviders_datacenters.csv.""")
src("aws-sustainability-pue", None,
    """AWS data-center sustainability page: global PUE 1.15 for 2023 (best site 1.04); also
    reported by DatacenterDynamics, December 2024.""")
src("microsoft-pue-2022", None,
    """Microsoft datacenter sustainability disclosures (2022) as reported by DatacenterDynamics:
    fleet average design PUE 1.18, newest designs 1.12 (CCF uses 1.185 / 1.125).""")
src("uptime-2024", "https://datacenter.uptimeinstitute.com/rs/711-RIA-145/images/2024.GlobalDataCenterSurvey.Report.pdf",
    """Uptime Institute Global Data Center Survey 2024: industry-average annual PUE 1.56.""")

# ---------------------------------------------------------------- cloud prices and instance facts
src("skypilot-aws", "https://github.com/skypilot-org/skypilot-catalog/blob/00148f2af3672e2229b4f7bf8157d5a3f36e3c35/catalogs/v8/aws/vms.csv",
    """SkyPilot catalog (skypilot-org/skypilot-catalog), catalogs/v8/aws/vms.csv at commit
    00148f2af3672e2229b4f7bf8157d5a3f36e3c35; machine-generated from the AWS price API. Linux
    on-demand and minimum-over-AZ spot USD/h. No snapshot date in the file; it includes the June
    2025 P4/P5 price cut and instance types launched in late 2025.""")
src("skypilot-gcp", "https://github.com/skypilot-org/skypilot-catalog/blob/006059e0f18acb1341e22a27751e9f80df6ba92f/catalogs/v8/gcp/vms.csv",
    """SkyPilot catalog, catalogs/v8/gcp/vms.csv at commit 006059e0f18acb1341e22a27751e9f80df6ba92f;
    host and GPU SKUs summed per region (see ../shared/reference/prices/README.md); TPU slices
    priced whole. No snapshot date; 2025 or later.""")
src("skypilot-azure-fork", "https://github.com/coopslarhette/skypilot-catalog/blob/20291d7eda23e6f420cd9586558cf0bc4051851c/catalogs/v8/azure/vms.csv",
    """SkyPilot catalog format, Azure file from the fork coopslarhette/skypilot-catalog,
    catalogs/v8/azure/vms.csv at commit 20291d7eda23e6f420cd9586558cf0bc4051851c; US regions only;
    probably 2024 data.""")
src("cyclenerd-gcp-pricing", "https://github.com/Cyclenerd/google-cloud-pricing-cost-calculator/blob/0166a59ebba7c36f2cc8c931d9f258dcebc44776/pricing.yml",
    """Google Cloud pricing extract by Nils Knieling (Cyclenerd/google-cloud-pricing-cost-calculator),
    Apache License 2.0; pricing.yml at commit 0166a59ebba7c36f2cc8c931d9f258dcebc44776, generated
    2025-03-06 from the Google Cloud Billing Catalog API (machine-type price = GPU + vCPU + memory
    + bundled local SSD SKUs).""", licence="Apache-2.0", accessed="2026")
src("tanod-gcp-list-prices", "https://huggingface.co/datasets/tanod/cloud-gpu-list-prices",
    """tanod/cloud-gpu-list-prices (Hugging Face dataset), snapshots 2026-10-13..16 of per-GPU
    on-demand list prices from the Google Cloud Billing Catalog API (e.g. a3-ultragpu-8g).""",
    accessed="2026")
src("datareceipts-gpu-pricing", "https://raw.githubusercontent.com/datareceipts/data-receipts/main/109-gpu-pricing/README.md",
    """data-receipts '109 - What an H100 actually costs per hour' (retrieved 2026-11-09):
    Azure Standard_ND96isr_H100_v5 at 12.29 USD per GPU-hour (98.32 USD/h for 8 GPUs, East US),
    400 Gbps Quantum-2 InfiniBand per GPU; Azure NC H100 v5 is H100 NVL 94 GB.""",
    accessed="2026")
src("microsoft-aspire-aks-sizes", "https://github.com/microsoft/aspire/blob/5bd693ae1897dee5e2ce71c2cc08879c1c7eff51/src/Aspire.Hosting.Azure.Kubernetes/AksNodeVmSizes.cs",
    """Microsoft Aspire (MIT licence), AKS node VM size list AksNodeVmSizes.cs at commit
    5bd693ae1897dee5e2ce71c2cc08879c1c7eff51: Standard_ND96isr_H100_v5 = 96 vCPUs, 1900 GB RAM,
    8 GPUs; Standard_ND96amsr_A100_v4 = 96 vCPUs, 1800 GB RAM, 8 GPUs.""", licence="MIT",
    accessed="2026")
src("aws-capacity-blocks-pricing", "https://aws.amazon.com/ec2/capacityblocks/pricing/",
    """Amazon EC2 Capacity Blocks for ML pricing page (late 2024 version, read through a mirror):
    network performance per instance: p5.48xlarge 3200 Gigabit, 8 x H200 instance 3200 Gigabit,
    p4d.24xlarge 400 Gigabit, trn1.32xlarge 800 Gigabit.""", accessed="2026")
src("aws-neuron-trn1-arch", "https://awsdocs-neuron.readthedocs-hosted.com/en/v2.9.1/_sources/general/arch/neuron-hardware/trn1-arch.rst.txt",
    """AWS Neuron documentation, 'AWS Trn1/Trn1n Architecture': trn1.2xlarge 1 Trainium, EFA up
    to 25 Gbps; trn1.32xlarge 16 Trainium, 800 Gbps; trn1n.32xlarge 1600 Gbps; NeuronLink-v2.""",
    accessed="2026")
src("aws-neuron-inf1-arch", "https://awsdocs-neuron.readthedocs-hosted.com/en/v2.9.1/_sources/general/arch/neuron-hardware/inf1-arch.rst.txt",
    """AWS Neuron documentation, 'AWS Inf1 Architecture': devices, NeuronLink-v1 32 GiB/s per
    device, EFA bandwidth per size.""", accessed="2026")
src("aws-neuron-inf2-arch", "https://awsdocs-neuron.readthedocs-hosted.com/en/latest/_sources/general/arch/neuron-hardware/inf2-arch.rst.txt",
    """AWS Neuron documentation, 'AWS Inf2 Architecture': NeuronLink-v2 192 GiB/s per device
    for inf2.24xlarge and inf2.48xlarge.""", accessed="2026")
src("gcp-gpu-network-bandwidth", "https://cloud.google.com/compute/docs/gpus/gpu-network-bandwidth",
    """Google Cloud, 'Networking and GPU machines': A4 and A3 Ultra 8 x ConnectX-7 = 3200 Gbps for
    GPU traffic (+400 Gbps gVNIC); A3 up to 1800 Gbps (A3 Mega); A2 and G2 up to 100 Gbps.""",
    accessed="2026")

# ---------------------------------------------------------------- hardware, vendor documents
src("nvidia-k80-datasheet", "https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/tesla-product-literature/TeslaK80-datasheet.pdf",
    "NVIDIA Tesla K80 datasheet.")
src("nvidia-v100-datasheet", "https://images.nvidia.com/content/technologies/volta/pdf/volta-v100-datasheet-update-us-1165301-r5.pdf",
    "NVIDIA Tesla V100 datasheet.")
src("nvidia-a100-datasheet", "https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf",
    "NVIDIA A100 Tensor Core GPU datasheet.")
src("nvidia-h100-datasheet", "https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet",
    "NVIDIA H100 Tensor Core GPU datasheet (SXM5, PCIe and NVL).")
src("nvidia-h100-pcie-brief", "https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/h100/PB-11773-001_v01.pdf",
    "NVIDIA H100 PCIe product brief PB-11133 / H100 NVL product brief PB-11773 (350 W / 400 W).")
src("nvidia-h200-datasheet", "https://nvdam.widen.net/s/nb5zzzsjdf/hpc-datasheet-sc23-h200-datasheet-3002446",
    "NVIDIA H200 Tensor Core GPU datasheet (SC23).")
src("nvidia-l4-datasheet", "https://nvdam.widen.net/s/rvq98gbwsw/l4-datasheet-2595652",
    "NVIDIA L4 Tensor Core GPU datasheet.")
src("nvidia-l40s", "https://www.nvidia.com/en-us/data-center/l40s/",
    "NVIDIA L40S product page (figures read from a stored secondary copy).")
src("nvidia-b200-datasheet", "https://www.primeline-solutions.com/media/categories/server/nach-gpu/nvidia-hgx-h200/nvidia-blackwell-b200-datasheet.pdf",
    "NVIDIA Blackwell B200 datasheet (reseller copy).")
src("nvidia-blackwell-ultra", "https://developer.nvidia.com/blog/inside-nvidia-blackwell-ultra-the-chip-powering-the-ai-factory-era/",
    "NVIDIA, 'Inside NVIDIA Blackwell Ultra' (B300) and the Blackwell Ultra datasheet, via Epoch.")
src("nvidia-gb200-nvl2", "https://www.nvidia.com/en-us/data-center/gb200-nvl2/", "NVIDIA GB200 NVL2 specifications.")
src("nvidia-ga102-whitepaper", "https://images.nvidia.com/aem-dam/en-zz/Solutions/geforce/ampere/pdf/NVIDIA-ampere-GA102-GPU-Architecture-Whitepaper-V1.pdf",
    "NVIDIA Ampere GA102 GPU architecture whitepaper.")
src("nvidia-jetson-orin", "https://www.nvidia.com/en-us/autonomous-machines/embedded-systems/jetson-orin/",
    "NVIDIA Jetson AGX Orin product page (not retrieved; figures as given in hardware-specs.csv).")
src("techpowerup-gpudb", "https://www.techpowerup.com/gpu-specs/",
    "TechPowerUp GPU database (per-GPU pages for K80, P100, V100, T4, A10, A10G, A100, H100, RTX 3090/4090).")
src("amd-mi300x-datasheet", "https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/data-sheets/amd-instinct-mi300x-data-sheet.pdf",
    "AMD Instinct MI300X data sheet.")
src("amd-mi250x", "https://www.amd.com/en/products/accelerators/instinct/mi200/mi250x.html", "AMD Instinct MI250X product page.")
src("amd-mi325x", "https://www.amd.com/en/products/accelerators/instinct/mi300/mi325x.html", "AMD Instinct MI325X product page.")
src("amd-mi100-spec", None,
    "AMD Instinct MI100 specification table (notebookcheck.net copy of AMD data).")
src("amd-epyc-7763", "https://www.amd.com/en/products/cpu/amd-epyc-7763", "AMD EPYC 7763 product page.")
src("wikichip-genoa", "https://en.wikichip.org/wiki/amd/cores/genoa", "WikiChip, AMD Genoa (12 x DDR5-4800).")
src("intel-gaudi2-whitepaper", "https://perma.cc/9SR3-HX6Q", "Intel Habana Gaudi 2 white paper (archived).")
src("intel-gaudi3-whitepaper", "https://perma.cc/83JH-F3M4", "Intel Gaudi 3 AI accelerator white paper (archived).")
src("intel-hotchips-2024-gaudi3", None,
    "Intel, Gaudi 3 presentation, Hot Chips 2024 (generation comparison slide).")
src("hwluxx-granite-rapids", "https://www.hardwareluxx.de/index.php/artikel/hardware/prozessoren/64561-intels-comeback-granite-rapids-mit-96-kernen-im-test.html",
    "Hardwareluxx, Granite Rapids review (Xeon 6 6980P figures).")
src("icelake-press", "https://www.hwupgrade.it/news/cpu/intel-xeon-scalable-di-terza-generazione-ora-a-10-nanometri-sino-a-40-core_96781.html",
    "Press coverage of the Ice Lake-SP launch (Xeon Platinum 8380: 40 cores, 2.3 GHz, 270 W).")
src("google-tpu-system-architecture", "https://cloud.google.com/tpu/docs/system-architecture-tpu-vm",
    "Google Cloud TPU system architecture documentation (per-chip specs; measured min/mean/max power for v3 and v4).")
src("jouppi-2020-cacm", "https://dl.acm.org/doi/10.1145/3360307",
    "Jouppi et al., 'A Domain-Specific Supercomputer for Training Deep Neural Networks', CACM 63(7), 2020 (TPU v2/v3).")
src("jouppi-2021-isca", "https://ieeexplore.ieee.org/document/9499913",
    "Jouppi et al., 'Ten Lessons From Three Generations Shaped Google's TPUv4i', ISCA 2021 (TPU v1, v4i).")
src("google-tpu-v5e", "https://cloud.google.com/tpu/docs/v5e", "Google Cloud TPU v5e documentation.")
src("google-tpu-v5p", "https://cloud.google.com/tpu/docs/v5p", "Google Cloud TPU v5p documentation and v5p training guide.")
src("google-tpu-v6e", "https://cloud.google.com/tpu/docs/v6e", "Google Cloud TPU v6e (Trillium) documentation.")
src("google-ironwood", "https://blog.google/products/google-cloud/ironwood-tpu-age-of-inference/",
    "Google blog, 'Ironwood: the first Google TPU for the age of inference' (2025), and the tpu7x documentation.")
src("semianalysis-tpu", "https://newsletter.semianalysis.com/p/tpuv7-google-takes-a-swing-at-the",
    "SemiAnalysis, TPUv7 article: ~300 W TDP estimate for TPU v5e (as cited in Epoch's notes).")
src("coral-edgetpu-faq", "https://coral.ai/docs/edgetpu/faq/",
    "Coral Edge TPU FAQ: 4 TOPS INT8 at about 2 W (not retrieved directly).")
src("aws-neuron-inferentia", "https://awsdocs-neuron.readthedocs-hosted.com/en/latest/general/arch/neuron-hardware/inferentia.html",
    "AWS Neuron documentation, Inferentia architecture: 4 NeuronCore-v1, 128 INT8 TOPS, 64 FP16/BF16 TFLOPS, 8 GiB at 50 GiB/s.",
    accessed="2026")
src("aws-neuron-inferentia2", "https://awsdocs-neuron.readthedocs-hosted.com/en/latest/general/arch/neuron-hardware/inferentia2.html",
    "AWS Neuron documentation, Inferentia2 architecture: 2 NeuronCore-v2, 380 INT8 TOPS, 190 FP16/BF16/cFP8/TF32 TFLOPS, 47.5 FP32 TFLOPS, 32 GiB HBM at 820 GiB/s.",
    accessed="2026")
src("aws-neuron-trainium", "https://web.archive.org/web/20230518023215/https://awsdocs-neuron.readthedocs-hosted.com/en/v2.9.1/general/arch/neuron-hardware/trainium.html",
    "AWS Neuron documentation, Trainium architecture: 2 NeuronCore-v2, 190 FP16/BF16/cFP8/TF32 TFLOPS, 47.5 FP32 TFLOPS, 32 GiB at 820 GiB/s; INT8 given as 420 TOPS (v2.9.1) and 380 TOPS (current).",
    accessed="2026")
src("aws-neuron-trainium2", "https://awsdocs-neuron.readthedocs-hosted.com/en/latest/about-neuron/arch/neuron-hardware/trainium2.html",
    "AWS Neuron documentation, Trainium2 architecture: 8 NeuronCore-v3, 1299 FP8 / 667 BF16 dense TFLOPS, 96 GiB at 2.9 TB/s.",
    accessed="2026")
src("aws-neuron-trainium3", "https://awsdocs-neuron.readthedocs-hosted.com/en/latest/about-neuron/arch/neuron-hardware/trainium3.html",
    "AWS Neuron documentation, Trainium3 architecture.")
src("semianalysis-trainium2", "https://semianalysis.com/2024/12/03/amazons-ai-self-sufficiency-trainium2-architecture-networking/",
    "SemiAnalysis, Trainium2 architecture and networking (500 W TDP estimate, as cited by Epoch).")
src("graviton-press", "https://en.wikichip.org/wiki/AWS_Graviton3",
    "WikiChip and NextPlatform on AWS Graviton3 (64 Neoverse V1 cores, 2.6 GHz, DDR5-4800 x 8).")
src("graviton4-press", "https://www.anandtech.com/show/21172/amazon-unveils-graviton4-a-96core-cpu-with-5367-gbs-memory-bandwidth",
    "AnandTech, WikiChip and NextPlatform on AWS Graviton4 (96 Neoverse V2 cores, 536.7 GB/s).")
src("altra-press", "https://www.anandtech.com/show/16315/the-ampere-altra-review/2",
    "AnandTech and heise on the Ampere Altra Q80-30 (80 Neoverse N1 cores, 3.0 GHz, 210 W).")
src("qualcomm-cloud-ai100", "https://quic.github.io/cloud-ai-sdk-pages/",
    "Qualcomm Cloud AI 100 product specifications (Standard, Pro, Ultra).")
src("groq-productbrief", "https://groq.com/wp-content/uploads/2024/08/GroqChip%E2%84%A2-Processor-Product-Brief-v1.7.pdf",
    "GroqChip processor product brief v1.7.")
src("huawei-hotchips31", "https://old.hotchips.org/hc31/HC31_1.11_Huawei.Davinci.HengLiao_v4.0.pdf",
    "Huawei, 'DaVinci: A Scalable Architecture for Neural Network Computing', Hot Chips 31 (Ascend 910).")
src("antepara-sc25", None,
    "Antepara et al., A100 energy microbenchmarks, SC'25 (measured idle about 54 W for A100 SXM4 40GB).")

# ---------------------------------------------------------------- list prices
src("anandtech-k80", "https://www.anandtech.com/show/8729/nvidia-launches-tesla-k80-gk210-gpu",
    "AnandTech, 'NVIDIA launches Tesla K80' (launch price about 5000 USD), as cited by Epoch.")
src("microway-v100-price", "https://www.microway.com/hpc-tech-tips/nvidia-tesla-v100-price-analysis/",
    "Microway, 'NVIDIA Tesla V100 price analysis' (V100 PCIe 10664 USD, SXM2 32GB 11458 USD), as cited by Epoch.")
src("nextplatform-a100-price", "https://www.nextplatform.com/2022/05/09/how-much-of-a-premium-will-nvidia-charge-for-hopper-gpus/",
    "The Next Platform, 'How much of a premium will Nvidia charge for Hopper GPUs?' (A100 SXM4 40GB about 15000 USD).")
src("nextplatform-a10", "https://www.nextplatform.com/2021/04/15/nvidia-rounds-out-ampere-lineup-with-two-new-accelerators/",
    "The Next Platform on the A10 and A30 launch (A10 about 2800 USD).")
src("nextplatform-mi250x", "https://www.nextplatform.com/2021/12/06/stacking-up-amd-mi200-versus-nvidia-a100-compute-engines/",
    "The Next Platform, MI200 versus A100 (MI250X about 14500 USD).")
src("tomshardware-mi300x-price", "https://www.tomshardware.com/tech-industry/artificial-intelligence/nvidias-h100-ai-gpus-cost-up-to-four-times-more-than-amds-competing-mi300x-amds-chips-cost-dollar10-to-dollar15k-apiece-nvidias-h100-has-peaked-beyond-dollar40000",
    "Tom's Hardware press report: MI300X 10000-15000 USD apiece (Epoch takes 15000).")
src("semianalysis-ai-server-cost", "https://web.archive.org/web/20230529125834/https://www.semianalysis.com/p/ai-server-cost-analysis-memory-is",
    "SemiAnalysis (May 2023), AI server cost analysis: 8 x H100 DGX sold for about 269000 USD (33600 USD per GPU), as cited by Epoch.")
src("hardwarezone-dgx-a100", "https://www.hardwarezone.com.sg/tech-news-nvidia-dgx-a100-supercomputer-super-performance-fight-covid-19",
    "HardwareZone on the DGX A100 launch (May 2020): 199000 USD, as linked from Epoch's price sources.")
src("pcgamesn-4090", "https://www.pcgamesn.com/nvidia/rtx-4090-release-date-price-spec-and-benchmarks",
    "PCGamesN, RTX 4090 launch price 1599 USD.")
src("nvidia-rtx3090-launch", "https://www.tomsguide.com/news/nvidia-geforce-rtx-3090",
    "Launch coverage of the GeForce RTX 3090 (1499 USD), as cited by Epoch.")
src("intel-gaudi3-kit-price", "https://perma.cc/83JH-F3M4",
    "Intel's 125000 USD list price for an 8-accelerator Gaudi 3 kit (Computex 2024), per hardware-specs.csv; per chip 15625 USD derived.")

# ---------------------------------------------------------------- systems
src("nvidia-dgx-a100", None,
    """NVIDIA DGX A100 datasheet and user guide: 8 x A100 SXM4, 2 x AMD EPYC 7742, 1 TB RAM
    (320 GB GPU version), 6.5 kW maximum system power (six 3 kW supplies); read through a
    press copy (pcnews.ru, 2020).""", accessed="2026")
src("nvidia-dgx-h100", None,
    """NVIDIA DGX H100/H200 user guide: 8 x H100 SXM5, 2 TB RAM, six 3.3 kW supplies, maximum
    system input 10.2 kW; read through secondary summaries.""", accessed="2026")

# ---------------------------------------------------------------- per-operation energy
src("horowitz-2014", "https://doi.org/10.1109/ISSCC.2014.6757323",
    """M. Horowitz, 'Computing's energy problem (and what we can do about it)', ISSCC 2014, 45 nm,
    0.9 V: 16-bit FP multiply 1.1 pJ, 16-bit FP add 0.4 pJ (as tabulated in the seed lecture
    and ../shared/reference/energy-per-op.md).""")
src("chen-2016-isca", "https://doi.org/10.1109/ISCA.2016.40",
    """Y.-H. Chen, J. Emer, V. Sze, 'Eyeriss: A Spatial Architecture for Energy-Efficient Dataflow
    for Convolutional Neural Networks', ISCA 2016: normalised energy per 16-bit access relative to
    one MAC (RF 1x, inter-PE network 2x, global buffer 6x, DRAM 200x), commercial 65 nm
    process.""")
src("sze-2017-tutorial", "https://doi.org/10.1109/JPROC.2017.2761740",
    """V. Sze, Y.-H. Chen, T.-J. Yang, J. Emer, 'Efficient Processing of Deep Neural Networks: A
    Tutorial and Survey', Proc. IEEE 105(12), 2017 (same normalised cost table).""")
src("chen-2017-jssc", "https://doi.org/10.1109/JSSC.2016.2616357",
    """Y.-H. Chen, T. Krishna, J. Emer, V. Sze, 'Eyeriss: An Energy-Efficient Reconfigurable
    Accelerator for Deep Convolutional Neural Networks', IEEE JSSC 52(1):127-138, 2017: 168 PEs,
    16-bit fixed point, 200 MHz, 65 nm; AlexNet CONV layers 34.7 fps at 278 mW (batch 4).""")

# ---------------------------------------------------------------- site
src("eurostat-nrg-pc-205", "https://ec.europa.eu/eurostat/databrowser/view/nrg_pc_205/default/table",
    """Eurostat, electricity prices for non-household consumers, bi-annual data (nrg_pc_205):
    Germany, first half of 2024, band IC (500-2000 MWh/year), excluding VAT and other recoverable
    taxes: 0.233 EUR/kWh. Read through
    https://cubeconcepts.de/en/europes-industrial-electricity-prices-2024/ , which quotes the
    Eurostat figures.""", accessed="2026")
src("ecb-eurofxref", "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/",
    """European Central Bank euro reference exchange rates; 2024 annual average 1.0824 USD per
    EUR (not re-read in this session).""")
src("mlfit-example", None,
    """Example values chosen by the mlfit maintainers for a template (not measurements); replace
    them with your own site's figures.""")
