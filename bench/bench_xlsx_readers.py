"""Reading a case export's XLSX sheet: python-calamine against openpyxl's read-only mode.

Writes a synthetic export of each size (as Excel saves one, with a shared-strings table, through
``bench_case_import.write_export``), then reads every row of it in a fresh interpreter per
reader and size, which reports the seconds spent reading and its peak resident set size (VmHWM). The
ratios printed compare the two readers side by side in this one run. Run:

    .venv/bin/python bench/bench_xlsx_readers.py [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_case_import import peak_rss_kib, write_export

READERS = ("calamine", "openpyxl")


def read_rows(reader: str, path: Path) -> dict[str, float]:
    """Read every row of the first sheet with ``reader``; return rows, seconds and peak RSS."""
    started = time.perf_counter()
    count = 0
    if reader == "calamine":
        from python_calamine import CalamineWorkbook

        with path.open("rb") as stream:
            workbook = CalamineWorkbook.from_filelike(stream)
            for _values in workbook.get_sheet_by_index(0).iter_rows():
                count += 1
            workbook.close()
    else:
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        for _values in workbook.worksheets[0].iter_rows(values_only=True):
            count += 1
        workbook.close()
    return {
        "reader": reader,
        "rows": count,
        "seconds": round(time.perf_counter() - started, 2),
        "peak_rss_mib": round(peak_rss_kib() / 1024, 1),
    }


def main() -> None:
    """Write each size's export, read it with each reader in a subprocess, print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=(10_000, 100_000))
    parser.add_argument("--child", choices=READERS, help=argparse.SUPPRESS)
    parser.add_argument("--export", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(read_rows(arguments.child, arguments.export)))
        return
    with tempfile.TemporaryDirectory() as folder:
        for size in arguments.sizes:
            export = Path(folder) / f"cases-{size}.xlsx"
            write_export(export, size, "xlsx")
            results = {}
            for reader in READERS:
                output = subprocess.run(
                    [sys.executable, __file__, "--child", reader, "--export", str(export)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                results[reader] = json.loads(output.strip().splitlines()[-1])
                print(json.dumps(results[reader]))
            fast, slow = results["calamine"], results["openpyxl"]
            print(
                f"{size} rows ({export.stat().st_size / 2**20:.1f} MB): openpyxl takes "
                f"{slow['seconds'] / fast['seconds']:.1f}x calamine's time and "
                f"{slow['peak_rss_mib'] / fast['peak_rss_mib']:.2f}x its peak RSS"
            )


if __name__ == "__main__":
    main()
