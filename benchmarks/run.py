"""``make bench``: measure every item of the course's performance targets, print the table.

Usage (from the repository root)::

    python -m benchmarks.run                 # everything (the book build takes minutes)
    python -m benchmarks.run --quick         # fewer repeats, no build, no chapters
    python -m benchmarks.run --skip-build --test-log test.log

The table goes to stdout and to ``bench-results/bench.md``, every sample to
``bench-results/bench.json``. See ``benchmarks/README.md`` for the items.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import (
    build,
    chapters,
    demos,
    experiments,
    first_visit,
    imports,
    numpy_ops,
    testlog,
)
from benchmarks.report import Row, markdown_table, write_results

ROOT = Path(__file__).resolve().parents[1]
ITEMS = (
    "live",
    "static",
    "import",
    "ops",
    "chapters",
    "experiments",
    "build",
    "test",
    "pages",
    "visit",
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats; skip build, chapters")
    parser.add_argument("--skip-build", action="store_true", help="do not build the book")
    parser.add_argument("--skip-chapters", action="store_true", help="do not run the chapters")
    parser.add_argument("--only", default="", help=f"comma-separated subset of {','.join(ITEMS)}")
    parser.add_argument("--chapters", default="", help="only these chapters, e.g. 03,05")
    parser.add_argument("--test-log", type=Path, help="a `make test` log to read phase times from")
    parser.add_argument("--site", type=Path, help="built site to size (default: _build/html)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results", help="results folder")
    parser.add_argument("--keep-build", action="store_true", help="keep the temporary build")
    args = parser.parse_args(argv)
    chosen = [item.strip() for item in args.only.split(",") if item.strip()]
    unknown = sorted(set(chosen) - set(ITEMS))
    if unknown:
        parser.error(f"--only: unknown item(s) {unknown}; choose from {list(ITEMS)}")
    args.items = set(chosen or ITEMS)
    if args.quick:
        args.skip_build = args.skip_chapters = True
    return args


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        return done.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def _load() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def run(args: argparse.Namespace) -> list[Row]:
    quick = args.quick
    rows: list[Row] = []
    if "live" in args.items:
        rows += demos.live_rows(
            passes=1 if quick else 3, naive_points=8 if quick else None, log=_log
        )
    if "static" in args.items:
        rows += demos.static_rows(repeats=1 if quick else 3, log=_log)
    if "import" in args.items:
        rows += imports.import_rows(repeats=3 if quick else 10, log=_log)
    if "ops" in args.items:
        rows += numpy_ops.ops_rows(
            repeats=20 if quick else 100, loop_repeats=1 if quick else 3, log=_log
        )
    if "chapters" in args.items:
        if args.skip_chapters:
            rows.append(Row("chapter run-all", "every chapter", note="not measured (skipped)"))
        else:
            prefixes = tuple(p.strip() for p in args.chapters.split(",") if p.strip())
            rows += chapters.chapter_rows(ROOT / "book", repeats=1, prefixes=prefixes, log=_log)
    if "experiments" in args.items:
        rows += experiments.experiment_rows(log=_log)
    site = args.site or ROOT / "_build" / "html"
    workdir = None
    if "build" in args.items:
        if args.skip_build:
            rows.append(Row("make book", "clean + unchanged", note="not measured (skipped)"))
        else:
            workdir = Path(tempfile.mkdtemp(prefix="bench-build-"))
            rows += build.build_rows(ROOT, workdir, args.out, log=_log)
            if args.site is None:
                site = workdir / "_build" / "html"
    if "test" in args.items:
        rows += testlog.make_test_rows(args.test_log, log=_log)
    if "pages" in args.items:
        rows += build.page_rows(site, log=_log)
    if "visit" in args.items:
        rows += first_visit.visit_rows(site, repeats=1 if quick else 3, log=_log)
    if workdir is not None:
        if args.keep_build:
            _log(f"build kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.chdir(ROOT)
    meta = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "load average at start": _load(),
        "mode": "quick" if args.quick else "full",
    }
    start = time.perf_counter()
    rows = run(args)
    meta["load average at end"] = _load()
    meta["benchmark wall time"] = f"{time.perf_counter() - start:.0f} s"
    table = markdown_table(rows)
    print(table)
    markdown, data = write_results(rows, args.out, meta)
    missed = sum(row.result.startswith("MISS") for row in rows)
    print(f"\n{missed} target(s) missed. Written: {markdown}, {data}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
