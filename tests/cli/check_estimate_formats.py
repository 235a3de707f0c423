#!/usr/bin/env python3
"""check_estimate_formats.py — every figure `mlfit estimate` prints, in every
format, equals the JSON of the same run (issue 8 item 1).

Usage: check_estimate_formats.py MLFIT

For each case (training and serving predictions in the cloud and on-prem,
the operation-cost method, and accounting mode) it runs the estimate with
--format json, latex, table and csv and compares each labelled figure with
the JSON value it must be, at the precision printed.  The table prints a
range once in its value's unit ("2.512 h (1.827 to 4.568 h)"), money with
thousands separators, "not counted" for what accounting mode leaves out (the
JSON's 0), "unknown" for a cost the JSON has as null, and the grid intensity
with the JSON's basis, place, dataset, year and scope.  Exits 1 listing every
mismatch.
"""
import csv
import io
import json
import re
import subprocess
import sys

CASES = [
    ("train, cloud (issue 8)", ["resnet50", "--train", "--epochs", "90", "--device", "nvidia-t4",
                                "--count", "8", "--region", "aws:us-east-1"]),
    ("train, cloud, costs in thousands", ["resnet50", "--train", "--epochs", "3000", "--device",
                                          "nvidia-t4", "--count", "8", "--region", "aws:us-east-1"]),
    ("serve, cloud", ["resnet50", "--infer", "--requests", "1e6", "--device", "nvidia-t4",
                      "--region", "aws:us-east-1"]),
    ("train, on-prem", ["resnet50", "--train", "--epochs", "10", "--device", "nvidia-a100-sxm4-80gb",
                        "--site", "onprem-de-example"]),
    ("serve, opcost", ["resnet18", "--infer", "--requests", "1000", "--device", "mit-eyeriss-v1",
                       "--energy-method", "opcost"]),
    ("accounting (Strubell 2019 T2T big)", ["--device", "nvidia-p100-sxm2-16gb", "--count", "8",
                                            "--hours", "84", "--power", "189.429", "--pue", "1.58",
                                            "--intensity", "432.7"]),
]

UNITS = {  # text unit -> (SI factor, JSON unit factor): value_si = printed * factor
    "us": 1e-6, "ms": 1e-3, "s": 1, "min": 60, "h": 3600, "d": 86400, "y": 365.25 * 86400,
    "J": 1 / 3.6e6, "kJ": 1e3 / 3.6e6, "MJ": 1e6 / 3.6e6, "Wh": 1e-3, "kWh": 1, "MWh": 1e3,
    "GWh": 1e6, "mg": 1e-6, "g": 1e-3, "kg": 1, "t": 1e3, "kt": 1e6, "USD": 1,
}

bad = []


def tolerance(text):
    """Half a unit in the last printed digit (relative for long integers)."""
    mant = text.lower().split("e")[0]
    decimals = len(mant.split(".")[1]) if "." in mant else 0
    exp = int(text.lower().split("e")[1]) if "e" in text.lower() else 0
    return 0.5 * 10 ** (exp - decimals) * 1.0001 + 1e-12


def same(case, what, printed, want, factor=1.0):
    if want is None:
        bad.append("%s: %s printed %s, JSON has null" % (case, what, printed))
        return
    got = float(printed) * factor
    tol = tolerance(printed) * factor
    if float(printed) == round(float(printed)) and "." not in printed and abs(float(printed)) >= 1000:
        tol = max(tol, abs(want) * 5e-4)
    if abs(got - want) > tol:
        bad.append("%s: %s printed %s, JSON says %.10g" % (case, what, printed, want / factor))


def run(mlfit, args, fmt):
    p = subprocess.run([mlfit, "estimate"] + args + ["--format", fmt], capture_output=True,
                       text=True, env={"LC_ALL": "C", "TZ": "UTC", "PATH": "/usr/bin:/bin"})
    if p.returncode != 0:
        bad.append("%s %s: exit %d: %s" % (" ".join(args), fmt, p.returncode, p.stderr.strip()))
        return None
    return p.stdout


NUM = r"(-?[0-9.]+(?:e[-+]?[0-9]+)?)"


def check_latex(case, tex, j):
    acct = j["method"] == "accounting"
    m = re.search(r"(?:took|take) " + NUM + r"~hours on (\d+)~", tex)
    if not m:
        return bad.append("%s: LaTeX has no hours" % case)
    same(case, "LaTeX hours", m.group(1), j["time_s"] / 3600)
    same(case, "LaTeX count", m.group(2), j["candidate"]["count"])
    m = re.search(r"\(" + NUM + r" device-hours\)", tex)
    same(case, "LaTeX device-hours", m.group(1), j["device_hours"])
    m = re.search(r"PUE of " + NUM + r" and a grid carbon intensity of " + NUM + "~gCO", tex)
    same(case, "LaTeX PUE", m.group(1), j["pue"])
    same(case, "LaTeX intensity", m.group(2), j["grid"]["g_per_kwh"])
    fac = j["energy_kwh"]["facility"], j["energy_kwh_low"]["facility"], j["energy_kwh_high"]["facility"]
    tot = j["co2e_kg"]["total"], j["co2e_kg_low"]["total"], j["co2e_kg_high"]["total"]
    for label, unit, want in (("energy", "kWh", fac), ("CO2e", r"kg CO\$_2\$e", tot)):
        m = re.search(NUM + "~" + unit + r"(?: \(" + NUM + " to " + NUM + "~" + unit + r"\))?", tex[tex.index("it uses"):]
                      if label == "energy" else tex[tex.index("emits"):])
        if not m:
            bad.append("%s: LaTeX has no %s" % (case, label))
            continue
        same(case, "LaTeX " + label, m.group(1), want[0])
        if m.group(2) is None:
            if want[1] != want[0] or want[2] != want[0]:
                bad.append("%s: LaTeX %s has no range, JSON has one" % (case, label))
            continue
        same(case, "LaTeX %s low" % label, m.group(2), want[1])
        same(case, "LaTeX %s high" % label, m.group(3), want[2])
    m = re.search(r"of which " + NUM + "~kg are embodied", tex)
    if acct:
        if m or "embodied emissions of the hardware are not counted" not in tex:
            bad.append("%s: LaTeX must say embodied CO2e is not counted in accounting mode" % case)
    elif not m:
        bad.append("%s: LaTeX has no embodied figure" % case)
    else:
        same(case, "LaTeX embodied", m.group(1), j["co2e_kg"]["embodied"])
        if float(m.group(1)) > j["co2e_kg"]["total"] * 1.001:
            bad.append("%s: LaTeX embodied above the total" % case)


TEXT_LINES = [
    ("time", "time_s", None, 1),
    ("energy, devices", "energy_kwh", "device", 1),
    ("energy, hosts", "energy_kwh", "host", 1),
    ("energy, IT", "energy_kwh", "it", 1),
    ("energy, facility", "energy_kwh", "facility", 1),
    ("CO2e, operational", "co2e_kg", "operational", 1),
    ("CO2e, embodied", "co2e_kg", "embodied", 1),
    ("CO2e, total", "co2e_kg", "total", 1),
    ("cost", "cost_usd", None, 1),
]


def pick(j, key, sub, end):
    k = key if end == "" else (key + end if sub else key + end)
    v = j.get(k)
    return v[sub] if sub else v


# A table number: plain digits, or money's thousands in groups of three ("1,234.50").
TNUM = r"(-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?)"
# "3.996 h (3.179 to 7.669 h)": the range in the value's unit, the unit once after it
TRANGE = TNUM + r" ([A-Za-z]+)(?: \(" + TNUM + r" to " + TNUM + r" ([A-Za-z]+)\))?"


def plain(number):
    return number.replace(",", "")


def table_line(text, label):
    m = re.search(r"^  " + re.escape(label) + r" +(.*)$", text, re.M)
    return m.group(1) if m else None


def check_text_figure(case, label, key, sub, rest, j):
    want = pick(j, key, sub, "")
    if rest == "not counted":
        # only what the estimate leaves out (accounting mode's hosts and embodied) says so
        if want != 0:
            bad.append("%s: table '%s' says not counted, JSON has %s" % (case, label, want))
        return
    if rest == "unknown":
        if want is not None:
            bad.append("%s: table '%s' says unknown, JSON has %s" % (case, label, want))
        return
    m = re.fullmatch(TRANGE, rest)
    if not m:
        return bad.append("%s: table '%s' reads %r, not 'value unit (low to high unit)'"
                          % (case, label, rest))
    vals = [(m.group(1), m.group(2), want)]
    low = j[key + "_low"][sub] if sub else j[key + "_low"]
    high = j[key + "_high"][sub] if sub else j[key + "_high"]
    if m.group(3):
        vals += [(m.group(3), m.group(5), low), (m.group(4), m.group(5), high)]
    elif low != want or high != want:
        bad.append("%s: table '%s' has no range, JSON has one" % (case, label))
    for printed, unit, value in vals:
        if unit not in UNITS:
            bad.append("%s: table '%s': unknown unit %s" % (case, label, unit))
            continue
        same(case, "table " + label, plain(printed), value, UNITS[unit])


def check_text_grid(case, text, j):
    """'383.6 g/kWh (country US: owid-carbon-intensity 2024, lifecycle)'."""
    g = j["grid"]
    rest = table_line(text, "grid intensity")
    m = re.fullmatch(TNUM + r" g/kWh \((.+)\)", rest or "")
    if not m:
        return bad.append("%s: table grid intensity reads %r" % (case, rest))
    same(case, "table grid intensity", plain(m.group(1)), g["g_per_kwh"])
    basis = "%s %s: %s%s, " % (g["basis"], g["where"], g["source"] or "no source",
                               " %d" % g["year"] if g["year"] else "")
    if g["cfe"]:
        basis += "market-based: x (1 - %.3g CFE)" % g["cfe"]
    else:
        basis += g["scope"] or "scope not stated"
    if m.group(2) != basis:
        bad.append("%s: table grid intensity says (%s), JSON says (%s)" % (case, m.group(2), basis))


def check_text(case, text, j):
    for label, key, sub, _ in TEXT_LINES:
        rest = table_line(text, label)
        if rest is None:
            bad.append("%s: table has no '%s' line" % (case, label))
            continue
        check_text_figure(case, label, key, sub, rest, j)
    m = re.search(r"^  PUE +" + NUM + "$", text, re.M)
    same(case, "table PUE", m.group(1), j["pue"])
    check_text_grid(case, text, j)


CSV_COLS = {
    "time_s": lambda j: j["time_s"], "device_hours": lambda j: j["device_hours"],
    "energy_facility_kwh": lambda j: j["energy_kwh"]["facility"],
    "energy_facility_kwh_low": lambda j: j["energy_kwh_low"]["facility"],
    "energy_facility_kwh_high": lambda j: j["energy_kwh_high"]["facility"],
    "pue": lambda j: j["pue"], "grid_g_per_kwh": lambda j: j["grid"]["g_per_kwh"],
    "co2e_operational_kg": lambda j: j["co2e_kg"]["operational"],
    "co2e_embodied_kg": lambda j: j["co2e_kg"]["embodied"],
    "co2e_total_kg": lambda j: j["co2e_kg"]["total"],
    "co2e_total_kg_low": lambda j: j["co2e_kg_low"]["total"],
    "co2e_total_kg_high": lambda j: j["co2e_kg_high"]["total"],
    "cost_usd": lambda j: j["cost_usd"],
}


def check_csv(case, text, j):
    row = list(csv.DictReader(io.StringIO(text)))[0]
    for col, f in CSV_COLS.items():
        want = f(j)
        if row[col] == "":
            if want is not None:
                bad.append("%s: CSV %s empty, JSON %s" % (case, col, want))
            continue
        same(case, "CSV " + col, row[col], want)


def main():
    mlfit = sys.argv[1]
    for case, args in CASES:
        out = {f: run(mlfit, args, f) for f in ("json", "latex", "table", "csv")}
        if None in out.values():
            continue
        j = json.loads(out["json"])
        check_latex(case, out["latex"], j)
        check_text(case, out["table"], j)
        check_csv(case, out["csv"], j)
    for b in bad:
        print("FAIL: " + b)
    print("%d cases, %d mismatches" % (len(CASES), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
