"""Item 5: each chapter's "Run all" in a fresh kernel (nbclient), as a learner meets it.

The clock starts before the kernel is started and stops when the last cell
has finished (kernel shutdown excluded). The kernel gets the environment of
a learner's Jupyter: the live face (``COMPANION_DEMO_FACES`` unset). The
note gives the kernel's CPU time (which a busy machine does not inflate) and
the slowest cells, to show where the time goes.
"""

from __future__ import annotations

import os
import resource
import subprocess
import time
from pathlib import Path
from typing import Any

from benchmarks.report import Row, at_most
from benchmarks.stats import summarize

__all__ = ["chapter_limit", "chapter_rows", "run_chapter"]

PLAIN_LIMIT = 15.0  # seconds, chapters without training
TRAINING_LIMIT = 90.0  # the invariance chapter, training included


def chapter_limit(path: Path) -> float:
    """The chapter's target: 90 s for the invariance chapter (it trains), else 15 s."""
    return TRAINING_LIMIT if "invariance" in path.stem else PLAIN_LIMIT


def run_chapter(path: Path, timeout: int = 900) -> dict[str, Any]:
    """Run every cell of ``path`` in a new kernel; seconds to the last cell, per-cell times."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    cells: list[tuple[int, float]] = []
    marks: dict[str, float] = {}

    def started(cell, cell_index, **_: Any) -> None:
        marks["cell"] = time.perf_counter()

    def finished(cell, cell_index, **_: Any) -> None:
        marks["last"] = time.perf_counter()
        cells.append((cell_index, marks["last"] - marks["cell"]))

    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_execute=started,
        on_cell_executed=finished,
    )
    saved = os.environ.pop("COMPANION_DEMO_FACES", None)
    error = ""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        # The kernel's own stderr (a TCP-transport notice) is no part of the chapter.
        client.execute(stderr=subprocess.DEVNULL)
    except CellExecutionError as exc:
        error = str(exc).strip().splitlines()[-1][:120] if str(exc).strip() else "cell error"
    finally:
        if saved is not None:
            os.environ["COMPANION_DEMO_FACES"] = saved
    seconds = marks.get("last", time.perf_counter()) - start
    # The kernel has exited and been waited for: its CPU time is in RUSAGE_CHILDREN.
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    slowest = sorted(cells, key=lambda pair: -pair[1])[:5]
    return {"seconds": seconds, "kernel_cpu": cpu, "error": error, "slowest_cells": slowest}


def chapter_rows(
    book: Path, *, repeats: int, prefixes: tuple[str, ...] = (), log=print
) -> list[Row]:
    """One row per chapter notebook in ``book`` (those starting with ``prefixes``, if any)."""
    rows = []
    for path in sorted(book.glob("[0-9]*.ipynb")):
        if prefixes and not path.name.startswith(prefixes):
            continue
        log(f"chapter run-all: {path.name}")
        runs = [run_chapter(path) for _ in range(repeats)]
        samples = [run["seconds"] for run in runs]
        summary = summarize(samples)
        limit = chapter_limit(path)
        errors = sorted({run["error"] for run in runs if run["error"]})
        slowest = ", ".join(f"cell {i}: {s:.1f} s" for i, s in runs[-1]["slowest_cells"][:3])
        slowest = f"slowest {slowest}" if slowest else "no cells"
        cpu = runs[-1]["kernel_cpu"]
        row = Row(
            "chapter run-all",
            path.stem,
            summary,
            checks=[at_most(summary.p95, limit, f"<= {limit:g} s")],
            note=("ERROR: " + "; ".join(errors))
            if errors
            else f"kernel CPU {cpu:.1f} s; {slowest}",
            samples=samples,
        )
        if errors:
            row.checks.append(at_most(1, 0, "runs without error"))
        rows.append(row)
    return rows
