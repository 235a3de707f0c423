"""codecarbon_reader.py FILE — reads an emissions.csv as CodeCarbon's own
tools do, and checks that its columns and units are CodeCarbon's.

CodeCarbon 2.x writes these columns first, in this order (its "Output"
documentation; the same header its EmissionsData dataclass produces), in
these units: duration s, emissions kg CO2e, emissions_rate kg/s, *_power W,
*_energy and energy_consumed kWh, ram_total_size GB.  Exits 1 with the
first problem.
"""
import csv
import sys

CODECARBON_COLUMNS = [
    "timestamp", "project_name", "run_id", "duration", "emissions", "emissions_rate",
    "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy",
    "energy_consumed", "country_name", "country_iso_code", "region", "cloud_provider",
    "cloud_region", "os", "python_version", "codecarbon_version", "cpu_count", "cpu_model",
    "gpu_count", "gpu_model", "longitude", "latitude", "ram_total_size", "tracking_mode",
    "on_cloud", "pue",
]
FLOATS = ["duration", "emissions", "emissions_rate", "cpu_power", "gpu_power", "ram_power",
          "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed", "ram_total_size", "pue"]


def check(path, intensity_g_per_kwh, ram_gib):
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames[:len(CODECARBON_COLUMNS)] == CODECARBON_COLUMNS, \
            "columns differ from CodeCarbon's: %s" % reader.fieldnames[:31]
        rows = list(reader)
    assert rows, "no records"
    for n, r in enumerate(rows, 2):
        v = {k: float(r[k]) for k in FLOATS}
        kwh = v["cpu_energy"] + v["gpu_energy"] + v["ram_energy"]
        # energy_consumed is the sum of the parts (kWh), times the PUE
        assert abs(v["energy_consumed"] - kwh * v["pue"]) <= 1e-9 * max(kwh, 1e-12) + 1e-15, n
        # emissions in kg: kWh x g/kWh / 1000
        assert abs(v["emissions"] - v["energy_consumed"] * intensity_g_per_kwh / 1000) \
            <= 1e-6 * v["emissions"] + 1e-18, (n, v["emissions"])
        # emissions_rate in kg/s
        assert abs(v["emissions_rate"] - v["emissions"] / v["duration"]) \
            <= 1e-6 * v["emissions_rate"] + 1e-18, n
        # powers in W are energies in kWh over the duration in s
        for part in ("cpu", "gpu", "ram"):
            p = v[part + "_energy"] * 3.6e6 / v["duration"]
            assert abs(v[part + "_power"] - p) <= 1e-6 * p + 1e-9, (n, part)
        # ram_total_size in GB (GiB, as CodeCarbon's psutil-based figure)
        assert abs(v["ram_total_size"] - ram_gib) <= 0.01 * ram_gib, (n, v["ram_total_size"])
        assert r["tracking_mode"] in ("machine", "process"), n
        assert r["on_cloud"] in ("Y", "N"), n
        assert len(r["run_id"]) == 36 and r["run_id"][14] == "4", n   # a UUID v4
        assert len(r["timestamp"]) == 19 and r["timestamp"][10] == "T", n
        int(r["cpu_count"])
    return len(rows)


if __name__ == "__main__":
    with open("/proc/meminfo") as m:
        kb = next(float(l.split()[1]) for l in m if l.startswith("MemTotal:"))
    print(check(sys.argv[1], float(sys.argv[2]), kb * 1024 / 1024 ** 3), "records read")
