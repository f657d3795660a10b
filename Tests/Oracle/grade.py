#!/usr/bin/env python3
"""An independent reference grader: SPEC.md §7-§8 and RULES.md, written again from the text alone.

It reads a course folder (course.yaml, the rubric, the roster and every declared source) with
Python's own CSV, YAML and time-zone code, grades every student, and compares its percents,
statuses, totals and letters with the `results.json` that `gradebook build` wrote:

    python3 Tests/Oracle/grade.py COURSE COURSE/out/results.json [CANVAS.csv MOODLE.csv]

With the two LMS files (`gradebook export --canvas --moodle`) it checks their cells too, and it
checks the workbook and reports beside results.json (outputs.py). Exit 0 when they agree (to
1e-9), 1 with one line a difference. It shares no code with the Swift program, so a join done wrong there (a form response credited to the wrong student, a lateness
measured against the wrong due time) shows up here as a difference.

Covered: every built-in scorer. The `calibrated` peer aggregate is written from the math in
PeerCalibration's doc comment (SPEC leaves its iteration to us); an `external` item is scored by
running its program on a request built here from docs/external-scorers.md. The input is assumed
valid: the program checks it first.
"""
import csv
import datetime as dt
import json
import math
import os
import re
import sys
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import yaml

import outputs  # the checks of the files beside results.json

DEFAULT_SCALE = [("A+", 90), ("A", 85), ("A-", 80), ("B+", 75), ("B", 70), ("B-", 65),
                 ("C+", 60), ("C", 55), ("C-", 50), ("D+", 45), ("D", 40), ("F", 0)]
STAFF_ROLES = ("instructor", "ta")


def read_csv(path):
    """Rows as dicts keyed by the lower-cased, trimmed header, each with its 1-based start line."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip().lower() for h in next(reader)]
        header_raw = header
        line = reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            if all(not c.strip() for c in cells):
                continue
            cells = cells + [""] * (len(header) - len(cells))
            yield start, dict(zip(header_raw, (c.strip() for c in cells)))


def duration(text):
    """RULES 12: `<number><unit>` repeated, units w d h m s; a bare number is hours."""
    text = str(text).strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return dt.timedelta(hours=float(text))
    seconds = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
    total = 0.0
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)([wdhms])", text):
        total += float(number) * seconds[unit]
    return dt.timedelta(seconds=total)


class Clock:
    def __init__(self, zone):
        self.zone = ZoneInfo(zone)

    def iso(self, text):
        """RULES 9, 12: an instant; a naive time is wall-clock time in the course zone."""
        text = str(text).strip().replace(" ", "T", 1)
        if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
            text += "T00:00"
        m = re.fullmatch(r"(.*[T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)([+-]\d\d)$", text)
        if m:
            text = m.group(1) + m.group(2) + ":00"
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return self.place(value)

    def place(self, value):
        if value.tzinfo is None:
            value = value.replace(tzinfo=self.zone, fold=0)
        return value.astimezone(dt.timezone.utc)

    def pattern(self, text, fmt):
        """The map formats the sample uses: M/d/yyyy H:mm:ss and dd/MM/yyyy HH:mm:ss."""
        if fmt in ("M/d/yyyy H:mm:ss", "MM/dd/yyyy HH:mm:ss"):
            month, day, year, h, mi, s = map(int, re.split(r"[/ :]", text.strip()))
        elif fmt in ("d/M/yyyy H:mm:ss", "dd/MM/yyyy HH:mm:ss"):
            day, month, year, h, mi, s = map(int, re.split(r"[/ :]", text.strip()))
        else:
            raise SystemExit(f"oracle: timestamp format {fmt!r} is not covered")
        return self.place(dt.datetime(year, month, day, h, mi, s))


def fold_name(name):
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


class Course:
    fold = staticmethod(fold_name)  # RULES 25's name comparison, for outputs.py

    def __init__(self, folder, scores=True):
        self.folder = folder
        with open(os.path.join(folder, "course.yaml"), encoding="utf-8-sig") as f:
            self.config = yaml.safe_load(f)
        self.clock = Clock(self.config["timezone"])
        rubric = self.config["rubric"]
        path = rubric if ("/" in rubric or rubric.endswith((".yaml", ".yml"))) else f"Rubrics/{rubric}.yaml"
        local = os.path.join(folder, path)
        if not os.path.exists(local):
            local = os.path.join(os.path.dirname(__file__), "..", "..", "Rubrics", f"{rubric}.yaml")
        with open(local, encoding="utf-8-sig") as f:
            self.rubric = yaml.safe_load(f)
        self.items = [item for c in self.rubric["components"] for item in c["items"]]
        self.staff = {s["id"]: s for s in self.config.get("staff", [])}
        self.staff_email = {s["email"].lower(): s["id"] for s in self.staff.values() if s.get("email")}
        self.students = []
        self.email = {}            # lower-cased e-mail -> id
        self.names = {}            # folded name -> ids
        self.people = {}           # id -> (name, e-mail) as the roster writes them
        for _, row in read_csv(os.path.join(folder, self.config["roster"])):
            self.students.append(row["student_id"])
            self.people[row["student_id"]] = (row["name"], row["email"])
            self.email[row["email"].lower()] = row["student_id"]
            # Other addresses the student may write (the roster's optional `other_emails`).
            for other in re.split(r"[;,\s]+", row.get("other_emails") or ""):
                if other:
                    self.email.setdefault(other.lower(), row["student_id"])
            self.names.setdefault(fold_name(row["name"]), []).append(row["student_id"])
        self.student_set = set(self.students)
        self.sources = self.config.get("sources", [])
        self.group_of, self.members = {}, {}
        for source in self.of_kind("groups"):
            for _, row in read_csv(self.path(source)):
                self.group_of[row["student_id"]] = row["group_id"]
                self.members.setdefault(row["group_id"], []).append(row["student_id"])
        self.schedule()
        self.read_uploads_and_adjustments()
        if not scores:
            return
        self.read_scores()
        self.contributions = {}
        for source in self.of_kind("contributions"):
            for _, row in read_csv(self.path(source)):
                self.contributions[(row["group_id"], row["rater"], row["ratee"])] = float(row["score"])

    def path(self, source):
        return os.path.join(self.folder, source["file"])

    def of_kind(self, kind):
        return [s for s in self.sources if s["kind"] == kind]

    # -- scheduling (SPEC §6, RULES 10, 14-18) ----------------------------------------------------
    def slot_start(self, week, n, track):
        cal = self.config["calendar"]
        monday = dt.date.fromisoformat(str(cal["week1_monday"]))
        weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        day = monday + dt.timedelta(days=7 * (week - 1) + weekdays.index(cal["class"]["weekday"].lower()))
        hour, minute = map(int, str(cal["class"]["start"]).split(":"))
        start = self.clock.place(dt.datetime(day.year, day.month, day.day, hour, minute))
        return start + dt.timedelta(minutes=(n - 1) * track["slot_minutes"])

    def track_of(self, slot):
        week, n = slot
        for name in ("paper_reading", "project_talks"):
            track = self.config.get(name)
            if not track:
                continue
            first, last = map(int, str(track["weeks"]).split("-"))
            if first <= week <= last and 1 <= n <= track["per_week"]:
                return name
        raise SystemExit(f"oracle: slot {slot} in no track")

    def schedule(self):
        rows = []
        for position, source in enumerate(self.sources):
            if source["kind"] != "registrations":
                continue
            for line, row in read_csv(self.path(source)):
                choices = [row[k] for k in sorted((k for k in row if re.fullmatch(r"choice_\d+", k)),
                                                  key=lambda k: int(k.split("_")[1])) if row[k]]
                slots = []
                for choice in choices:
                    m = re.fullmatch(r"[Ww](\d+)-(\d+)", choice)
                    slots.append((int(m.group(1)), int(m.group(2))))
                rows.append((self.clock.iso(row["registered_at"]), position, line, row["student_id"], slots))
        rows.sort(key=lambda r: (r[0], r[1], r[2]))
        self.holder = {}          # (week, n) -> student or group
        self.held = {}            # (track, holder) -> (slot, registered_at)
        for at, _, _, student, slots in rows:
            track = self.track_of(slots[0])
            holder = student if track == "paper_reading" else self.group_of.get(student)
            if holder is None or (track, holder) in self.held:
                continue
            for slot in slots:
                if slot not in self.holder:
                    self.holder[slot] = holder
                    self.held[(track, holder)] = (slot, at)
                    break

    # -- uploads, adjustments ---------------------------------------------------------------------
    def read_uploads_and_adjustments(self):
        self.uploads = {}          # (student, item) -> earliest instant (RULES 20)
        self.upload_rows = []      # every upload, for external scorers
        for source in self.of_kind("uploads"):
            for _, row in read_csv(self.path(source)):
                key = (row["student_id"], row["item"])
                at = self.clock.iso(row["submitted_at"])
                self.uploads[key] = min(at, self.uploads.get(key, at))
                self.upload_rows.append((row["student_id"], row["item"], at, row.get("file", "")))
        self.excused, self.override, self.extension = set(), {}, {}
        for source in self.of_kind("adjustments"):
            for _, row in read_csv(self.path(source)):
                key = (row["student_id"], row["item"])
                action = row["action"].lower()
                if action == "excuse":
                    self.excused.add(key)
                elif action == "override":
                    self.override[key] = float(row["value"])
                elif action == "extend":
                    self.extension[key] = duration(row["value"])

    # -- scores (SPEC §4, RULES 24-27) ------------------------------------------------------------
    def read_scores(self):
        scores = {}   # (target, item, criterion, rater) -> points; later sources supersede (RULES 26)
        for source in self.of_kind("scores"):
            if source.get("map"):
                rows = self.form_rows(source)
            else:
                rows = ((r["target"], r["item"], r["criterion"], r["rater"], r["score"])
                        for _, r in read_csv(self.path(source)))
            for target, item, criterion, rater, points in rows:
                if points.strip() == "":
                    continue
                rater = self.rater_id(rater)
                scores[(target, item, criterion, rater)] = float(points)
        self.scores = scores

    def rater_id(self, rater):
        if rater in self.staff or rater in self.student_set:
            return rater
        lower = rater.lower()
        return self.staff_email.get(lower) or self.email.get(lower) or rater

    def form_rows(self, source):
        with open(os.path.join(self.folder, source["map"]), encoding="utf-8-sig") as f:
            form = yaml.safe_load(f)
        item = form["item"]
        group_item = self.item(item)["target"] == "group"

        def column(value):
            return " ".join(str(value).split()).lower()

        def spec(value):
            return (value, "id") if isinstance(value, str) else (value["column"], value.get("match", "id"))

        rater_column, rater_match = spec(form["rater"])
        target_column, target_match = spec(form["target"])
        for _, row in read_csv(self.path(source)):
            row = {column(k): v for k, v in row.items()}
            rater = self.match(row[column(rater_column)], rater_match, group_item=False)
            target = self.match(row[column(target_column)], target_match, group_item)
            for criterion, header in form["criteria"].items():
                yield target, item, criterion, rater, row[column(header)]

    def match(self, cell, how, group_item):
        if how == "id":
            return cell
        if how == "email":
            lower = cell.lower()
            return self.email.get(lower) or self.staff_email.get(lower) or cell
        if how == "name":
            (student,) = self.names[fold_name(cell)]
            return student
        if how == "slot":
            m = re.match(r"[Ww](\d+)-(\d+)(?!\d)", cell)
            return self.holder[(int(m.group(1)), int(m.group(2)))]
        raise SystemExit(f"oracle: match {how!r}")

    def item(self, item_id):
        return next(i for i in self.items if i["id"] == item_id)

    def role(self, rater, target, item):
        """RULES 24."""
        if rater in self.staff:
            return "staff"
        own = target == rater if item["target"] == "student" else self.group_of.get(rater) == target
        return "self" if own else "peer"


def late_multiplier(config, submitted, due):
    """SPEC §7, RULES 19."""
    late = (submitted - due).total_seconds()
    grace = duration(config["grace"]).total_seconds() if "grace" in config else 0
    if late <= grace:
        return 1.0
    if "cutoff" in config and late > duration(config["cutoff"]).total_seconds():
        return 0.0
    per = duration(config.get("per", "24h")).total_seconds()
    return max(float(config.get("floor", 0)), 1 - float(config.get("deduct", 0)) * math.ceil(late / per))


def weighted(values):
    """Σ w·v / Σ w over (value, weight) pairs; None when there are none (or every weight is 0)."""
    total = sum(w for _, w in values)
    return None if not values or total == 0 else sum(v * w for v, w in values) / total


def median(values):
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


class Grader:
    def __init__(self, course):
        self.c = course
        self._biases = {}  # item id -> rater -> bias (`calibrated`)
        self.by_item, self.by_target = {}, {}
        for (target, item, criterion, rater), points in course.scores.items():
            self.by_item.setdefault(item, []).append((target, criterion, rater, points))
            self.by_target.setdefault((item, target), []).append((target, criterion, rater, points))

    def criteria(self, item):
        return {c["id"]: (float(c["max"]), float(c.get("weight", 1))) for c in item.get("criteria", [])}

    def ratings(self, item, target=None):
        if target is None:
            return iter(self.by_item.get(item["id"], []))
        return iter(self.by_target.get((item["id"], target), []))

    # Each scorer returns {student: (status, score or None)} for every roster student.
    def on_time_upload(self, item):
        cfg = item.get("config", {})
        rw, uw = float(cfg.get("registration_weight", 0.5)), float(cfg.get("upload_weight", 0.5))
        deadline_text = self.c.config["paper_reading"].get("registration_deadline")
        deadline = self.c.clock.iso(deadline_text) if deadline_text else None
        track = self.c.config["paper_reading"]
        before = duration(cfg.get("slides_due_before", "24h"))
        out = {}
        for s in self.c.students:
            held = self.c.held.get(("paper_reading", s))
            if not held:
                out[s] = ("no slot", 0.0)
                continue
            (week, n), registered = held
            r = 1.0 if deadline is None or registered <= deadline else 0.0
            due = self.c.slot_start(week, n, track) - before + self.c.extension.get((s, item["id"]), dt.timedelta())
            upload = self.c.uploads.get((s, item["id"]))
            u = late_multiplier(cfg, upload, due) if upload else 0.0
            out[s] = ("graded", (rw * r + uw * u) / (rw + uw))
        pending = not any(k[0] == "paper_reading" for k in self.c.held) and \
            not any(k[1] == item["id"] for k in self.c.uploads)
        return out, pending

    def role_scores(self, item, target):
        crit = self.criteria(item)
        cfg = item.get("config", {})
        staff, peer = {}, {}
        peer_raters = set()
        for _, criterion, rater, points in self.ratings(item, target):
            role = self.c.role(rater, target, item)
            value = points / crit[criterion][0]
            if role == "staff":
                staff.setdefault(criterion, []).append(value)
            elif role == "peer":
                if cfg.get("peer_aggregate") == "calibrated":
                    value = min(1.0, max(0.0, value - self.biases(item).get(rater, 0.0)))
                peer.setdefault(criterion, []).append(value)
                peer_raters.add(rater)
        aggregate = cfg.get("peer_aggregate", "mean")

        def agg(values):
            if aggregate in ("mean", "calibrated"):
                return sum(values) / len(values)
            if aggregate == "median":
                return median(values)
            if aggregate == "trimmed-mean":
                drop = math.floor(Decimal(str(cfg.get("trim", 0.1))) * len(values))
                kept = sorted(values)[drop:len(values) - drop]
                return sum(kept) / len(kept)
            raise SystemExit(f"oracle: peer_aggregate {aggregate!r} is not covered")

        s = weighted([(sum(v) / len(v), crit[c][1]) for c, v in staff.items()])
        p = weighted([(agg(v), crit[c][1]) for c, v in peer.items()])
        if len(peer_raters) < int(cfg.get("min_peer_ratings", 1)):
            p = None
        return s, p

    def biases(self, item, rounds=50, minimum_shrinkage=1.0):
        """`calibrated` (PeerCalibration's doc comment): z_ij = s_j + b_i + ε over cells j = (target,
        criterion) of the whole item. Each round: s_j^(-i) = the staff mean of cell j if staff rated
        it, else the mean over the other peer raters k of (z_kj − b_k) (no other: left out);
        r_ij = z_ij − s_j^(-i); σ_ε² pooled within-rater variance of r; σ_b² = variance of the
        raters' mean residuals − mean of σ_ε²/n_i (raters seen twice or more); λ = max(1, σ_ε²/σ_b²)
        (σ_b² ≤ 0: every bias 0); b_i = Σ_j r_ij / (n_i + λ); without any staff anchor the biases
        are centred on 0. From b = 0, 50 rounds."""
        if item["id"] in self._biases:
            return self._biases[item["id"]]
        crit = self.criteria(item)
        observations, staff = [], {}
        for t, criterion, rater, points in self.ratings(item):
            role = self.c.role(rater, t, item)
            if role == "peer":
                observations.append((rater, (t, criterion), points / crit[criterion][0]))
            elif role == "staff":
                staff.setdefault((t, criterion), []).append(points / crit[criterion][0])
        anchors = {cell: sum(v) / len(v) for cell, v in staff.items()}
        raters = sorted({r for r, _, _ in observations})
        bias = {r: 0.0 for r in raters}
        by_cell = {}
        for k, (_, cell, _) in enumerate(observations):
            by_cell.setdefault(cell, []).append(k)
        for _ in range(rounds):
            residuals = {r: [] for r in raters}
            for rater, cell, z in observations:
                if cell in anchors:
                    truth = anchors[cell]
                else:
                    corrected = [observations[k][2] - bias[observations[k][0]] for k in by_cell[cell]]
                    if len(corrected) < 2:
                        continue
                    truth = (sum(corrected) - (z - bias[rater])) / (len(corrected) - 1)  # leave-one-out
                residuals[rater].append(z - truth)
            seen = {r: len(v) for r, v in residuals.items()}
            mean = {r: sum(v) / len(v) for r, v in residuals.items() if v}
            within = sum((x - mean[r]) ** 2 for r, v in residuals.items() for x in v)
            degrees = sum(n - 1 for n in seen.values() if n > 1)
            multi = [r for r in raters if seen[r] > 1]
            if degrees <= 0 or len(multi) <= 1:
                shrink = minimum_shrinkage
            else:
                noise = within / degrees
                means = [mean[r] for r in multi]
                grand = sum(means) / len(means)
                spread = sum((m - grand) ** 2 for m in means) / (len(means) - 1)
                bias_variance = spread - sum(noise / seen[r] for r in multi) / len(multi)
                shrink = math.inf if bias_variance <= 0 else max(minimum_shrinkage, noise / bias_variance)
            bias = {r: 0.0 if math.isinf(shrink) else sum(residuals[r]) / (seen[r] + shrink) for r in raters}
            if not anchors and raters:
                centre = sum(bias.values()) / len(raters)
                bias = {r: b - centre for r, b in bias.items()}
        self._biases[item["id"]] = bias
        return bias

    def presentation_quality(self, item):
        cfg = item.get("config", {})
        sw, pw = float(cfg.get("staff_weight", 1)), float(cfg.get("peer_weight", 1))
        out = {}
        for s in self.c.students:
            target = s if item["target"] == "student" else self.c.group_of.get(s)
            if target is None:
                out[s] = ("missing", 0.0)
                continue
            staff, peer = self.role_scores(item, target)
            score = weighted([(v, w) for v, w in ((staff, sw), (peer, pw)) if v is not None and w > 0])
            out[s] = ("missing", 0.0) if score is None else ("graded", score)
        return out, not self.by_item.get(item["id"])

    def feedback_quality(self, item):
        cfg = item.get("config", {})
        reviewed = self.c.item(cfg["reviews_of"])
        rcrit = self.criteria(reviewed)
        crit = self.criteria(item)
        ratings = list(self.ratings(reviewed))
        targets = {t for t, _, _, _ in ratings}
        staff_mean, peers = {}, {}
        for t, criterion, rater, points in ratings:
            role = self.c.role(rater, t, reviewed)
            value = points / rcrit[criterion][0]
            if role == "staff":
                staff_mean.setdefault((t, criterion), []).append(value)
            elif role == "peer":
                peers.setdefault((t, criterion), []).append((rater, value))
        staff_mean = {k: sum(v) / len(v) for k, v in staff_mean.items()}
        by_rater = {}
        for (t, c), vs in peers.items():
            for r, v in vs:
                by_rater.setdefault(r, []).append((t, c, v))
        quality_ratings = {}
        for t, criterion, rater, points in self.ratings(item):
            quality_ratings.setdefault(t, []).append((criterion, rater, points))
        weights = [float(cfg.get(k, 1)) for k in ("participation_weight", "quality_weight", "agreement_weight")]
        out = {}
        for s in self.c.students:
            own = s if reviewed["target"] == "student" else self.c.group_of.get(s)
            e = len(targets) - (own in targets)
            mine = by_rater.get(s, [])
            participation = min(1.0, len({t for t, _, _ in mine}) / e) if e > 0 else None
            quality_by = {}
            for criterion, rater, points in quality_ratings.get(s, []):
                if self.c.role(rater, s, item) == "staff":
                    quality_by.setdefault(criterion, []).append(points / crit[criterion][0])
            quality = weighted([(sum(v) / len(v), crit[c][1]) for c, v in quality_by.items()])
            gaps = []
            for t, c, v in mine:
                if (t, c) in staff_mean:
                    kappa = staff_mean[(t, c)]
                else:
                    others = [x for r, x in peers[(t, c)] if r != s]
                    if not others:
                        continue
                    kappa = median(others)
                gaps.append(abs(v - kappa))
            agreement = 1 - sum(gaps) / len(gaps) if gaps else None
            parts = [(v, w) for v, w in zip((participation, quality, agreement), weights) if v is not None]
            score = weighted(parts) if parts else None
            out[s] = ("missing", 0.0) if score is None else ("graded", score)
        has_peer = any(self.c.role(r, t, reviewed) == "peer" for t, _, r, _ in ratings)
        has_staff = any(self.c.role(r, t, item) == "staff" for t, _, r, _ in self.ratings(item))
        return out, not has_peer and not has_staff

    def group_item(self, item, webpa):
        cfg = item.get("config", {})
        crit = self.criteria(item)
        due = self.c.clock.iso(cfg["due"])
        out = {}
        for s in self.c.students:
            g = self.c.group_of.get(s)
            staff = {}
            for _, criterion, rater, points in self.ratings(item, g) if g else []:
                if self.c.role(rater, g, item) == "staff":
                    staff.setdefault(criterion, []).append(points / crit[criterion][0])
            score = weighted([(sum(v) / len(v), crit[c][1]) for c, v in staff.items()])
            if g is None or score is None:
                out[s] = ("missing", 0.0)
                continue
            members = self.c.members[g]
            uploads = [self.c.uploads[(m, item["id"])] for m in members if (m, item["id"]) in self.c.uploads]
            if uploads:
                extension = self.c.extension.get((s, item["id"]), dt.timedelta())
                score *= late_multiplier(cfg, min(uploads), due + extension)
            contribution = cfg.get("contribution")
            if webpa and contribution:
                w = float(contribution["weight"])
                given = {i: {j: self.c.contributions.get((g, i, j), 0.0) for j in members} for i in members}
                raters = [i for i in members if sum(given[i].values()) > 0]
                if raters:
                    factor = len(members) / len(raters) * sum(given[i][s] / sum(given[i].values()) for i in raters)
                    score = min(1.0, max(0.0, score * (1 - w + w * factor)))
            out[s] = ("graded", score)
        has_staff = any(self.c.role(r, t, item) == "staff" for t, _, r, _ in self.ratings(item))
        return out, not has_staff

    def external(self, item):
        """docs/external-scorers.md: the item's data as JSON on the program's standard input, run in
        the workspace folder; its scores per target (a group's to every member; a target left out
        is `missing`), or pending."""
        import subprocess

        cfg = item.get("config", {})
        group_item = item["target"] == "group"
        roles = {"staff": None, "peer": "peer", "self": "self"}
        request = {
            "course": self.c.config["course"],
            "item": {"id": item["id"], "title": item.get("title", ""), "target": item["target"],
                     "weight": item["weight"], "criteria": [c["id"] for c in item.get("criteria", [])]},
            "config": cfg.get("options", {}),
            "targets": sorted(self.c.members) if group_item else list(self.c.students),
            "groups": self.c.members,
            "ratings": [{"target": t, "criterion": c, "rater": r,
                         "role": roles[self.c.role(r, t, item)] or self.c.staff[r]["role"], "points": p}
                        for t, c, r, p in self.ratings(item)],
            "uploads": [{"student": s, "item": i, "submitted_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "file": f}
                        for s, i, at, f in self.c.upload_rows],
        }
        done = subprocess.run(cfg["command"], cwd=self.c.folder, input=json.dumps(request), capture_output=True,
                              text=True, timeout=60, check=True)
        answer = json.loads(done.stdout)
        if "pending" in answer:
            return {}, True
        out = {}
        for s in self.c.students:
            target = self.c.group_of.get(s) if group_item else s
            score = answer["scores"].get(target) if target is not None else None
            out[s] = ("missing", 0.0) if score is None else ("graded", float(score["score"]))
        return out, False

    def grade(self):
        results = {}
        for item in self.c.items:
            kind = item["scorer"]
            if kind == "on-time-upload":
                out, pending = self.on_time_upload(item)
            elif kind == "presentation-quality":
                out, pending = self.presentation_quality(item)
            elif kind == "feedback-quality":
                out, pending = self.feedback_quality(item)
            elif kind in ("proposal", "final-project"):
                out, pending = self.group_item(item, webpa=kind == "final-project")
            elif kind == "external":
                out, pending = self.external(item)
            else:
                raise SystemExit(f"oracle: scorer {kind!r} is not covered")
            for s in self.c.students:
                status, score = ("pending", None) if pending else out[s]
                key = (s, item["id"])
                if key in self.c.override:                       # RULES 4, 5
                    status, score = "override", self.c.override[key] / 100
                elif key in self.c.excused:
                    status, score = "excused", None
                results[key] = (status, score)
        return results


def letter(total, scale):
    """RULES 7: half-up to 2 decimals from the shortest representation."""
    rounded = Decimal(repr(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return next(name for name, minimum in scale if Decimal(str(minimum)) <= rounded)


def main():
    folder, results_path = sys.argv[1], sys.argv[2]
    with open(results_path, encoding="utf-8") as f:
        program = json.load(f)
    course = Course(folder)
    results = Grader(course).grade()
    scale = [(e["letter"], e["min"]) for e in course.config["scale"]] if course.config.get("scale") else DEFAULT_SCALE
    differences = []

    def close(a, b):
        return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 1e-9 * max(1, abs(a)))

    if [s["student_id"] for s in program["students"]] != course.students:
        differences.append("students: not every roster student, in roster order")
    for entry in program["students"]:
        s = entry["student_id"]
        counted = []
        for item in course.items:
            status, score = results[(s, item["id"])]
            percent = None if score is None else 100 * score
            got = entry["items"][item["id"]]
            if got["status"] != status or not close(got["percent"], percent):
                differences.append(f"{s} {item['id']}: program {got['status']} {got['percent']}, oracle {status} {percent}")
            if status not in ("excused", "pending"):
                counted.append((score, float(item["weight"])))
        total = weighted(counted)
        total = None if total is None else 100 * total
        # The letter from the program's total when the two totals agree: at an exact tie the two
        # computations may fall on either side of it in the last bit, and RULES 7 rounds the number
        # computed.
        near = entry["total"] if close(entry["total"], total) else total
        expected_letter = None if near is None else letter(near, scale)
        if not close(entry["total"], total) or entry["letter"] != expected_letter:
            differences.append(f"{s} total: program {entry['total']} {entry['letter']}, oracle {total} {expected_letter}")
    if len(sys.argv) == 5:
        differences += outputs.lms_differences(course, program, sys.argv[3], sys.argv[4])
    out = os.path.dirname(results_path)
    if os.path.exists(os.path.join(out, "gradebook.xlsx")):
        differences += outputs.workbook_differences(course, program, os.path.join(out, "gradebook.xlsx"))
    if os.path.isdir(os.path.join(out, "reports")):
        differences += outputs.report_differences(course, program, os.path.join(out, "reports"))
    for line in differences:
        print(line)
    checked = sum(1 for k in results if results[k][1] is not None)
    print(f"oracle: {len(program['students'])} students, {len(course.items)} items, {checked} scores: "
          f"{len(differences)} difference(s)", file=sys.stderr)
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
