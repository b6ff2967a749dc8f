"""Item 7: ``make test`` phase times, read from its log (``== <phase>: N s`` lines).

The benchmark never runs ``make test`` itself (it rebuilds the shared site):
run ``make test 2>&1 | tee test.log`` and pass ``--test-log test.log``.
"""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks.report import Row, at_most
from benchmarks.stats import summarize

__all__ = ["make_test_rows", "parse_phases"]

TOTAL_LIMIT = 600.0  # seconds, every phase with a warm environment
_PHASE = re.compile(r"^== (?P<name>\S+): (?P<seconds>\d+(?:\.\d+)?) s\s*$")


def parse_phases(text: str) -> dict[str, float]:
    """``{phase: seconds}`` from the ``== <phase>: N s`` lines of a ``make test`` log."""
    phases: dict[str, float] = {}
    for line in text.splitlines():
        match = _PHASE.match(line.strip())
        if match:
            phases[match["name"]] = float(match["seconds"])
    return phases


def make_test_rows(log_path: Path | None, *, log=print) -> list[Row]:
    """A row per phase plus the total (<= 10 min), or one "not measured" row."""
    if log_path is None:
        return [Row("make test", "all phases", note="not measured (pass --test-log)")]
    log(f"make test phases: {log_path}")
    phases = parse_phases(log_path.read_text(encoding="utf-8", errors="replace"))
    if not phases:
        return [Row("make test", "all phases", note=f"not measured (no phases in {log_path})")]
    rows = [
        Row("make test", name, summarize([seconds]), samples=[seconds])
        for name, seconds in phases.items()
    ]
    total = sum(phases.values())
    rows.append(
        Row(
            "make test",
            "total",
            summarize([total]),
            checks=[at_most(total, TOTAL_LIMIT, "<= 10 min")],
            samples=[total],
        )
    )
    return rows
