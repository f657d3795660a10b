#!/usr/bin/env python3
"""The tools people use instead: the same work as bench/c/pipeline.c with pandas, written to XLSX by
XlsxWriter or openpyxl (write-only). usage: pandas_pipeline.py DATA_DIR OUT.xlsx xlsxwriter|openpyxl"""
import sys

import pandas as pd


def main():
    data, out, engine = sys.argv[1], sys.argv[2], sys.argv[3]
    signups = pd.read_csv(f"{data}/signups.csv", usecols=["student_id", "choice_1"])
    owner = dict(zip(signups["choice_1"], signups["student_id"]))
    staff = pd.read_csv(f"{data}/staff-scores.csv", usecols=["target", "score"])
    staff_mean = (staff["score"] / 5).groupby(staff["target"]).mean()
    peers = pd.read_csv(f"{data}/peer-forms.csv")
    slot = peers["Presentation"].str.extract(r"^(W\d+-\d+)", expand=False)
    peers["target"] = slot.map(owner)
    criteria = list(peers.columns[6:11])
    long = peers.melt(id_vars=["target"], value_vars=criteria, value_name="score").dropna(subset=["score"])
    peer_mean = (long["score"] / 5).groupby(long["target"]).mean()
    table = pd.DataFrame({"staff": staff_mean, "peer": peer_mean}).fillna(0)
    table["presentation"] = 0.7 * table["staff"] + 0.3 * table["peer"]
    table = (table * 100).rename_axis("student_id").reset_index()
    if engine == "openpyxl":
        from openpyxl import Workbook
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Gradebook")
        ws.append(list(table.columns))
        for row in table.itertuples(index=False):
            ws.append(list(row))
        wb.save(out)
    else:
        table.to_excel(out, sheet_name="Gradebook", index=False, engine="xlsxwriter")


if __name__ == "__main__":
    main()
