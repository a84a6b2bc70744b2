"""Benchmark of the indicator import: 10,000 values into one quartier, through the service.

Run from the project root:  python bench/indicator_import.py

Production settings (DEBUG off) on a fresh database, as bench/pages.py builds it: SQLite in a
temporary folder, or with DATABASE_URL (PostgreSQL) a database of its own (`<name>_bench`).
It generates a CSV file of 10,000 rows (every catalogue indicator × monthly reference dates,
German decimal commas and dates) and the same rows as XLSX, then measures:

  1. the CSV import into an empty quartier (10,000 new values),
  2. the same file again with other values (10,000 updated),
  3. the XLSX import into a second quartier (10,000 new values).

Target: each import under 10 s wall-clock time. Exit code 1 if a target is missed.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import report_targets, setup_django  # noqa: E402  (the path above first)

ROWS = 10_000
TARGET_SECONDS = 10.0


@dataclass
class Measurement:
    case: str
    rows: int
    new: int
    updated: int
    wall_s: float
    cpu_s: float


def month_ends(count: int) -> list[date]:
    """`count` month ends going back from December 2025."""
    days = []
    year, month = 2025, 12
    for _n in range(count):
        following = date(year + (month == 12), month % 12 + 1, 1)
        days.append(date.fromordinal(following.toordinal() - 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return days


def generate_rows(codes: list[str], offset: int = 0) -> list[tuple[str, str, str, str]]:
    """ROWS rows: each indicator over as many months as it takes; values with a decimal comma."""
    days = month_ends(-(-ROWS // len(codes)))
    rows = []
    for n, (day, code) in enumerate((d, c) for d in days for c in codes):
        if n == ROWS:
            break
        value = f"{(n * 37 + offset) % 10_000 / 10:.1f}".replace(".", ",")
        rows.append((code, value, day.strftime("%d.%m.%Y"), "Kommunale Statistik"))
    return rows


def as_csv(rows: list[tuple[str, str, str, str]]) -> bytes:
    lines = ["indicator_code;value;reference_date;source"] + [";".join(row) for row in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def as_xlsx(rows: list[tuple[str, str, str, str]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["indicator_code", "value", "reference_date", "source"])
    for code, value, day, source in rows:
        d, m, y = (int(part) for part in day.split("."))
        sheet.append([code, float(value.replace(",", ".")), date(y, m, d), source])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure(case: str, quartier, content: bytes, filename: str) -> Measurement:  # type: ignore[no-untyped-def]
    from planning.analysis.indicator_import import indicator_import_file

    start, start_cpu = time.perf_counter(), time.process_time()
    result = indicator_import_file(quartier=quartier, user=None, content=content, filename=filename)
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    return Measurement(case, result.new + result.updated + result.unchanged, result.new, result.updated, wall, cpu)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="quartierswerk-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(workdir)
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0, stdout=io.StringIO())
        from planning.models import Indicator, IndicatorValue
        from planning.services import quartier_create
        from quartier.models import Organisation

        organisation = Organisation.objects.create(
            name="Stadt Bench", slug="stadt-bench", kind=Organisation.Kind.KOMMUNE
        )
        first = quartier_create(organisation=organisation, name="Bench eins", slug="bench-eins", municipality="Bench")
        second = quartier_create(organisation=organisation, name="Bench zwei", slug="bench-zwei", municipality="Bench")
        codes = list(Indicator.objects.values_list("code", flat=True))
        rows = generate_rows(codes)
        csv_content, changed_content = as_csv(rows), as_csv(generate_rows(codes, offset=5))
        xlsx_content = as_xlsx(rows)

        results = [
            measure("CSV, all new", first, csv_content, "werte.csv"),
            measure("CSV again, all changed", first, changed_content, "werte.csv"),
            measure("XLSX, all new", second, xlsx_content, "werte.xlsx"),
        ]
        stored = IndicatorValue.objects.count()
        vendor = connection.vendor

    print(
        f"\nQuartierswerk indicator import: {ROWS:,} rows ({len(codes)} indicators × monthly dates), {vendor}, "
        f"DEBUG off\nfiles: CSV {len(csv_content) / 1024:.0f} KB, XLSX {len(xlsx_content) / 1024:.0f} KB\n"
    )
    print(f"{'case':<26}{'rows':>8}{'new':>8}{'updated':>9}{'wall s':>9}{'CPU s':>8}")
    for m in results:
        print(f"{m.case:<26}{m.rows:>8}{m.new:>8}{m.updated:>9}{m.wall_s:>9.2f}{m.cpu_s:>8.2f}")
    print("(wall: time.perf_counter; CPU: time.process_time of this process, which parses and writes)")

    targets = [
        (f"{m.case}: under {TARGET_SECONDS:.0f} s ({m.wall_s:.2f} s)", m.wall_s < TARGET_SECONDS) for m in results
    ]
    targets += [
        ("every row applied", [m.rows for m in results] == [ROWS] * 3),
        (f"{2 * ROWS:,} values stored ({stored:,})", stored == 2 * ROWS),
        ("the second run updated every value", results[1].updated == ROWS),
    ]
    return report_targets(targets)


if __name__ == "__main__":
    sys.exit(main())
