#!/usr/bin/env python3
"""Writes the sample course Samples/data8018/ (deterministic: same output every run).

A semester of HKU's DATA8018 Deep Generative Models: 24 students in 12 groups of two, paper-reading
sign-ups with contention and ties, slide/proposal/blog uploads (a few late), TA and instructor scores,
a Microsoft Forms peer-feedback export, project-talk peer ratings, WebPA contribution ratings, and
adjustments (an excuse, an override, an extension).

Run:  python3 Samples/generate_data8018.py
"""
import csv
import datetime as dt
import os
import random

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data8018")
rng = random.Random(8018)
HKT = dt.timezone(dt.timedelta(hours=8))

STUDENTS = [
    ("u3035101234", "Chan Tai Man"), ("u3035102345", "Wong, Siu Ming"), ("u3035103456", "李嘉欣 (Lee Ka Yan)"),
    ("u3035104567", "Cheung Wing Sze"), ("u3035105678", "Lam Chi Hung"), ("u3035106789", "Ng Hoi Yan"),
    ("u3035107890", "陳志明 (Chan Chi Ming)"), ("u3035108901", "Ho, Ka Lok"), ("u3035109012", "Leung Mei Ling"),
    ("u3035110123", "Yeung Tsz Kin"), ("u3035111234", "Tsang Hiu Tung"), ("u3035112345", "Lau Wai Kit"),
    ("u3035113456", "黃詩敏 (Wong Sze Man)"), ("u3035114567", "Kwok Chun Yin"), ("u3035115678", "Mak, Pui Shan"),
    ("u3035116789", "Choi Ho Yin"), ("u3035117890", "Fung Lok Yi"), ("u3035118901", "Tang Ka Ho"),
    ("u3035119012", "Siu Cheuk Lam"), ("u3035120123", "Law Hei Tung"), ("u3035121234", "周子謙 (Chow Tsz Him)"),
    ("u3035122345", "Poon Yan Ting"), ("u3035123456", "Hui, Man Kit"), ("u3035124567", "Tam Wing Yan"),
]
PAPERS = [
    "Denoising Diffusion Probabilistic Models", "Score-Based Generative Modeling through SDEs",
    "Flow Matching for Generative Modeling", "Auto-Encoding Variational Bayes", "Generative Adversarial Nets",
    "Neural Discrete Representation Learning (VQ-VAE)", "Attention Is All You Need", "Consistency Models",
    "Scalable Diffusion Models with Transformers (DiT)", "High-Resolution Image Synthesis with Latent Diffusion",
    "Glow: Generative Flow with Invertible 1x1 Convolutions", "Classifier-Free Diffusion Guidance",
    "Elucidating the Design Space of Diffusion Models", "Rectified Flow", "Pixel Recurrent Neural Networks",
    "Language Models are Few-Shot Learners", "Masked Autoencoders Are Scalable Vision Learners",
    "Zero-Shot Text-to-Image Generation", "Hierarchical Text-Conditional Image Generation with CLIP Latents",
    "Video Diffusion Models", "Direct Preference Optimization", "Stochastic Interpolants",
    "Autoregressive Image Generation without Vector Quantization", "Mean Flows for One-step Generative Modeling",
]
TOPICS = [
    "Diffusion models for video generation", "Flow matching and rectified flows", "Consistency and one-step generation",
    "Discrete diffusion for language", "Generative models for protein design", "Diffusion for weather forecasting",
    "Autoregressive vs diffusion image models", "Preference alignment of generative models", "3D generation with score distillation",
    "Tokenizers for visual generation", "Generative world models", "Guidance in diffusion models",
]
ITEM_CRITERIA = {
    "pr-presentation": [("question", 5), ("approach", 5), ("critique", 5), ("delivery", 5), ("discussion", 5)],
    "pr-feedback": [("specific", 4), ("constructive", 4), ("insight", 2)],
    "proposal": [("topic", 10), ("structure", 10), ("papers", 5)],
    "project-talk": [("overview", 5), ("connections", 5), ("insight", 5), ("delivery", 5)],
    "project": [("newcomer", 10), ("connections", 10), ("paradigms", 10), ("timeline", 10), ("challenges", 10),
                ("detail", 10), ("insight", 10), ("future", 10)],
}
COMMENTS = [
    "Clear motivation and a good walk through the derivation.",
    "The slides on the training objective were dense; an example would help.",
    "Great discussion of limitations.\nI would have liked more on compute cost.",
    "Nice connection to the score-matching view.",
    "Timing was tight: the last section felt rushed.",
    "=SUM(A1:A9) is how I felt about the results table (it just adds up)",
    "Very clear answer to the question about guidance scale.",
    "",
]
# What a reviewer writes instead when a classmate already wrote the comment drawn for them (two
# people rarely write the same sentence about one talk); drawn in order, so the RNG is untouched.
MORE_COMMENTS = [
    "The comparison table made the trade-offs easy to follow.",
    "I lost track of the notation halfway; a slide recapping the symbols would help.",
    "Good pacing, and the demo at the end was a nice touch.",
    "Could you say more about why the baseline fails on high-resolution images?",
    "The figure of the forward and reverse processes was very helpful.",
    "A bit quiet at the back of the room; please speak up next time.",
    "Interesting critique of the evaluation metrics.",
]


def unwritten(comment, written):
    """`comment`, or when it is already among `written` the first comment not yet there; noted."""
    if comment in written:
        comment = next(c for c in COMMENTS + MORE_COMMENTS if c and c not in written)
    if comment:
        written.add(comment)
    return comment


def hkt(y, m, d, h=0, mi=0, s=0):
    return dt.datetime(y, m, d, h, mi, s, tzinfo=HKT)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S")


def email(sid):
    return f"{sid}@connect.hku.hk"


# A student who filled in the peer-feedback form signed in to a personal account: the roster's
# other_emails column lists that address, and their first response comes from it.
OTHER_EMAILS = {"u3035112345": "Lau.WaiKit@gmail.com"}


def write(name, header, rows):
    path = os.path.join(ROOT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n" if name.endswith("peer-feedback.csv") else "\n")
        w.writerow(header)
        w.writerows(rows)


def slot_start(slot):
    week, n = int(slot[1:3]), int(slot[4:])
    tuesday = dt.date(2026, 1, 19) + dt.timedelta(days=7 * (week - 1) + 1)
    return hkt(tuesday.year, tuesday.month, tuesday.day, 14, 30) + dt.timedelta(minutes=45 * (n - 1))


def main():
    ids = [s for s, _ in STUDENTS]
    name = dict(STUDENTS)
    write("roster.csv", ["student_id", "name", "email", "programme", "other_emails"],
          [[s, n, email(s), "MDASC" if i % 3 else "MSc(CompSc)", OTHER_EMAILS.get(s, "").lower()]
           for i, (s, n) in enumerate(STUDENTS)])

    groups = {f"G{g + 1:02d}": [ids[2 * g], ids[2 * g + 1]] for g in range(12)}
    group_of = {m: g for g, ms in groups.items() for m in ms}
    write("data/groups.csv", ["group_id", "student_id"], [[g, m] for g, ms in groups.items() for m in ms])

    # Paper-reading sign-ups: weeks 3-11, 3 slots a week (27 slots), first come first served.
    slots = [f"W{w:02d}-{n}" for w in range(3, 12) for n in range(1, 4)]
    popular = ["W03-1", "W03-2", "W04-1", "W05-1", "W05-2"]
    rows = []
    opened = hkt(2026, 1, 20, 16, 0)
    for i, sid in enumerate(ids):
        if sid == "u3035124567":
            continue  # never registers: no slot
        at = opened + dt.timedelta(minutes=7 * i + rng.randint(0, 5))
        if i in (4, 5):
            at = opened + dt.timedelta(minutes=30)  # a tie, broken by file order
        if sid == "u3035123456":
            at = hkt(2026, 2, 2, 10, 15)  # after the registration deadline: R = 0
        if sid == "u3035122345":
            at = hkt(2026, 1, 30, 23, 59)  # exactly at the deadline (inclusive): R = 1
        first = popular[i % len(popular)] if i < 12 else slots[(i * 5) % len(slots)]
        others = [s for s in rng.sample(slots, 4) if s != first]
        rows.append([sid, iso(at), first] + others[:3] + [PAPERS[i]])
    rows.append([ids[2], iso(hkt(2026, 1, 21, 9, 0)), "W09-3", "", "", "", PAPERS[2]])  # a second registration: ignored with a warning
    write("data/paper-signups.csv", ["student_id", "registered_at", "choice_1", "choice_2", "choice_3", "choice_4", "paper"], rows)
    schedule = simulate(rows)

    # Project-talk sign-ups: weeks 12-13, 6 slots a week; a group registers through any member.
    talk_slots = [f"W{w}-{n}" for w in (12, 13) for n in range(1, 7)]
    rows = []
    for g, (gid, members) in enumerate(groups.items()):
        at = hkt(2026, 3, 20, 10, 0) + dt.timedelta(minutes=11 * g)
        rows.append([members[g % 2], iso(at), talk_slots[g], talk_slots[(g + 1) % 12], TOPICS[g]])
    write("data/project-signups.csv", ["student_id", "registered_at", "choice_1", "choice_2", "topic"], rows)
    talk_schedule = {r[2]: group_of[r[0]] for r in rows}

    # Uploads: slides 24h before the slot (a few late), proposals, blogs.
    uploads = []
    for slot, sid in sorted(schedule.items()):
        due = slot_start(slot) - dt.timedelta(hours=24)
        offset = {"u3035105678": dt.timedelta(hours=1, minutes=30),  # within the 2h grace
                  "u3035110123": dt.timedelta(hours=26),              # one day late: -25%
                  "u3035116789": dt.timedelta(days=4)}.get(sid, -dt.timedelta(hours=rng.randint(2, 60)))
        uploads.append([sid, "pr-upload", iso(due + offset), f"slides/{sid}.pdf"])
        if sid == "u3035101234":
            uploads.append([sid, "pr-upload", iso(due + dt.timedelta(hours=5)), f"slides/{sid}-v2.pdf"])  # re-upload: earliest counts
    for g, (gid, members) in enumerate(groups.items()):
        due = hkt(2026, 3, 13, 23, 59)
        late = {"G04": dt.timedelta(hours=30), "G09": dt.timedelta(minutes=40)}.get(gid, -dt.timedelta(hours=rng.randint(3, 50)))
        uploads.append([members[g % 2], "proposal", iso(due + late), f"proposals/{gid}.pdf"])
        due = hkt(2026, 5, 8, 23, 59)
        late = {"G07": dt.timedelta(hours=20)}.get(gid, -dt.timedelta(hours=rng.randint(1, 30)))
        uploads.append([members[0], "project", iso(due + late), f"submissions/{gid}.html"])
    write("data/uploads.csv", ["student_id", "item", "submitted_at", "file"], uploads)

    # Staff scores in long form.
    staff_rows = []
    ability = {s: rng.uniform(0.55, 0.95) for s in ids}
    gability = {g: (ability[m[0]] + ability[m[1]]) / 2 for g, m in groups.items()}

    def pts(q, mx, noise=0.12):
        return max(0, min(mx, round((q + rng.uniform(-noise, noise)) * mx * 2) / 2))

    for slot, sid in sorted(schedule.items()):
        t = slot_start(slot) + dt.timedelta(hours=1)
        for rater in ("bdai", "ta-wong"):
            for c, mx in ITEM_CRITERIA["pr-presentation"]:
                staff_rows.append([sid, "pr-presentation", c, rater, pts(ability[sid], mx), "", iso(t)])
        staff_rows[-1][5] = "Well-chosen paper; see the comments on the discussion section."
    for sid in ids:
        if sid == "u3035124567":
            continue
        for c, mx in ITEM_CRITERIA["pr-feedback"]:
            staff_rows.append([sid, "pr-feedback", c, "ta-li", pts(ability[sid], mx), "", ""])
    for gid in groups:
        if gid == "G12":
            continue  # proposal not graded yet for G12: its members are missing
        for c, mx in ITEM_CRITERIA["proposal"]:
            staff_rows.append([gid, "proposal", c, "ta-wong", pts(gability[gid], mx), "", ""])
        staff_rows[-1][5] = "Focused topic; add two more recent papers."
    for slot, gid in sorted(talk_schedule.items()):
        for rater in ("bdai", "ta-li"):
            for c, mx in ITEM_CRITERIA["project-talk"]:
                staff_rows.append([gid, "project-talk", c, rater, pts(gability[gid], mx), "", ""])
    for gid in groups:
        for rater in ("bdai", "ta-wong"):
            for c, mx in ITEM_CRITERIA["project"]:
                staff_rows.append([gid, "project", c, rater, pts(gability[gid], mx), "", ""])
    write("data/staff-scores.csv", ["target", "item", "criterion", "rater", "score", "comment", "submitted_at"], staff_rows)

    # Microsoft Forms export: peer feedback on paper presentations (rater by email, target by slot).
    questions = [
        ("question", "The key research question of the paper was clearly explained"),
        ("approach", "How the paper explores this question was well presented"),
        ("critique", "Limitations, future work and personal thoughts were discussed"),
        ("delivery", "Delivery (clarity, pace, 30-35 minutes)"),
        ("discussion", "Handling of questions in the discussion (optional)"),
    ]
    header = ["Id", "Start time", "Completion time", "Email", "Name", "Which presentation are you reviewing?"] \
        + [q for _, q in questions] + ["Comments for the presenter (optional)"]
    rows = []
    rid = 1
    sent_from_other = set()
    for slot, presenter in sorted(schedule.items()):
        label = f"{slot} {name[presenter]} — {PAPERS[ids.index(presenter)]}"
        written = set()  # the comments this talk already has
        reviewers = rng.sample([s for s in ids if s != presenter], 7)
        if slot == "W04-1":
            reviewers.append(presenter)  # a self review: kept, never counted
        if slot in ("W10-1", "W10-2"):
            reviewers = []  # talks nobody reviewed: E excludes them
        for r in reviewers:
            finish = slot_start(slot) + dt.timedelta(minutes=50 + rng.randint(0, 600))
            start = finish - dt.timedelta(minutes=rng.randint(2, 9))
            q = min(1, max(0, ability[presenter] + rng.uniform(-0.2, 0.2)))
            marks = [str(int(pts(q, 5, 0.1))) for _ in questions]
            if rng.random() < 0.2:
                marks[4] = ""  # optional question left blank
            fmt = lambda t: f"{t.month}/{t.day}/{t.year} {t.hour}:{t.minute:02d}:{t.second:02d}"
            sender = email(r).upper() if rid % 9 == 0 else email(r)
            if r in OTHER_EMAILS and r not in sent_from_other:
                sender = OTHER_EMAILS[r]
                sent_from_other.add(r)
            rows.append([str(rid), fmt(start), fmt(finish), sender, name[r], label]
                        + marks + [unwritten(rng.choice(COMMENTS), written)])
            rid += 1
    write("data/peer-feedback.csv", header, rows)

    # Project-talk peer ratings, long form (students rate other groups' talks).
    rows = []
    for slot, gid in sorted(talk_schedule.items()):
        raters = rng.sample([s for s in ids if group_of[s] != gid], 4)
        for r in raters:
            for c, mx in ITEM_CRITERIA["project-talk"]:
                rows.append([gid, "project-talk", c, r, pts(gability[gid], mx, 0.2), ""])
    write("data/talk-peer-scores.csv", ["target", "item", "criterion", "rater", "score", "comment"], rows)

    # WebPA contribution ratings (1-5), self ratings included; G03's members rate unevenly.
    rows = []
    for gid, (a, b) in groups.items():
        if gid == "G05":
            continue  # no ratings: factor 1
        for rater in (a, b):
            for ratee in (a, b):
                score = 4 if gid != "G03" else (5 if ratee == a else 3)
                rows.append([gid, rater, ratee, score])
    write("data/contributions.csv", ["group_id", "rater", "ratee", "score"], rows)

    write("data/adjustments.csv", ["student_id", "item", "action", "value", "reason", "by"], [
        ["u3035119012", "pr-presentation", "excuse", "", "Medical certificate for week 9; presentation waived", "bdai"],
        ["u3035113456", "pr-feedback", "override", "85", "Re-marked after appeal: feedback forms submitted late by email", "bdai"],
        ["u3035110123", "pr-upload", "extend", "24h", "Family emergency; slides extension approved", "ta-wong"],
    ])

    for g, (gid, members) in enumerate(groups.items()):
        sections = "".join(f"<h2>{h}</h2><p>{'Lorem ipsum dolor sit amet. ' * (5 + (g * 7 + i) % 20)}</p>"
                           for i, h in enumerate(["Background", "Timeline", "Paradigms", "Challenges", "Future questions"][: 2 + g % 4]))
        refs = "".join(f"<li>Reference {i}</li>" for i in range(3 + g % 9))
        html = f"<!doctype html><html><head><title>{TOPICS[g]}</title></head><body><h1>{TOPICS[g]}</h1>{sections}<h2>References</h2><ol>{refs}</ol></body></html>\n"
        with open(os.path.join(ROOT, "submissions", f"{gid}.html"), "w", encoding="utf-8") as f:
            f.write(html)


def simulate(rows):
    """First come, first served, as the program does it (to generate consistent feedback)."""
    order = sorted(enumerate(rows), key=lambda p: (p[1][1], p[0]))
    taken, held = {}, {}
    for _, (sid, _, *choices) in order:
        choices = [c for c in choices if c.startswith("W")]
        if sid in held:
            continue
        for c in choices:
            if c and c not in taken:
                taken[c] = sid
                held[sid] = c
                break
    return taken


if __name__ == "__main__":
    main()
