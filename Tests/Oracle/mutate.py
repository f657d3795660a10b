#!/usr/bin/env python3
"""Writes a random but valid variant of a course folder, for the reference grader (grade.py).

    python3 Tests/Oracle/mutate.py SAMPLE DEST SEED

From the seed alone (the same seed gives the same folder) it changes what decides grades: peer
aggregates (calibrated too, with some peers rating a point high or low), role and part weights,
late policies and due times, the time zone; upload and registration times (so lateness, the
first-come-first-served order and who holds which slot change); staff and peer scores (changed,
blanked, dropped, superseded by a later source), how the form names presenters and raters;
group membership, contribution ratings; and excuses, overrides and extensions. Every change keeps
the input valid: the program must accept it.
"""
import csv
import datetime as dt
import os
import random
import re
import shutil
import sys

import yaml

sys.path.insert(0, os.path.dirname(__file__))
import grade  # noqa: E402  (the oracle's own reading of a course)


def rows_of(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def write_rows(path, rows, rng=None):
    """Writes a CSV; given `rng`, sometimes as a spreadsheet saves it: a BOM and CRLF line ends."""
    windows = rng is not None and rng.random() < 0.3
    with open(path, "w", encoding="utf-8-sig" if windows else "utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n" if windows else "\n").writerows(rows)


def shift(text, rng, days):
    value = dt.datetime.fromisoformat(text) + dt.timedelta(minutes=rng.randint(int(-days[0] * 1440), int(days[1] * 1440)))
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def points(maximum, rng):
    return str(rng.choice([x / 2 for x in range(0, int(2 * maximum) + 1)]))


def main():
    sample, dest, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(sample, dest, ignore=shutil.ignore_patterns("gradebook.sqlite*", "out"))
    course_path = os.path.join(dest, "course.yaml")
    with open(course_path, encoding="utf-8") as f:
        config = yaml.safe_load(f)
    rubric_path = os.path.join(dest, "Rubrics", f"{config['rubric']}.yaml")
    with open(rubric_path, encoding="utf-8") as f:
        rubric = yaml.safe_load(f)
    items = {i["id"]: i for c in rubric["components"] for i in c["items"]}
    maxima = {(i, c["id"]): float(c["max"]) for i, item in items.items() for c in item.get("criteria", [])}

    # The rubric's configuration.
    for item in items.values():
        cfg = item.setdefault("config", {})
        if item["scorer"] == "presentation-quality":
            cfg["peer_aggregate"] = rng.choice(["mean", "median", "trimmed-mean", "calibrated"])
            cfg["trim"] = rng.choice([0, 0.1, 0.2, 0.25, 0.34])
            cfg["min_peer_ratings"] = rng.randint(1, 6)
            cfg["staff_weight"], cfg["peer_weight"] = rng.choice([(0.7, 0.3), (1, 1), (0, 1), (1, 0), (2, 0.5)])
        if item["scorer"] == "feedback-quality":
            weights = rng.choice([(0.3, 0.5, 0.2), (1, 1, 1), (0, 1, 1), (1, 0, 0), (0.5, 0, 2)])
            cfg.update(zip(("participation_weight", "quality_weight", "agreement_weight"), weights))
        if item["scorer"] in ("on-time-upload", "proposal", "final-project"):
            cfg["grace"] = rng.choice(["0h", "1h", "2h", "30m"])
            cfg["deduct"] = rng.choice([0, 0.1, 0.25, 0.5])
            cfg["per"] = rng.choice(["12h", "24h", "2d"])
            cfg["floor"] = rng.choice([0, 0.3, 0.5])
            cfg.pop("cutoff", None)
            cutoff = rng.choice([None, "24h", "72h", "5d"])
            if cutoff:
                cfg["cutoff"] = cutoff
        if item["scorer"] == "on-time-upload":
            cfg["slides_due_before"] = rng.choice(["12h", "24h", "2d"])
            cfg["registration_weight"], cfg["upload_weight"] = rng.choice([(0.5, 0.5), (1, 3), (0, 1)])
        if item["scorer"] in ("proposal", "final-project"):
            cfg["due"] = shift(cfg["due"], rng, (2, 2))[:16]
        if item["scorer"] == "final-project":
            cfg["contribution"]["weight"] = rng.choice([0, 0.25, 0.5, 1])
    # A feedback item about the group talks: reviewers' own target is their group (RULES 31), and
    # with no staff ratings of the feedback its quality part is absent (RULES 35).
    if rng.random() < 0.5:
        rubric["components"].append({"id": "talk-feedback", "title": "Feedback on talks", "items": [{
            "id": "talk-feedback", "title": "Feedback on the final talks", "weight": rng.choice([0, 5, 10]),
            "scorer": "feedback-quality", "target": "student",
            "criteria": [{"id": "useful", "title": "Useful", "max": 4}],
            "config": {"reviews_of": "project-talk", "participation_weight": rng.choice([0, 1, 2]),
                       "quality_weight": 1, "agreement_weight": 1}}]})
    with open(rubric_path, "w", encoding="utf-8") as f:
        yaml.safe_dump(rubric, f, allow_unicode=True, sort_keys=False)

    # The course's time zone: naive times everywhere are read in it (RULES 9), some with DST.
    zone = rng.choice([None, "Europe/London", "America/New_York", "Australia/Sydney"])
    if zone:
        config["timezone"] = zone
    # The staff scores declared last: they then supersede the other score files (RULES 26), and
    # being the largest batch on top, the store reads them bottom up (CurrentFacts.ReadingAhead).
    if rng.random() < 0.3:
        staff_source = next(x for x in config["sources"] if x["file"] == "data/staff-scores.csv")
        config["sources"] = [x for x in config["sources"] if x is not staff_source] + [staff_source]
    # A second uploads file, and a second adjustments file that corrects some of the first's rows
    # (a later source supersedes the same key: an adjustment's is student, item and action).
    for kind, name in (("uploads", "data/uploads-late.csv"), ("adjustments", "data/adjustments-late.csv")):
        if rng.random() < 0.3:
            at = next(i for i, x in enumerate(config["sources"]) if x["kind"] == kind)
            config["sources"].insert(at + 1, {"kind": kind, "file": name})
    late = {x["file"] for x in config["sources"]}
    with open(course_path, "w", encoding="utf-8") as f:
        yaml.safe_dump(config, f, allow_unicode=True, sort_keys=False)
    form_source = next(x for x in config["sources"] if x.get("map"))

    data = os.path.join(dest, "data")
    # A student leaves their group (with the contribution ratings by and about them): they are
    # `missing` on every group item (RULES 36), and their partner's group has one member.
    if rng.random() < 0.5:
        rows = rows_of(os.path.join(data, "groups.csv"))
        leaver = rng.choice(rows[1:])[1]
        write_rows(os.path.join(data, "groups.csv"), [r for r in rows if r[1] != leaver])
        rows = rows_of(os.path.join(data, "contributions.csv"))
        write_rows(os.path.join(data, "contributions.csv"), [r for r in rows if leaver not in r[1:3]])
    # Uploads: times moved (earlier or later), rows dropped, and uploads of the same group item by
    # the other member (the group's earliest counts: RULES 20).
    group_of, members = {}, {}
    for group, student in rows_of(os.path.join(data, "groups.csv"))[1:]:
        group_of[student] = group
        members.setdefault(group, []).append(student)
    rows = rows_of(os.path.join(data, "uploads.csv"))
    kept = [rows[0]]
    for row in rows[1:]:
        if rng.random() < 0.1:
            continue
        if rng.random() < 0.5:
            row[2] = shift(row[2], rng, (2, 6))
        if rng.random() < 0.2:
            row[2] += rng.choice(["Z", "+08:00", "+0800", "-05"])
        kept.append(row)
        if items[row[1]]["target"] == "group" and row[0] in group_of and rng.random() < 0.5:
            other = rng.choice(members[group_of[row[0]]])
            kept.append([other, row[1], shift(row[2], rng, (3, 3)), row[3] if len(row) > 3 else ""])
    if "data/adjustments-late.csv" in late:  # written at the end; the schedule is read before
        write_rows(os.path.join(data, "adjustments-late.csv"), [["student_id", "item", "action", "value", "reason", "by"]])
    if "data/uploads-late.csv" in late:
        moved = [row for row in kept[1:] if rng.random() < 0.3]
        write_rows(os.path.join(data, "uploads-late.csv"), [kept[0]] + moved, rng)
        kept = [row for row in kept if not any(row is m for m in moved)]
    write_rows(os.path.join(data, "uploads.csv"), kept)

    # Registrations: times moved (across the deadline, and so the first-come-first-served order).
    # Also: slot ids written `w5-2` or `W5-2` (RULES 14), a blank choice between others (skipped,
    # RULES 17), and two rows at the same instant (then file order decides, RULES 15).
    for name in ("paper-signups.csv", "project-signups.csv"):
        rows = rows_of(os.path.join(data, name))
        choices = [i for i, h in enumerate(rows[0]) if h.startswith("choice_")]
        for index, row in enumerate(rows[1:], start=1):
            if rng.random() < 0.4:
                row[1] = shift(row[1], rng, (5, 12))
            if index > 1 and rng.random() < 0.1:
                row[1] = rows[index - 1][1]
            for i in choices:
                m = re.fullmatch(r"W(\d+)-(\d+)", row[i])
                if m and rng.random() < 0.2:
                    row[i] = rng.choice(["w", "W"]) + str(int(m.group(1))) + "-" + m.group(2)
            if len(choices) > 2 and rng.random() < 0.1:
                row[choices[1]] = ""
        write_rows(os.path.join(data, name), rows, rng)

    # Staff scores: changed, dropped; sometimes staff did not score the final talks at all (peers
    # alone grade them, and a calibration has no staff anchor).
    rows = rows_of(os.path.join(data, "staff-scores.csv"))
    kept = [rows[0]]
    unscored = "project-talk" if rng.random() < 0.2 else None
    for row in rows[1:]:
        if rng.random() < 0.08 or row[1] == unscored:
            continue
        if rng.random() < 0.2:
            row[4] = points(maxima[(row[1], row[2])], rng)
        kept.append(row)
    write_rows(os.path.join(data, "staff-scores.csv"), kept)
    staff_rows = kept[1:]

    # Contributions: changed, dropped.
    rows = rows_of(os.path.join(data, "contributions.csv"))
    kept = [rows[0]] + [r[:3] + [str(rng.randint(0, 5)) if rng.random() < 0.3 else r[3]]
                        for r in rows[1:] if rng.random() >= 0.1]
    write_rows(os.path.join(data, "contributions.csv"), kept)

    # The schedule these registrations give, so that every form response names a held slot.
    course = grade.Course(dest, scores=False)
    paper = [slot for slot, holder in course.holder.items() if course.track_of(slot) == "paper_reading"]

    # Slides uploaded exactly on a boundary of the late policy: at the grace's end, a second after
    # it, a whole `per` later (RULES 11, 19).
    upload_item = next(i for i in items.values() if i["scorer"] == "on-time-upload")
    cfg = upload_item["config"]
    track = config["paper_reading"]
    rows = rows_of(os.path.join(data, "uploads.csv"))
    for row in rows[1:]:
        held = course.held.get(("paper_reading", row[0]))
        if row[1] == upload_item["id"] and held and rng.random() < 0.3:
            (week, n), _ = held
            due = course.slot_start(week, n, track) - grade.duration(cfg["slides_due_before"])
            at = due + grade.duration(cfg["grace"]) + rng.choice(
                [dt.timedelta(0), dt.timedelta(seconds=1), grade.duration(cfg["per"]), grade.duration(cfg["per"]) + dt.timedelta(seconds=1)])
            row[2] = at.astimezone(course.clock.zone).strftime("%Y-%m-%dT%H:%M:%S")
    write_rows(os.path.join(data, "uploads.csv"), rows, rng)

    # Peer form: cells blanked or changed; a response whose slot is now free moves to a held slot
    # its rater has not reviewed (or is dropped).
    with open(os.path.join(dest, form_source["map"]), encoding="utf-8") as f:
        form = yaml.safe_load(f)
    rows = rows_of(os.path.join(data, "peer-feedback.csv"))
    header = [" ".join(h.split()).lower() for h in rows[0]]
    target_at = header.index(" ".join(form["target"]["column"].split()).lower())
    rater_at = header.index(" ".join(form["rater"]["column"].split()).lower())
    columns = {c: header.index(" ".join(h.split()).lower()) for c, h in form["criteria"].items()}
    # Raters also become staff (by their e-mail: RULES 24), write their e-mail in capitals (RULES 25)
    # or review their own talk (self: never counted).
    staff_emails = [s["email"] for s in config["staff"] if s.get("email")]
    own_slot = {holder: slot for slot, holder in course.holder.items() if slot in paper}
    email_of = course.email
    # The form may also name presenters by name or e-mail, and raters by id (the map's `match`):
    # names in any case and spacing (RULES 25).
    name_of = {id: name for id, (name, _) in course.people.items()}
    email_by_id = {id: email for id, (_, email) in course.people.items()}
    id_of = {**email_of, **{s["email"].lower(): s["id"] for s in config["staff"] if s.get("email")}}
    target_mode = rng.choice(["slot", "slot", "name", "email"])
    rater_mode = rng.choice(["email", "email", "id"])

    def spoken(name):
        words = [rng.choice([w, w.upper(), w.lower()]) for w in name.split()]
        return rng.choice(["", " "]) + rng.choice([" ", "  "]).join(words) + rng.choice(["", "  "])

    # Some peers are harsh or lenient raters (a point below or above what they would give): what
    # the `calibrated` aggregate estimates and takes out.
    leaning = {}

    def biased(cell, rater, maximum):
        lean = leaning.setdefault(rater.lower(), rng.choice([0, 0, 0, 1, -1, 1.5]))
        if cell.strip() == "" or lean == 0:
            return cell
        return str(min(maximum, max(0.0, float(cell) + lean)))

    # Half the variants give some students other e-mail addresses in the roster, and their form
    # responses are sent from one of them (rater, or presenter when named by e-mail).
    others = {}
    if rng.random() < 0.5:
        roster_path = os.path.join(dest, config["roster"])
        roster = rows_of(roster_path)
        header = [h.strip().lower() for h in roster[0]]
        at = header.index("student_id")
        if "other_emails" not in header:  # the sample's roster may have the column already
            roster[0].append(rng.choice(["other_emails", "Other_Emails"]))
            for entry in roster[1:]:
                entry.append("")
        column = [h.strip().lower() for h in roster[0]].index("other_emails")
        for entry in roster[1:]:
            if entry and rng.random() < 0.3:
                student = entry[at]
                others[student] = [f"{student}.personal@gmail.com", f"{student.upper()}@Outlook.com"][: rng.randint(1, 2)]
                entry[column] = rng.choice(["; ", ",", " "]).join(([entry[column]] if entry[column] else []) + others[student])
        write_rows(roster_path, roster, rng)

    def sent_from(student, cell):
        return rng.choice([str.upper, str.lower, str])(rng.choice(others[student])) if student in others and rng.random() < 0.6 else cell

    reviewed, kept, form_keys = set(), [rows[0]], []
    for row in rows[1:]:
        r = rng.random()
        if r < 0.05:
            row[rater_at] = rng.choice(staff_emails)
        elif r < 0.15:
            row[rater_at] = row[rater_at].upper()
        m = re.match(r"[Ww](\d+)-(\d+)(?!\d)", row[target_at])
        slot = (int(m.group(1)), int(m.group(2)))
        mine = own_slot.get(email_of.get(row[rater_at].lower()))
        if mine and rng.random() < 0.1:
            slot = mine
            row[target_at] = f"W{slot[0]:02d}-{slot[1]} (own talk)"
        if slot not in course.holder or (id_of[row[rater_at].lower()], slot) in reviewed:
            free = [s for s in paper if (id_of[row[rater_at].lower()], s) not in reviewed]
            if not free:
                continue
            slot = rng.choice(free)
            row[target_at] = f"W{slot[0]:02d}-{slot[1]} (moved)"
        reviewed.add((id_of[row[rater_at].lower()], slot))  # by person: an e-mail and another e-mail of one student are one rater
        if target_mode == "name":
            row[target_at] = spoken(name_of[course.holder[slot]])
        elif target_mode == "email":
            row[target_at] = rng.choice([str.upper, str.lower, str])(email_by_id[course.holder[slot]])
        rater_id = id_of[row[rater_at].lower()]
        form_keys.extend((course.holder[slot], form["item"], c, rater_id) for c in columns)
        if rater_mode == "id":
            row[rater_at] = rater_id
        else:
            row[rater_at] = sent_from(rater_id, row[rater_at])
        if target_mode == "email":
            row[target_at] = sent_from(course.holder[slot], row[target_at])
        for criterion, at in columns.items():
            r = rng.random()
            if r < 0.1:
                row[at] = ""
            elif r < 0.3:
                row[at] = points(maxima[(form["item"], criterion)], rng)
            row[at] = biased(row[at], row[rater_at], maxima[(form["item"], criterion)])
        if rng.random() < 0.04:  # a response with a comment and no rating gives no score (RULES 27)
            for at in columns.values():
                row[at] = ""
        kept.append(row)
    write_rows(os.path.join(data, "peer-feedback.csv"), kept)
    form["target"]["match"], form["rater"]["match"] = target_mode, rater_mode
    with open(os.path.join(dest, form_source["map"]), "w", encoding="utf-8") as f:
        yaml.safe_dump(form, f, allow_unicode=True, sort_keys=False)

    # Talk peer scores: changed, blanked; then, as the later source, some staff scores superseded
    # (RULES 26) with a new value.
    rows = rows_of(os.path.join(data, "talk-peer-scores.csv"))
    for row in rows[1:]:
        r = rng.random()
        if r < 0.1:
            row[4] = ""
        elif r < 0.3:
            row[4] = points(maxima[(row[1], row[2])], rng)
        row[4] = biased(row[4], row[3], maxima[(row[1], row[2])])
    keys = {tuple(r[:4]) for r in rows[1:]}
    group_members = {}
    for group, student in rows_of(os.path.join(data, "groups.csv"))[1:]:
        group_members.setdefault(group, []).append(student)
    for row in rows[1:]:
        if rng.random() < 0.05 and row[0] in group_members:  # a member rates their own group: self
            member = rng.choice(group_members[row[0]])
            if (row[0], row[1], row[2], member) not in keys:
                keys.discard(tuple(row[:4]))
                row[3] = member
                keys.add(tuple(row[:4]))
    for row in staff_rows:
        if rng.random() < 0.05 and tuple(row[:4]) not in keys:
            rows.append(row[:4] + [points(maxima[(row[1], row[2])], rng), "superseded"])
            keys.add(tuple(row[:4]))
    # ... and some single criteria of form responses (each response is stored as one row; a later
    # long-form score replaces just its criterion), or a criterion the response left blank.
    for key in form_keys:
        if rng.random() < 0.04 and key not in keys:
            rows.append(list(key) + [points(maxima[(key[1], key[2])], rng), "corrected after the form"])
            keys.add(key)
    # Some raters written as their e-mail (RULES 24-25), in any case; the file then depends on the
    # roster's e-mails, which edit.py may correct.
    for row in rows[1:]:
        if row[3] in course.people and rng.random() < 0.2:
            row[3] = rng.choice([str.upper, str])(course.people[row[3]][1])
    write_rows(os.path.join(data, "talk-peer-scores.csv"), rows)

    # Adjustments: excuses, overrides and extensions for random students and items.
    students = course.students
    rows = [["student_id", "item", "action", "value", "reason", "by"]]
    seen = set()
    for _ in range(rng.randint(0, 12)):
        student, item = rng.choice(students), rng.choice(list(items))
        action = rng.choice(["excuse", "override", "extend", "extend", "extend"])
        if (student, item, action) in seen:
            continue
        seen.add((student, item, action))
        value = {"excuse": "", "override": str(rng.randint(0, 100)), "extend": rng.choice(["6h", "24h", "3d", "1w"])}[action]
        rows.append([student, item, action, value, "random adjustment", "bdai"])
    write_rows(os.path.join(data, "adjustments.csv"), rows)
    if "data/adjustments-late.csv" in late:
        corrections = [rows[0]]
        for row in rows[1:]:
            if row[2] != "excuse" and rng.random() < 0.5:
                value = str(rng.randint(0, 100)) if row[2] == "override" else rng.choice(["12h", "2d"])
                corrections.append(row[:3] + [value, "corrected", "ta-wong"])
        student, item = rng.choice(students), rng.choice(list(items))
        if (student, item, "extend") not in seen:
            corrections.append([student, item, "extend", "36h", "late request", "ta-wong"])
        write_rows(os.path.join(data, "adjustments-late.csv"), corrections, rng)


if __name__ == "__main__":
    main()
