#!/usr/bin/env python3
"""check_sensitivity.py — a report's sensitivity words are its re-solves.

Usage: check_sensitivity.py REPORT.json REPORT.md

For every input varied, at each end: choice_changes is true exactly when the
re-solved choice differs from the central recommendation ("Recommendation: …"
in the Markdown); the Markdown says "NAME at its low/high end (WHAT): the
recommendation changes to: CHOICE." for exactly those ends, and "NAME: the
recommendation is the same at both ends" when neither changes.  Exits 1
listing every mismatch.
"""
import json
import re
import sys


def main():
    j = json.load(open(sys.argv[1]))
    md = open(sys.argv[2]).read().replace("\\*", "*")   # Markdown escapes *, as in efficiency.*
    bad = []
    m = re.search(r"^Recommendation: (.*)\.$", md, re.M)
    if not m:
        print("FAIL: no central recommendation in the Markdown")
        return 1
    central = m.group(1)
    checked = 0
    for x in j["derived"]["sensitivity"]:
        if not x["varied"]:
            continue
        same = []
        for end in ("low", "high"):
            e = x["at_" + end]
            differs = e["choice"] != central
            if e["choice_changes"] != differs:
                bad.append("%s at its %s end: choice_changes %s, but %r vs central %r"
                           % (x["name"], end, e["choice_changes"], e["choice"], central))
            said = "%s at its %s end (%s): the recommendation changes to: %s." % (
                x["name"], end, x[end], e["choice"])
            if (said in md) != differs:
                bad.append("%s at its %s end: the words %s" % (
                    x["name"], end, "are missing" if differs else "say it changes"))
            same.append(not differs)
            checked += 1
        both = "%s: the recommendation is the same at both ends (%s and %s)." % (
            x["name"], x["low"], x["high"])
        if (both in md) != all(same):
            bad.append("%s: 'the same at both ends' %s" % (
                x["name"], "is missing" if all(same) else "is said, but an end changes"))
    for b in bad:
        print("FAIL: " + b)
    print("sensitivity: %d ends checked, %d problems" % (checked, len(bad)))
    return 1 if bad or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
