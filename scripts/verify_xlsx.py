#!/usr/bin/python3
"""Opens gradebook.xlsx in LibreOffice (headless, through UNO), forces recalculation, and checks:
1. every formula cell's recalculated value equals the value cached in the file;
2. the Gradebook totals and letters equal results.json;
3. after changing one weight on the Weights sheet, the recalculated totals equal the totals the
   engine computes with that weight (results.json of a build with the changed rubric).

usage: verify_xlsx.py WORKBOOK RESULTS_JSON [--edit SHEET_CELL VALUE EXPECTED_RESULTS_JSON]
Exit 0 when there are no differences; prints one line per difference otherwise.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile

import uno
from com.sun.star.beans import PropertyValue

TOLERANCE = 1e-9


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def cached_values(path):
    """(sheet name, cell) -> cached value, for every formula cell, read from the file's XML."""
    z = zipfile.ZipFile(path)
    workbook = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)})
    values = {}
    for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', workbook):
        xml = z.read("xl/" + targets[rid]).decode()
        # An empty cell is written `<c r="K21" s="2"/>`: its tag ends there (matched as a cell
        # with a body, it took the next cell's formula and value for its own).
        for ref, attributes, body in re.findall(r'<c r="([A-Z]+\d+)"([^>]*?)(?:/>|>(.*?)</c>)', xml):
            if "<f>" not in body:
                continue
            kind = (re.search(r' t="(\w+)"', attributes) or [None, None])[1]
            v = re.search(r"<v>(.*?)</v>", body)
            text = v.group(1) if v else ""
            values[(name, ref)] = text if kind == "str" else float(text) if text else ""
    return values


def start_office():
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    port = 2002 + os.getpid() % 1000
    office = subprocess.Popen([
        "soffice", "--headless", "--invisible", "--norestore", "--nologo",
        f"-env:UserInstallation=file://{profile}",
        f"--accept=socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext",
    ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            context = resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
            desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
            return office, desktop
        except Exception:
            time.sleep(0.5)
    office.kill()
    raise SystemExit("LibreOffice did not start")


def cell_value(sheet, ref):
    cell = sheet.getCellRangeByName(ref)
    from com.sun.star.table.CellContentType import TEXT, FORMULA
    if cell.getType() == FORMULA:
        result_type = cell.FormulaResultType2
        return cell.getString() if result_type == 2 else cell.getValue() if cell.getString() != "" else ""
    return cell.getValue()


def compare(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))
    return str(a) == str(b)


def main():
    args = sys.argv[1:]
    workbook_path, results_path = os.path.abspath(args[0]), args[1]
    edit = args[3:6] if len(args) >= 6 and args[2] == "--edit" else None
    expected = json.load(open(results_path))
    cached = cached_values(workbook_path)
    office, desktop = start_office()
    differences = []
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(workbook_path), "_blank", 0, (prop("Hidden", True),))
        doc.calculateAll()
        sheets = doc.Sheets
        for (name, ref), value in cached.items():
            recalculated = cell_value(sheets.getByName(name), ref)
            if not compare(recalculated, value):
                differences.append(f"{name}!{ref}: cached {value!r}, LibreOffice {recalculated!r}")
        header = [sheets.getByName("Gradebook").getCellByPosition(c, 0).getString() for c in range(200)]
        total_col, letter_col = header.index("Total"), header.index("Letter")
        gradebook = sheets.getByName("Gradebook")

        def check_totals(results, label):
            for i, student in enumerate(results["students"]):
                total = cell_value(gradebook, gradebook.getCellByPosition(total_col, i + 1).AbsoluteName.split(".")[-1].replace("$", ""))
                letter = gradebook.getCellByPosition(letter_col, i + 1).getString()
                want = student["total"] if student["total"] is not None else ""
                if not compare(total, float(want) if want != "" else ""):
                    differences.append(f"{label} {student['student_id']}: total {total!r}, engine {want!r}")
                if letter != (student["letter"] or ""):
                    differences.append(f"{label} {student['student_id']}: letter {letter!r}, engine {student['letter']!r}")

        check_totals(expected, "results.json")
        checked = len(cached)
        if edit:
            ref, value, edited_results = edit
            sheet_name, cell = ref.split("!")
            sheets.getByName(sheet_name).getCellRangeByName(cell).setValue(float(value))
            doc.calculateAll()
            check_totals(json.load(open(edited_results)), f"after {ref} = {value}:")
        doc.close(True)
    finally:
        office.terminate()
        office.wait(timeout=30)
    for line in differences:
        print(line)
    print(f"{checked} formula cells and {len(expected['students'])} totals checked{' (and again after the weight edit)' if edit else ''}: {len(differences)} difference(s)")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
