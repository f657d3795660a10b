"""The outputs beside results.json, checked against it: the Canvas and Moodle files, the
*Gradebook* sheet of gradebook.xlsx, and every student's report (grade.py calls these once its own
grades agree with results.json's)."""
import csv
import html
import os
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from xml.etree import ElementTree


def two_decimals(value):
    """A percent as the LMS files show it: half-up to 2 decimals from the shortest representation."""
    return str(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def lms_differences(course, program, canvas_path, moodle_path):
    """docs/lms.md: Canvas writes EX for excused, blank for pending; Moodle `-` and blank; both two
    decimals, Moodle a Total. Every item is released (the sample releases all).

    The numbers are rounded from results.json's (already found equal to this grader's within 1e-9):
    at an exact tie (76.875) the two computations may land on either side of it in the last bit
    (76.87499999999999), and RULES 7 rounds the number computed."""
    differences = []
    entries = {e["student_id"]: e for e in program["students"]}

    def cell(entry, item, excused):
        got = entry["items"][item]
        if got["status"] == "excused":
            return excused
        return "" if got["status"] == "pending" else two_decimals(got["percent"])

    for path, skip, excused, student_column in ((canvas_path, 2, "EX", 2), (moodle_path, 1, "-", 0)):
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))[skip:]
        first = 5 if path == canvas_path else 3
        if [r[student_column] for r in rows] != course.students:
            differences.append(f"{path}: not every roster student, in roster order")
            continue
        for row in rows:
            s = row[student_column]
            expected = [cell(entries[s], item["id"], excused) for item in course.items]
            if path == moodle_path:
                expected.append("" if entries[s]["total"] is None else two_decimals(entries[s]["total"]))
            if row[first:] != expected:
                differences.append(f"{os.path.basename(path)} {s}: {row[first:]} != oracle {expected}")
    return differences


def workbook_differences(course, program, path):
    """The *Gradebook* sheet's cached values: an item's percent (none when excused or pending), the
    total and the letter, one row a student in roster order."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    sheet = ElementTree.fromstring(zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iterfind(".//m:sheetData/m:row", ns):
        cells = {}
        for c in row.iterfind("m:c", ns):
            column = re.match(r"[A-Z]+", c.get("r")).group(0)
            text = c.find("m:is/m:t", ns)
            value = c.find("m:v", ns)
            cells[column] = text.text if text is not None else (value.text if value is not None else None)
        rows.append(cells)
    header = {v: k for k, v in rows[0].items()}
    differences = []
    students = [r for r in rows[1:] if r.get("A") in course.student_set]
    if [r["A"] for r in students] != course.students:
        return ["workbook: the Gradebook sheet has not every roster student, in roster order"]
    for row, entry in zip(students, program["students"]):
        s = entry["student_id"]
        for item in course.items:
            got = row.get(header[item["id"]])
            status, percent = entry["items"][item["id"]]["status"], entry["items"][item["id"]]["percent"]
            expected = None if status in ("excused", "pending") else percent
            if (got is None) != (expected is None) or (got is not None and abs(float(got) - expected) > 1e-9 * max(1, abs(expected))):
                differences.append(f"workbook {s} {item['id']}: {got} != {expected}")
        total, letter_cell = row.get(header["Total"]), row.get(header["Letter"])
        if entry["total"] is None:
            if total not in (None, ""):
                differences.append(f"workbook {s} total: {total} != none")
        elif total is None or abs(float(total) - entry["total"]) > 1e-9 * abs(entry["total"]) or letter_cell != entry["letter"]:
            differences.append(f"workbook {s} total: {total} {letter_cell} != {entry['total']} {entry['letter']}")
    return differences


def report_differences(course, program, folder):
    """Each student's Markdown report: the total and letter, every item's status and score as
    shown (two decimals, as RULES 7 rounds); and neither report (Markdown, HTML) shows another
    student's id, e-mail or name (SPEC §10)."""
    differences = []
    people = {id: [id, email.casefold(), course.fold(name)] for id, (name, email) in course.people.items()}
    for entry in program["students"]:
        s = entry["student_id"]
        with open(os.path.join(folder, f"{s}.md"), encoding="utf-8") as f:
            text = f.read()
        if entry["total"] is not None:
            line = f"**{two_decimals(entry['total'])}** — letter **{entry['letter']}**"
            if line not in text:
                differences.append(f"report {s}: no line {line!r}")
        statuses = re.findall(r"^- Status: (.*)$", text, re.M)
        scores = re.findall(r"^- Score: (.*)$", text, re.M)
        expected_statuses = [entry["items"][i["id"]]["status"] for i in course.items]
        expected_scores = ["—" if entry["items"][i["id"]]["percent"] is None or entry["items"][i["id"]]["status"] in ("excused", "pending")
                           else two_decimals(entry["items"][i["id"]]["percent"]) + "%" for i in course.items]
        if statuses != expected_statuses or scores != expected_scores:
            differences.append(f"report {s}: statuses {statuses} scores {scores} != {expected_statuses} {expected_scores}")
        for name in (f"{s}.md", f"{s}.html"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                shown = course.fold(html.unescape(f.read()))
            for other, words in people.items():
                if other != s and any(w and w in shown for w in words):
                    differences.append(f"report {name}: shows another student ({other})")
    return differences
