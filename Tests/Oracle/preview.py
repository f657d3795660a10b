#!/usr/bin/env python3
"""Checks a dry run's prediction against what the import then did.

    python3 Tests/Oracle/preview.py PREVIEW BEFORE.json AFTER.json

PREVIEW is what `gradebook import COURSE FILES... --dry-run --all` printed; BEFORE.json and
AFTER.json are results.json before and after importing those files. The students and results the
preview lists as moving (`STUDENT ITEM: old → new`, `STUDENT total: …`) must be exactly those whose
item status or percent, or total or letter, differ between the two, with the new values shown as
the gradebook shows them. Prints each difference; exit 1 if any.
"""
import json
import re
import sys
from decimal import ROUND_HALF_UP, Decimal


def students(path):
    with open(path, encoding="utf-8") as f:
        return {s["student_id"]: s for s in json.load(f)["students"]}


def shown(value):
    """A percent or total as the preview shows it: half-up to two decimals."""
    return str(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def moved(before, after):
    """(student, item or 'total') → the new value's text, for every result that differs."""
    moves = {}
    for sid, new in after.items():
        old = before.get(sid)
        if old is None:
            continue
        for item, b in new["items"].items():
            a = old["items"].get(item, {})
            if a.get("status") != b.get("status") or a.get("percent") != b.get("percent"):
                text = b["status"] if b.get("percent") is None else shown(b["percent"])
                if b.get("percent") is not None and b["status"] != "graded":
                    text += f" ({b['status']})"
                moves[(sid, item)] = text
        if old.get("total") != new.get("total") or old.get("letter") != new.get("letter"):
            moves[(sid, "total")] = "no total" if new.get("total") is None else f"{shown(new['total'])} {new.get('letter') or ''}"
    return moves


def predicted(path):
    """The moves a preview lists (after its "N student(s) would move" line)."""
    moves, listing = {}, False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if re.match(r"^  \d+ student\(s\) would move$", line):
                listing = True
                continue
            match = re.match(r"^  (\S+) (\S+): (.*) → (.*?)(?: \([+-][0-9.]+\))?$", line) if listing else None
            if match:
                moves[(match[1], match[2])] = match[4]
    return moves


def main():
    preview, before, after = sys.argv[1:4]
    expected = moved(students(before), students(after))
    listed = predicted(preview)
    problems = []
    for key in sorted(expected.keys() - listed.keys()):
        problems.append(f"{key[0]} {key[1]}: moved to {expected[key]}, not in the preview")
    for key in sorted(listed.keys() - expected.keys()):
        problems.append(f"{key[0]} {key[1]}: the preview says {listed[key]}, but it did not move")
    for key in sorted(expected.keys() & listed.keys()):
        if expected[key] != listed[key]:
            problems.append(f"{key[0]} {key[1]}: the preview says {listed[key]}, the import gave {expected[key]}")
    for problem in problems:
        print(problem)
    if not expected:
        print("(nothing moved)", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
