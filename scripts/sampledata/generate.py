#!/usr/bin/env python3
"""Writes every sample file of SampleData/ from the company in company.py, and the totals the tests check.

    python3 scripts/sampledata/generate.py

Each module in providers/ has `generate(root)`, which writes its files under `root` (SampleData/) and returns
its expected totals: rows of (table, provider, month, currency, rows, amount) with amount a Decimal, computed
as the files were written, independently of Tributary. They go to SampleData/expected/totals.csv, sorted, and
the end-to-end tests compare what the pipelines load with them.
"""
import csv
import importlib
import os
import pkgutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "SampleData"))
sys.path.insert(0, HERE)


def main():
    import providers
    totals = []
    for info in sorted(pkgutil.iter_modules(providers.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"providers.{info.name}")
        if hasattr(module, "generate"):
            totals.extend(module.generate(ROOT))
    os.makedirs(os.path.join(ROOT, "expected"), exist_ok=True)
    with open(os.path.join(ROOT, "expected", "totals.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["table", "provider", "month", "currency", "rows", "amount"])
        for row in sorted(totals, key=lambda r: tuple(str(x) for x in r[:4])):
            w.writerow(list(row[:5]) + [format(row[5], "f")])


if __name__ == "__main__":
    main()
