"""Items 6 and 8: ``make book`` timings (clean, then unchanged) and every built page's bytes.

The build runs the same command as ``make book`` but into a temporary
folder (``--path-output``), so it never touches the shared ``_build``:
first from nothing (executing every chapter), then again with nothing
changed (Jupyter Book's cache should make it quick).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks.report import Row, at_most
from benchmarks.stats import summarize

__all__ = ["build_rows", "page_rows", "page_sizes"]

CLEAN_LIMIT = 300.0  # seconds
REBUILD_LIMIT = 30.0
PAGE_LIMIT = 2_500_000  # bytes
BUILD_FLAGS = ("-W", "-n", "--keep-going")


def _jupyter_book() -> str:
    candidate = Path(sys.executable).with_name("jupyter-book")
    return str(candidate) if candidate.exists() else "jupyter-book"


def build_once(root: Path, output: Path, log_file: Path) -> tuple[float, int]:
    """Run the book build into ``output``; (seconds, exit status). The log goes to ``log_file``."""
    command = [_jupyter_book(), "build", ".", *BUILD_FLAGS, "--path-output", str(output)]
    start = time.perf_counter()
    with log_file.open("w", encoding="utf-8") as log:
        done = subprocess.run(command, cwd=root, stdout=log, stderr=subprocess.STDOUT, check=False)
    return time.perf_counter() - start, done.returncode


def build_rows(root: Path, output: Path, logs: Path, *, log=print) -> list[Row]:
    """A clean build, then an unchanged rebuild, into ``output`` (site: ``output/_build/html``)."""
    logs.mkdir(parents=True, exist_ok=True)
    rows = []
    for case, limit, label in (
        ("clean build", CLEAN_LIMIT, "<= 5 min"),
        ("unchanged rebuild", REBUILD_LIMIT, "<= 30 s"),
    ):
        log(f"book build: {case} into {output}")
        log_file = logs / f"build-{case.replace(' ', '-')}.log"
        seconds, status = build_once(root, output, log_file)
        row = Row(
            "make book",
            case,
            summarize([seconds]),
            checks=[at_most(seconds, limit, label)],
            samples=[seconds],
        )
        if status != 0:
            row.checks.append(at_most(1, 0, "builds cleanly"))
            row.note = f"exit {status}, see {log_file}"
        rows.append(row)
    return rows


def page_sizes(site: Path) -> dict[str, int]:
    """Bytes of every built ``.html`` page under ``site`` (theme files excluded)."""
    return {
        str(path.relative_to(site)): path.stat().st_size
        for path in sorted(site.rglob("*.html"))
        if not any(part.startswith("_") for part in path.relative_to(site).parts[:-1])
    }


def page_rows(site: Path, *, log=print) -> list[Row]:
    """One row per built page: its bytes against the 2.5 MB budget."""
    log(f"page sizes: {site}")
    sizes = page_sizes(site) if site.is_dir() else {}
    if not sizes:
        return [Row("page bytes", str(site), note=f"not measured (no pages in {site})")]
    return [
        Row("page bytes", name, size=size, checks=[at_most(size, PAGE_LIMIT, "<= 2.5 MB")])
        for name, size in sorted(sizes.items(), key=lambda item: -item[1])
    ]
