"""The municipality benchmark: `make bench` (or `python -m bench.run --sizes tenth,full,tenfold`).

For each size it builds the municipality in a database of its own on PostgreSQL, serves the
tracker with gunicorn (two workers) and measures, side by side in one run, over HTTP: every list
endpoint (a page of 50, and typical filters) and every dashboard endpoint as the root
coordinator, an area's MED member and a team's AMR (the survey figures and the survey heatmap
among them), and the survey proposals of the team's open APV; the admin's lists and an APV's
page; the reminder sweep with everything due and again with nothing new; sending, with one
worker and with two; 20 concurrent clients (locust); and the import of the municipality's two
surveys, which computes their figures. Each figure is printed with its p50, its p95 and its
budget (bench/budgets.py plus the cost of an authenticated request, `/api/v1/me/`), and the
table is written to docs/performance.md with the machine and the command.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HAND_WRITTEN = "<!-- Below this line by hand: kept when the benchmark rewrites the table. -->"


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:,.0f}"


def _p50(times):
    return statistics.median(times)


def _p95(times):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _fresh_database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
        version = conn.execute("SHOW server_version").fetchone()[0]
    return f"{server}/{name}", f"PostgreSQL {version}"


def write(
    figures: list[dict], notes: list[str], sizes: list[str], command: str, postgres: str
) -> str:
    lines = [
        "# Performance at municipality scale",
        "",
        "Written by the benchmark (`bench/run.py`); the figures below are of the run that wrote "
        "this file.",
        "",
        f"- Command: `{command}`",
        f"- Machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {postgres}",
        f"- Run: {datetime.datetime.now():%Y-%m-%d %H:%M}",
        "",
        "Milliseconds. Budget: the raw SQL that returns the same rows or numbers, with the COUNT,"
        " run with psycopg and serialised with json.dumps, plus the cost of an authenticated"
        " request on the same server in the same run (`me/`).",
        "",
        "| what | who | " + " | ".join(f"{s} p50 | {s} p95 | {s} budget" for s in sizes) + " |",
        "|---|---|" + "---:|" * (3 * len(sizes)),
    ]
    keys, by = [], {}
    for figure in figures:
        # A sweep's name says how many it recorded; the row is the same at every size.
        name = (
            figure["what"].split(" (")[0] if figure["what"].startswith("sweep") else figure["what"]
        )
        if (name, figure["who"]) not in keys:
            keys.append((name, figure["who"]))
        by[(name, figure["who"], figure["size"])] = figure
    for name, who in keys:
        cells = []
        for size in sizes:
            figure = by.get((name, who, size))
            if figure is None:
                cells += ["–", "–", "–"]
            else:
                times = figure["times"]
                cells += [_ms(_p50(times)), _ms(_p95(times)), _ms(figure["budget"])]
        lines.append(f"| {name} | {who} | " + " | ".join(cells) + " |")
    lines += ["", *[f"- {note}" for note in notes], ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="The municipality benchmark (bench/run.py).")
    parser.add_argument("--sizes", default="tenth,full,tenfold", help="tiny, tenth, full, tenfold")
    parser.add_argument(
        "--server", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--repeat", type=int, default=20, help="requests per figure")
    parser.add_argument("--load-seconds", type=int, default=30)
    parser.add_argument("--out", default=str(ROOT / "docs" / "performance.md"))
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    command = " ".join(["python -m bench.run", *sys.argv[1:]])
    figures, notes, postgres = [], [], ""
    for size in sizes:
        database_url, postgres = _fresh_database(args.server, f"apvtracker_bench_{size}")
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            finished = subprocess.run(
                [
                    sys.executable, "-m", "bench.measure", size, database_url, out.name,
                    str(args.repeat), str(args.load_seconds),
                ],
                cwd=ROOT,
            )  # fmt: skip
            text = Path(out.name).read_text()
            measured = json.loads(text) if text else {"figures": [], "notes": []}
            if finished.returncode:
                measured["notes"].append(f"{size}: the measurement stopped early (see its output).")
        figures += measured["figures"]
        notes += measured["notes"]
        print(write(figures, notes, sizes, command, postgres), flush=True)
    out = Path(args.out)
    out.parent.mkdir(exist_ok=True)
    # What people wrote below the marker (what moved each number, and why) stays.
    kept = out.read_text().partition(HAND_WRITTEN)[2] if out.exists() else ""
    text = write(figures, notes, sizes, command, postgres)
    out.write_text(text + (f"\n{HAND_WRITTEN}{kept}" if kept else ""))
    print(f"Written to {args.out}")


if __name__ == "__main__":
    main()
