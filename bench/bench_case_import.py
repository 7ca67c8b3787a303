"""Peak memory of the case import at 10,000 and 100,000 rows: flat memory means a ratio near 1.

This process writes a synthetic export of each size; each is then imported in its own subprocess
(a fresh interpreter and an empty SQLite database), which reports the peak of Python allocations
(tracemalloc) during the import alone, and its peak resident set size (writing the file happens
here, so it is not in that figure). Kinds: ``csv``; ``xlsx``, written by XlsxWriter with a
shared-strings table, as Excel saves a workbook; ``xlsx-inline``, written by openpyxl, which puts
each string in its cell. Run:

    .venv/bin/python bench/bench_case_import.py [--kind csv|xlsx|xlsx-inline] [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = [
    "case_reference",
    "request_date",
    "decision_date",
    "final_plan_date",
    "preferred_language",
    "parent_email",
    "parent_mobile",
    "young_person_channel",
]


def _rows(count: int):  # type: ignore[no-untyped-def]
    start = date(2024, 1, 1)
    for n in range(count):
        requested = start + timedelta(days=n % 365)
        yield [
            f"SYN-{n:07d}",
            requested.isoformat(),
            (requested + timedelta(weeks=6)).isoformat(),
            (requested + timedelta(weeks=20 + n % 5)).isoformat() if n % 3 else "",
            ("en", "cy", "pl", "ur")[n % 4],
            f"family{n}@example.com",
            f"07700 9{n % 100000:05d}",
            "letter" if n % 7 == 0 else "",
        ]


def write_export(path: Path, count: int, kind: str) -> None:
    """Write a synthetic export of ``count`` rows (invented references and addresses)."""
    if kind == "csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(_rows(count))
    elif kind == "xlsx":
        import xlsxwriter

        workbook = xlsxwriter.Workbook(str(path))
        sheet = workbook.add_worksheet("Cases")
        for number, values in enumerate(itertools.chain([HEADER], _rows(count))):
            sheet.write_row(number, 0, values)
        workbook.close()
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Cases")
        sheet.append(HEADER)
        for values in _rows(count):
            sheet.append(values)
        workbook.save(path)


def measure(export: Path, count: int) -> dict[str, float]:
    """Import the ``count`` rows of ``export`` into a fresh database and return the measurements."""
    sys.path.insert(0, str(ROOT))
    from feedback import create_app
    from feedback.extensions import db
    from feedback.services.cases.import_files import ImportFile
    from feedback.services.cases.importing import import_cases
    from feedback.services.organisations import ensure_organisation

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.db'}",
                "TESTING": False,
            }
        )
        with app.app_context():
            db.create_all()
            organisation_id = ensure_organisation("bench", "Bench Council").id
            tracemalloc.start()
            started = time.perf_counter()
            outcome = import_cases(ImportFile.from_path(export), organisation_id=organisation_id)
            seconds = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            if not outcome.succeeded or outcome.rows != count:
                raise SystemExit(f"import failed: {outcome.rows} rows, {outcome.problems[:3]}")
    return {
        "rows": count,
        "seconds": round(seconds, 1),
        "peak_traced_mib": round(peak / 2**20, 2),
        "peak_rss_mib": round(peak_rss_kib() / 1024, 1),
    }


def peak_rss_kib() -> int:
    """Return this process's peak resident set size (VmHWM, Linux): unlike ``ru_maxrss``, it
    does not carry the parent's peak (here, writing the export) into the process it starts."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def main() -> None:
    """Write each size's export, import each in a subprocess, and print the memory ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kind", choices=("csv", "xlsx", "xlsx-inline"), default="csv")
    parser.add_argument("--sizes", type=int, nargs=2, default=(10_000, 100_000))
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--export", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(measure(arguments.export, arguments.child)))
        return
    results = []
    suffix = "csv" if arguments.kind == "csv" else "xlsx"
    with tempfile.TemporaryDirectory() as folder:
        for size in arguments.sizes:
            export = Path(folder) / f"cases-{size}.{suffix}"
            write_export(export, size, arguments.kind)
            output = subprocess.run(
                [sys.executable, __file__, "--child", str(size), "--export", str(export)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            results.append(json.loads(output.strip().splitlines()[-1]))
            print(json.dumps(results[-1]))
    small, large = results
    traced = large["peak_traced_mib"] / small["peak_traced_mib"]
    rss = large["peak_rss_mib"] / small["peak_rss_mib"]
    print(
        f"{arguments.kind}: {large['rows']} vs {small['rows']} rows -> peak traced memory ratio "
        f"{traced:.2f}, peak RSS ratio {rss:.2f} (flat memory = close to 1)"
    )


if __name__ == "__main__":
    main()
