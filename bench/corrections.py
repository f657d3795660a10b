"""A TA's corrections file: every STEP-th staff score of a scores CSV, changed by one point.

    python3 bench/corrections.py data/staff-scores.csv 100 > corrections.csv

Only the changed rows are written (target, item, criterion, rater, score), so that importing the
file supersedes those scores and nothing else.
"""
import csv
import sys

source, step = sys.argv[1], int(sys.argv[2])
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["target", "item", "criterion", "rater", "score"])
with open(source, newline="", encoding="utf-8") as f:
    for number, row in enumerate(csv.DictReader(f), start=1):
        if number % step or not row["score"].strip():
            continue
        score = float(row["score"])
        changed = score - 1 if score >= 1 else score + 1
        out.writerow([row["target"], row["item"], row["criterion"], row["rater"], f"{changed:g}"])
