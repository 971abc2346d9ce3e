#!/usr/bin/python3
"""read_xlsx.py FILE.xlsx -- print a workbook as JSON for tests/unit/test_xlsx.c.

One object per sheet, in order: its name, the frozen pane's top-left cell
("A3"), the autofilter's range ("A2:F5"), each column's width by letter,
and the rows as lists of cells. A cell is null (empty), a number, a string,
{"date": "YYYY-MM-DD"} when openpyxl reads a date cell as a datetime (a
real date, not text that looks like one), or {"formula": "=..."} for a
formula cell (an export must have none). Reads only; writes nothing but
standard output.
"""
import datetime
import json
import sys

import openpyxl


def cell(c):
    v = c.value
    if c.data_type == "f":
        return {"formula": v}
    if isinstance(v, datetime.datetime):
        return {"date": v.date().isoformat()}
    if isinstance(v, datetime.date):
        return {"date": v.isoformat()}
    return v


def sheet(ws):
    rows = [[cell(c) for c in row] for row in ws.iter_rows()]
    widths = {k: d.width for k, d in ws.column_dimensions.items() if d.width}
    return {
        "name": ws.title,
        "freeze": ws.freeze_panes,
        "filter": ws.auto_filter.ref,
        "widths": widths,
        "rows": rows,
    }


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    json.dump([sheet(ws) for ws in wb.worksheets], sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
