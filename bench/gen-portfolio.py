#!/usr/bin/env python3
"""gen-portfolio.py — writes a workloads file of N workloads for `mlfit plan` benchmarks.

    python3 bench/gen-portfolio.py [--realistic] 1000 [SITE.xml] >portfolio-1000.xml

A seeded, reproducible mix of what an organisation runs over three years: training jobs
drawn from the zoo's recipes (ImageNet CNNs, BERT fine-tuning and pre-training, GPT-2,
translation transformers) with the sizes, run counts and deadlines teams use, and inference
services at rates and latency targets.  Sizes come from short lists, as they do in
practice (teams re-run the same recipes), so many workloads repeat one another; mlfit
estimates each distinct one once.

With --realistic, teams tune their recipes instead: epochs, token counts, batch sizes,
precisions, run counts, deadlines, request rates and latency targets are drawn from wide
ranges, so that most workloads differ from one another (at 10,000 workloads, well over
1,000 distinct ones: mlfit groups only the identical).  Both portfolios are seeded.

The on-prem sites are the catalog's onprem-de-example and, if SITE.xml is named, a second
site written there as a catalog overlay (load it with --catalog): a Nordic data centre on a
clean grid that owns six DGX A100 and may buy up to twelve DGX H100 within a power cap, so
that owned capacity, purchases and the cloud all compete.
"""
import random
import sys

TRAIN = [
    # model, attributes (sizes from the papers' recipes), deadlines to draw from
    ("resnet18", [' epochs="%d"' % e for e in (10, 30, 90)], ["12 h", "24 h", "3 d", None]),
    ("resnet50", [' epochs="%d"' % e for e in (10, 30, 90)], ["24 h", "3 d", "7 d", None]),
    ("mobilenet_v2", [' epochs="%d"' % e for e in (50, 150, 300)], ["3 d", "7 d", None]),
    ("vgg16", [' epochs="%d"' % e for e in (5, 10, 20)], ["24 h", "3 d", None]),
    ("alexnet", [' epochs="%d"' % e for e in (10, 90)], ["12 h", None]),
    ("bert-base", [' tokens="%s" batch="32"' % t for t in ("1e9", "5e9")] +
     [' tokens="1.3e11" batch="1000"'], ["24 h", "7 d", "14 d", None]),
    ("bert-large", [' tokens="%s" batch="32"' % t for t in ("1e9", "2e9", "5e9")], ["24 h", "3 d", None]),
    ("gpt2-small", [' tokens="%s" batch="512"' % t for t in ("1e10", "1e11", "3e11")], ["7 d", "30 d", None]),
    ("transformer-base", [' epochs="%d" batch="256"' % e for e in (10, 20)], ["3 d", None]),
    ("transformer-big", [' epochs="%d" batch="256"' % e for e in (10, 20)], ["7 d", None]),
]
RUNS = [1, 2, 4, 12, 24, 52]
SERVE = [
    ("resnet50", ["8"], ["50 ms", "100 ms"]),
    ("resnet18", ["8", "32"], ["20 ms", "50 ms"]),
    ("mobilenet_v2", ["8"], ["20 ms", "50 ms"]),
    ("bert-base", ["1", "4"], ["50 ms", "100 ms"]),
    ("transformer-base", ["1"], ["200 ms"]),
]
RATES = [5, 20, 50, 100, 200, 500]


SITE = """<?xml version="1.0" encoding="UTF-8"?>
<!-- A second on-prem site for the plan benchmark, written by bench/gen-portfolio.py. -->
<catalog version="1">
  <source id="bench-site">Benchmark site, figures chosen for the benchmark</source>
  <site id="bench-site-se" sources="bench-site">
    <name>Benchmark site on a Nordic grid</name>
    <country>SE</country>
    <pue>1.2</pue>
    <electricity-price>0.08 USD/kWh</electricity-price>
    <power-cap>300 kW</power-cap>
    <owned node="nvidia-dgx-a100-320gb" count="6"/>
    <buyable node="nvidia-dgx-h100" max="12"/>
  </site>
</catalog>
"""


# --realistic: each model's recipe at a few tuned sizes (SIZES of them, spread
# geometrically over its range), at two precisions, and every run count and deadline
TUNED_TRAIN = [
    # model, attribute template, lowest and highest size (epochs or tokens)
    ("resnet18", ' epochs="%d"', 5, 120),
    ("resnet50", ' epochs="%d"', 5, 120),
    ("mobilenet_v2", ' epochs="%d"', 20, 400),
    ("vgg16", ' epochs="%d"', 2, 40),
    ("alexnet", ' epochs="%d"', 5, 100),
    ("bert-base", ' tokens="%.2g" batch="32"', 3e8, 1.5e11),
    ("bert-large", ' tokens="%.2g" batch="32"', 3e8, 2e10),
    ("gpt2-small", ' tokens="%.2g" batch="512"', 3e9, 5e11),
    ("transformer-base", ' epochs="%d" batch="256"', 5, 40),
    ("transformer-big", ' epochs="%d" batch="256"', 5, 40),
]
SIZES = 6
TUNED_PRECISIONS = [None, "bf16"]
TUNED_DEADLINES = ["%d h" % h for h in (6, 12, 24, 36, 48, 72, 120, 168, 336, 720)] + [None] * 3
TUNED_RATES = [5, 10, 20, 50, 100, 200, 500]


def tuned_size(rng, attr, lo, hi):
    k = rng.randrange(SIZES)
    v = lo * (hi / lo) ** (k / (SIZES - 1))
    return attr % (v if "tokens" in attr else round(v))


def realistic_train(rng, i):
    model, attr, lo, hi = rng.choice(TUNED_TRAIN)
    precision = rng.choice(TUNED_PRECISIONS)
    deadline = rng.choice(TUNED_DEADLINES)
    return '  <train id="t%05d" model="%s"%s runs="%d"%s%s/>' % (
        i, model, tuned_size(rng, attr, lo, hi), rng.randint(1, 60),
        ' precision="%s"' % precision if precision else "",
        ' deadline="%s"' % deadline if deadline else "")


def realistic_serve(rng, i):
    model, batches, slos = rng.choice(SERVE)
    return '  <serve id="s%05d" model="%s" batch="%s" rate="%d /s" latency-slo="%s"/>' % (
        i, model, rng.choice(batches), rng.choice(TUNED_RATES), rng.choice(slos))


def main():
    args = sys.argv[1:]
    realistic = "--realistic" in args
    args = [a for a in args if a != "--realistic"]
    n = int(args[0]) if args else 1000
    rng = random.Random(20251121)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<!-- %d workloads for `mlfit plan`, written by bench/gen-portfolio.py%s -->' % (
               n, " (realistic)" if realistic else ""),
           '<workloads version="1" horizon="3 y" objective="co2e">',
           '  <site ref="onprem-de-example"/>']
    if len(args) > 1:
        with open(args[1], "w") as f:
            f.write(SITE)
        out.append('  <site ref="bench-site-se"/>')
    for i in range(n):
        if realistic:
            out.append(realistic_train(rng, i) if rng.random() < 0.85 else realistic_serve(rng, i))
        elif rng.random() < 0.85:
            model, sizes, deadlines = rng.choice(TRAIN)
            deadline = rng.choice(deadlines)
            out.append('  <train id="t%04d" model="%s"%s runs="%d"%s/>' % (
                i, model, rng.choice(sizes), rng.choice(RUNS),
                ' deadline="%s"' % deadline if deadline else ""))
        else:
            model, batches, slos = rng.choice(SERVE)
            out.append('  <serve id="s%04d" model="%s" batch="%s" rate="%d /s" latency-slo="%s"/>' % (
                i, model, rng.choice(batches), rng.choice(RATES), rng.choice(slos)))
    out.append("</workloads>")
    print("\n".join(out))


if __name__ == "__main__":
    main()
