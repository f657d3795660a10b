#!/usr/bin/env python3
"""Synthetic course generator for the benchmarks: deterministic from a seed.

usage: bench/synth.py OUT_DIR [--students N] [--seed S]

Writes a complete workspace: course.yaml, rubric, roster.csv (non-ASCII names, names with commas
and quotes), groups of two, paper sign-ups (one slot per student), slide uploads, staff scores in long
form (5 criteria per presentation, 2 per proposal), and the peer reviews as a Microsoft Forms-style
wide export, about 8 reviewers a presentation, with multi-line comments and comments starting with
`=`. N = 100,000 gives 500,000 staff score rows and 800,000 form responses (4 million scores).
"""
import argparse
import csv
import datetime as dt
import math
import os
import random

SURNAMES = ["Chan", "Wong", "Lee", "Cheung", "Lam", "Ng", "Ho", "Leung", "Yeung", "Tsang", "Lau", "Kwok",
            "Mak", "Choi", "Fung", "Tang", "Siu", "Law", "Poon", "Hui", "Tam", "陳", "黃", "李", "張", "O'Brien", "Müller"]
GIVEN = ["Tai Man", "Siu Ming", "Ka Yan", "Wing Sze", "Chi Hung", "Hoi Yan", "Chi Ming", "Ka Lok", "Mei Ling",
         "Tsz Kin", "Hiu Tung", "Wai Kit", "嘉欣", "志明", "詩敏", "Zoë", "José", "Ana \"AJ\""]
COMMENTS = ["Clear motivation and a good walk through the derivation.",
            "The slides on the objective were dense; an example would help.",
            "Great discussion of limitations.\nMore on compute cost, please.",
            "=SUM(A1:A9) is how I felt about the results table",
            "Nice connection to the score-matching view, but timing was tight.", "", "", ""]
CRITERIA = ["question", "approach", "critique", "delivery", "discussion"]
QUESTIONS = ["Key research question explained", "How the paper explores it", "Limitations and thoughts",
             "Delivery", "Discussion (optional)"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=8018)
    args = parser.parse_args()
    n, rng, out = args.students, random.Random(args.seed), args.out
    os.makedirs(os.path.join(out, "data"), exist_ok=True)
    weeks = 9
    per_week = math.ceil(n / weeks)

    def path(name):
        return os.path.join(out, name)

    with open(path("course.yaml"), "w", encoding="utf-8") as f:
        f.write(f"""course: SYNTH{n}
title: Synthetic course ({n} students)
term: Spring 2026
timezone: Asia/Hong_Kong
rubric: rubric.yaml
roster: roster.csv
staff:
  - {{id: prof, name: Prof, role: instructor}}
  - {{id: ta1, name: TA One, role: ta}}
  - {{id: ta2, name: TA Two, role: ta}}
calendar:
  week1_monday: 2026-01-19
  weeks: 13
  class: {{weekday: tuesday, start: "09:00"}}
paper_reading: {{weeks: 3-11, per_week: {per_week}, slot_minutes: 1, registration_deadline: 2026-01-30T23:59}}
group_max_size: 2
sources:
  - {{kind: groups, file: data/groups.csv}}
  - {{kind: registrations, file: data/signups.csv}}
  - {{kind: uploads, file: data/uploads.csv}}
  - {{kind: scores, file: data/staff-scores.csv}}
  - {{kind: scores, file: data/peer-forms.csv, map: peer-map.yaml}}
""")
    with open(path("rubric.yaml"), "w", encoding="utf-8") as f:
        f.write("""id: synth
components:
  - id: paper-reading
    title: Paper Reading
    items:
      - {id: pr-upload, title: Slides on time, weight: 10, scorer: on-time-upload, target: student, config: {grace: 2h, deduct: 0.25, cutoff: 72h}}
      - id: pr-presentation
        title: Presentation
        weight: 30
        scorer: presentation-quality
        target: student
        criteria:
""" + "".join(f"          - {{id: {c}, title: {c}, max: 5}}\n" for c in CRITERIA) + """        config: {staff_weight: 0.7, peer_weight: 0.3, peer_aggregate: mean, min_peer_ratings: 3}
      - id: pr-feedback
        title: Feedback quality
        weight: 10
        scorer: feedback-quality
        target: student
        criteria: [{id: useful, title: Useful, max: 4}]
        config: {reviews_of: pr-presentation}
  - id: project
    title: Project
    items:
      - id: proposal
        title: Proposal
        weight: 50
        scorer: proposal
        target: group
        criteria: [{id: topic, title: Topic, max: 10}, {id: structure, title: Structure, max: 10}]
        config: {due: 2026-03-13T23:59, grace: 1h, deduct: 0.1, floor: 0.5, cutoff: 7d}
""")
    with open(path("peer-map.yaml"), "w", encoding="utf-8") as f:
        f.write("item: pr-presentation\nrater: {column: Email, match: email}\ntarget: {column: Presentation, match: slot}\n"
                "submitted_at: {column: Completion time, format: \"M/d/yyyy H:mm:ss\"}\ncriteria:\n"
                + "".join(f"  {c}: \"{q}\"\n" for c, q in zip(CRITERIA, QUESTIONS)) + "comment: Comments\n")

    ids = [f"u{3035000000 + i}" for i in range(n)]
    names = [f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)} {i}" if i % 7 == 0 else f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)} {i}" for i in range(n)]
    with open(path("roster.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "name", "email"])
        for i in range(n):
            w.writerow([ids[i], names[i], f"{ids[i]}@connect.hku.hk"])
    with open(path("data/groups.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["group_id", "student_id"])
        for i in range(n):
            w.writerow([f"G{i // 2:06d}", ids[i]])
    slots = [f"W{3 + s // per_week:02d}-{s % per_week + 1}" for s in range(n)]
    order = list(range(n))
    rng.shuffle(order)
    slot_of = {}
    base = dt.datetime(2026, 1, 20, 9, 0)
    with open(path("data/signups.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "registered_at", "choice_1"])
        for rank, i in enumerate(order):
            slot_of[i] = slots[rank]
            at = base + dt.timedelta(seconds=rank * 10)
            w.writerow([ids[i], at.strftime("%Y-%m-%dT%H:%M:%S"), slots[rank]])
    with open(path("data/uploads.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "item", "submitted_at", "file"])
        for i in range(n):
            week = int(slot_of[i][1:3])
            day = dt.datetime(2026, 1, 19) + dt.timedelta(days=7 * (week - 1))
            w.writerow([ids[i], "pr-upload", (day + dt.timedelta(hours=rng.randint(-20, 40))).strftime("%Y-%m-%dT%H:%M"), f"s/{ids[i]}.pdf"])
            if i % 2 == 0:
                w.writerow([ids[i], "proposal", f"2026-03-{rng.randint(10, 15):02d}T{rng.randint(0, 23):02d}:00", ""])
    ability = [rng.uniform(0.5, 0.95) for _ in range(n)]
    with open(path("data/staff-scores.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["target", "item", "criterion", "rater", "score"])
        for i in range(n):
            rater = "ta1" if i % 2 else "ta2"
            for c in CRITERIA:
                w.writerow([ids[i], "pr-presentation", c, rater, min(5, max(0, round(ability[i] * 5 + rng.uniform(-1, 1))))])
    with open(path("data/peer-forms.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Id", "Start time", "Completion time", "Email", "Name", "Presentation"] + QUESTIONS + ["Comments"])
        response = 1
        for i in range(n):
            label = f"{slot_of[i]} {names[i]} — paper {i % 997}"
            # The talk starts at the class (Tuesday 09:00) of its week, one minute a slot; reviews
            # come in during the hour after it.
            week, number = int(slot_of[i][1:3]), int(slot_of[i].split("-")[1])
            talk = dt.datetime(2026, 1, 20, 9, 0) + dt.timedelta(days=7 * (week - 1), minutes=number - 1)
            for k in range(8):
                r = (i + 1 + k * 7919) % n
                if r == i:
                    continue
                marks = [str(min(5, max(0, round(ability[i] * 5 + rng.uniform(-1.5, 1.5))))) for _ in CRITERIA]
                if rng.random() < 0.2:
                    marks[4] = ""
                t = talk + dt.timedelta(minutes=5 + 7 * k, seconds=response % 60)
                stamp = f"{t.month}/{t.day}/{t.year} {t.hour}:{t.minute:02d}:{t.second:02d}"
                w.writerow([response, stamp, stamp, f"{ids[r]}@connect.hku.hk", names[r], label] + marks + [rng.choice(COMMENTS)])
                response += 1


if __name__ == "__main__":
    main()
