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
import grade  # noqa: E402
from mutate import points, rows_of, shift, write_rows  # noqa: E402

import yaml  # noqa: E402


def duplicated_scores(folder):
    """Whether a score file, read with the roster as it is, names one (target, item, criterion,
    rater) twice: gradebook refuses such a file."""
    course = grade.Course(folder, scores=False)
    for source in course.of_kind("scores"):
        if source.get("map"):
            rows = course.form_rows(source)
        else:
            rows = ((r["target"], r["item"], r["criterion"], r["rater"], r["score"]) for _, r in grade.read_csv(course.path(source)))
        seen = set()
        for target, item, criterion, rater, _ in rows:
            key = (target, item, criterion, course.rater_id(rater))
            if key in seen:
                return True
            seen.add(key)
    return False


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
    # Half the time two students' e-mails are corrected (swapped) in the roster, and half the time
    # the long-form peer scores are left as they are: a file that names raters by e-mail must then be
    # read again (its ratings follow the roster), one that names them by id need not be.
    # (A pair whose swap would give a rater two responses about one talk is not taken.)
    if rng.random() < 0.5:
        roster_path = os.path.join(folder, config["roster"])
        roster = rows_of(roster_path)
        at = [h.strip().lower() for h in roster[0]].index("email")
        for _ in range(20):
            a, b = rng.sample(range(1, len(roster)), 2)
            roster[a][at], roster[b][at] = roster[b][at], roster[a][at]
            write_rows(roster_path, roster)
            if not duplicated_scores(folder):
                break
            roster[a][at], roster[b][at] = roster[b][at], roster[a][at]
            write_rows(roster_path, roster)
    names = ["staff-scores.csv"] + (["talk-peer-scores.csv"] if rng.random() < 0.5 else [])
    for name in names:
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
