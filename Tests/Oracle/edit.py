#!/usr/bin/env python3
"""Edits a course's score and upload files in place, as a TA correcting them after an import would.

    python3 Tests/Oracle/edit.py COURSE SEED

Some staff and peer scores change, some rows go, some uploads move. The next `gradebook build`
imports the edited files again; each new batch replaces the old one (SPEC §5), so the grades must be
those of the files as they are now, which the reference grader (grade.py) reads.
"""
import csv
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
from mutate import points, rows_of, shift, write_rows  # noqa: E402

import yaml  # noqa: E402


def main():
    folder, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    with open(os.path.join(folder, "course.yaml"), encoding="utf-8") as f:
        config = yaml.safe_load(f)
    with open(os.path.join(folder, "Rubrics", f"{config['rubric']}.yaml"), encoding="utf-8") as f:
        rubric = yaml.safe_load(f)
    maxima = {(i["id"], c["id"]): float(c["max"]) for comp in rubric["components"] for i in comp["items"]
              for c in i.get("criteria", [])}
    data = os.path.join(folder, "data")
    for name in ("staff-scores.csv", "talk-peer-scores.csv"):
        rows = rows_of(os.path.join(data, name))
        kept = [rows[0]]
        for row in rows[1:]:
            r = rng.random()
            if r < 0.05:
                continue
            if r < 0.15:
                row[4] = points(maxima[(row[1], row[2])], rng)
            kept.append(row)
        write_rows(os.path.join(data, name), kept)
    rows = rows_of(os.path.join(data, "uploads.csv"))
    for row in rows[1:]:
        if rng.random() < 0.2:
            row[2] = shift(row[2][:19], rng, (1, 3))
    write_rows(os.path.join(data, "uploads.csv"), rows)


if __name__ == "__main__":
    main()
