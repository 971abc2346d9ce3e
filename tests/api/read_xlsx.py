#!/usr/bin/python3
"""read_xlsx.py -- print an XLSX workbook as JSON for the API tests.

Usage: read_xlsx.py FILE.xlsx
Prints {"sheets": [{"title", "freeze", "filter", "rows": [[cell, ...]]}]}:
every sheet in order, every row as openpyxl reads it (python3-openpyxl from
Debian), dates and datetimes as ISO "YYYY-MM-DD" strings tagged
{"date": "..."} so a test can tell a real date cell from text, numbers as
numbers, empty cells null. Exit status 2 when the file is no workbook.
"""
import datetime
import json
import sys

import openpyxl


def cell(v):
    if isinstance(v, datetime.datetime):
        return {"date": v.date().isoformat()}
    if isinstance(v, datetime.date):
        return {"date": v.isoformat()}
    return v


def main():
    try:
        wb = openpyxl.load_workbook(sys.argv[1])
    except Exception as e:  # any failure to read is the test's failure
        print(f"not a workbook: {e}", file=sys.stderr)
        return 2
    out = []
    for ws in wb.worksheets:
        out.append({
            "title": ws.title,
            "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
            "rows": [[cell(v) for v in row] for row in ws.iter_rows(values_only=True)],
        })
    json.dump({"sheets": out}, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
