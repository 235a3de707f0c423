#!/usr/bin/env python3
"""Cross-check the shipped catalog and data files (maintainer tool; standard library only).

    python3 tools/check-refs.py [ROOT]          ROOT defaults to the repository root

Loads catalog/*.xml and data/*.xml (not data/models/) and checks what the
RELAX NG schema cannot:
  - every sources="..." / source="..." id names a <source>;
  - every accelerator/cpu ref names a device (cpu refs a kind="cpu" device),
    every owned/buyable node names a node;
  - ids are unique in their space (devices+nodes+providers+sites share one);
  - every price region exists in its provider, every price has a date;
  - every region has a <grid>, or its zone or country has an intensity or a mix;
  - every zone/country named by a region or site exists;
  - idle < tdp; every mix share names an <energy-source>; mixes sum to ~100 %;
  - quantities look like "<number> <unit>" with the unit expected for the element.
Prints counts at the end; exit status 1 if anything failed.
It also runs xmllint --relaxng on each file when xmllint is installed.
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
errors = []


def err(msg):
    errors.append(msg)


NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
UNIT_RE = {
    "tdp": r"[mk]?W", "idle": r"[mk]?W", "host-power": r"[mk]?W", "power-cap": r"[kM]?W",
    "memory": r"(?:[kMGT]B|[KMGT]iB)", "ram": r"(?:[kMGT]B|[KMGT]iB)",
    "bandwidth": r"(?:[kMGT]B/s|[KMGT]iB/s)", "interconnect": r"(?:[kMGT]B/s|[KMGT]iB/s)",
    "intra-bandwidth": r"(?:[kMGT]B/s|[KMGT]iB/s|[kMGT]b/s)",
    "inter-bandwidth": r"(?:[kMGT]B/s|[KMGT]iB/s|[kMGT]b/s)",
    "process": r"nm", "embodied": r"k?g|t", "lifetime": r"y",
    "mac-energy": r"[fp]J", "access-energy": r"[fp]J/B",
    "intensity": r"g/kWh", "grid": r"g/kWh", "energy-source": r"g/kWh",
    "electricity-price": r"USD/kWh", "cfe": r"%", "share": r"%",
}


def check_qty(el, path, in_instance=False):
    tag = el.tag
    txt = (el.text or "").strip()
    if tag == "pue":
        if not re.fullmatch(NUM + r"(?: %)?", txt):
            err(f"{path}: pue '{txt}' is not a ratio")
        return
    if tag == "peak":
        prec = el.get("precision")
        unit = r"[kMGTP]OP/s" if prec.startswith("int") else r"[kMGTP]FLOP/s"
        if not re.fullmatch(NUM + " " + unit, txt):
            err(f"{path}: peak {prec} '{txt}' wants {unit}")
        return
    if tag == "price":
        want = r"USD/h" if in_instance else r"k?USD"
        if not re.fullmatch(NUM + " " + want, txt):
            err(f"{path}: price '{txt}' wants {want}")
        sp = el.get("spot")
        if sp is not None and not re.fullmatch(NUM + " USD/h", sp):
            err(f"{path}: spot '{sp}' wants USD/h")
        return
    u = UNIT_RE.get(tag)
    if u and not re.fullmatch(NUM + " " + u, txt):
        err(f"{path}: <{tag}> '{txt}' does not look like '<number> {u}'")


def value(txt):
    m = re.match(NUM, txt.strip())
    return float(m.group(0)) if m else None


def to_watts(txt):
    v = value(txt)
    unit = txt.strip().split()[-1]
    return v * {"mW": 1e-3, "W": 1, "kW": 1e3}[unit]


def main():
    files = sorted(glob.glob(os.path.join(ROOT, "catalog", "*.xml")) +
                   glob.glob(os.path.join(ROOT, "data", "*.xml")))
    rng = os.path.join(ROOT, "catalog", "catalog.rng")
    if shutil.which("xmllint"):
        for f in files:
            p = subprocess.run(["xmllint", "--noout", "--relaxng", rng, f],
                               capture_output=True, text=True)
            if p.returncode != 0:
                err(f"{f}: does not validate:\n{p.stderr}")

    sources, main_ids, countries, zones, esrc, params = {}, {}, {}, {}, {}, {}
    devices, nodes, providers, sites = {}, {}, {}, {}
    cited = []       # (file, element-desc, id)
    for f in files:
        rel = os.path.relpath(f, ROOT)
        root = ET.parse(f).getroot()
        for el in root.iter():
            for a in ("sources", "source"):
                if el.get(a):
                    for sid in el.get(a).split():
                        cited.append((rel, el.tag, el.get("id") or el.get("region") or "", sid))
        for el in root:
            i = el.get("id")
            if el.tag == "source":
                if i in sources:
                    err(f"{rel}: duplicate source id {i}")
                sources[i] = el
            elif el.tag in ("device", "node", "provider", "site"):
                if i in main_ids:
                    err(f"{rel}: duplicate id {i} (also in {main_ids[i]})")
                main_ids[i] = rel
                {"device": devices, "node": nodes, "provider": providers, "site": sites}[el.tag][i] = el
            elif el.tag == "country":
                if i in countries:
                    err(f"{rel}: duplicate country {i}")
                countries[i] = el
            elif el.tag == "zone":
                if i in zones:
                    err(f"{rel}: duplicate zone {i}")
                zones[i] = el
            elif el.tag == "energy-source":
                if i in esrc:
                    err(f"{rel}: duplicate energy-source {i}")
                esrc[i] = el
            elif el.tag == "param":
                if i in params:
                    err(f"{rel}: duplicate param {i}")
                params[i] = el
            # quantity formats
            inst_prices = {id(p) for inst in el.iter("instance") for p in inst.iter("price")}
            for sub in el.iter():
                check_qty(sub, f"{rel}:{i}", id(sub) in inst_prices)
            if el.tag == "energy-source":
                check_qty(el, f"{rel}:{i}")

    for rel, tag, who, sid in cited:
        if sid not in sources:
            err(f"{rel}: <{tag} {who}> cites unknown source '{sid}'")

    # devices
    for i, d in devices.items():
        tdp = d.find("tdp")
        idle = d.find("idle")
        if idle is not None and to_watts(idle.text) >= to_watts(tdp.text):
            err(f"device {i}: idle {idle.text} >= tdp {tdp.text}")

    def check_body(owner, el):
        a = el.find("accelerator")
        if a is not None and a.get("ref") not in devices:
            err(f"{owner}: accelerator ref '{a.get('ref')}' is not a device")
        c = el.find("cpu")
        if c is not None:
            if c.get("ref") not in devices:
                err(f"{owner}: cpu ref '{c.get('ref')}' is not a device")
            elif devices[c.get("ref")].get("kind") != "cpu":
                err(f"{owner}: cpu ref '{c.get('ref')}' is not a kind=cpu device")

    for i, n in nodes.items():
        check_body(f"node {i}", n)

    def area_has_intensity(country, zone):
        if zone and zone in zones:
            z = zones[zone]
            if z.find("intensity") is not None or z.find("mix") is not None:
                return True
        c = countries.get(country)
        return c is not None and (c.find("intensity") is not None or c.find("mix") is not None)

    n_regions = n_acc_inst = 0
    for pid, p in providers.items():
        regs = {}
        for r in p.findall("region"):
            rid = r.get("id")
            if rid in regs:
                err(f"provider {pid}: duplicate region {rid}")
            regs[rid] = r
            n_regions += 1
            cc = r.findtext("country")
            zone = r.findtext("zone")
            if cc not in countries:
                err(f"{pid}:{rid}: country {cc} not in data/grid.xml")
            if zone and zone not in zones:
                err(f"{pid}:{rid}: zone {zone} not in data/grid.xml")
            if r.find("grid") is None and not area_has_intensity(cc, zone):
                err(f"{pid}:{rid}: no grid figure and no intensity or mix for {cc}/{zone}")
        insts = set()
        for ins in p.findall("instance"):
            iid = ins.get("id")
            if iid in insts:
                err(f"provider {pid}: duplicate instance {iid}")
            insts.add(iid)
            check_body(f"{pid}:{iid}", ins)
            if ins.find("accelerator") is not None:
                n_acc_inst += 1
            seen = set()
            for pr in ins.findall("price"):
                reg = pr.get("region")
                if reg not in regs:
                    err(f"{pid}:{iid}: price region {reg} is not a region of {pid}")
                if reg in seen:
                    err(f"{pid}:{iid}: two prices for region {reg}")
                seen.add(reg)
                if not pr.get("date"):
                    err(f"{pid}:{iid}: price in {reg} has no date")
                sp = pr.get("spot")
                if sp and value(sp) >= value(pr.text):
                    err(f"{pid}:{iid}: spot {sp} >= on-demand {pr.text} in {reg}")

    for sid, s in sites.items():
        cc = s.findtext("country")
        zone = s.findtext("zone")
        if not area_has_intensity(cc, zone):
            err(f"site {sid}: no intensity or mix for {cc}/{zone}")
        for o in s.findall("owned") + s.findall("buyable"):
            if o.get("node") not in nodes:
                err(f"site {sid}: node '{o.get('node')}' is not a node")
        for b in s.findall("buyable"):
            if nodes.get(b.get("node")) is not None and nodes[b.get("node")].find("price") is None:
                err(f"site {sid}: buyable node '{b.get('node')}' has no price")

    n_int = n_mix = 0
    for kind, table in (("country", countries), ("zone", zones)):
        for i, c in table.items():
            if c.find("intensity") is not None:
                n_int += kind == "country"
            m = c.find("mix")
            if m is None:
                continue
            n_mix += kind == "country"
            tot = 0.0
            for sh in m.findall("share"):
                if sh.get("energy") not in esrc:
                    err(f"{kind} {i}: share energy '{sh.get('energy')}' has no energy-source")
                tot += value(sh.text)
            if abs(tot - 100) > 0.5:
                err(f"{kind} {i}: mix shares sum to {tot:.2f} %")
            if c.find("intensity") is None and c.find("mix") is None:
                err(f"{kind} {i}: neither intensity nor mix")
    if "grid.world-average" not in params:
        err("param grid.world-average missing")

    used = {sid for _, _, _, sid in cited}
    unused = sorted(set(sources) - used)

    print(f"files: {len(files)}")
    print(f"sources: {len(sources)} ({len(unused)} not cited: {', '.join(unused) or '-'})")
    print(f"devices: {len(devices)}  nodes: {len(nodes)}  providers: {len(providers)}  sites: {len(sites)}")
    print(f"regions: {n_regions}  accelerator instance types: {n_acc_inst}")
    print(f"countries: {len(countries)} (with intensity {n_int}, with mix {n_mix})  "
          f"zones: {len(zones)}  energy sources: {len(esrc)}")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
