"""The results table: one :class:`Row` per measured case, printed and written to files.

A row holds a timing :class:`~benchmarks.stats.Summary` (or a size in bytes),
an optional ratio against a baseline measured in the same run, and the
issue's targets as :class:`Check` objects; its result is PASS when every
check holds, MISS (naming the failed checks) otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.stats import Summary

__all__ = [
    "Check",
    "Row",
    "at_least",
    "at_most",
    "format_bytes",
    "format_seconds",
    "markdown_table",
    "write_results",
]

NOT_MEASURED = "not measured"


@dataclass(frozen=True)
class Check:
    """One target: its wording (``p95 <= 50 ms``) and whether the measurement meets it."""

    label: str
    ok: bool


def at_most(value: float, limit: float, label: str) -> Check:
    return Check(label, value <= limit)


def at_least(value: float, limit: float, label: str) -> Check:
    return Check(label, value >= limit)


@dataclass
class Row:
    """One line of the table."""

    item: str
    case: str
    summary: Summary | None = None
    size: int | None = None
    baseline: str = ""
    baseline_summary: Summary | None = None
    checks: list[Check] = field(default_factory=list)
    note: str = ""
    samples: list[float] = field(default_factory=list, repr=False)

    @property
    def ratio(self) -> float | None:
        """Speed-up: the baseline's median over this case's median (> 1: this is faster)."""
        if self.summary is None or self.baseline_summary is None or self.summary.median <= 0:
            return None
        return self.baseline_summary.median / self.summary.median

    @property
    def measured(self) -> bool:
        return self.summary is not None or self.size is not None

    @property
    def result(self) -> str:
        if not self.measured:
            return NOT_MEASURED
        if not self.checks:
            return "-"
        missed = [check.label for check in self.checks if not check.ok]
        return "PASS" if not missed else "MISS (" + "; ".join(missed) + ")"

    def as_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "case": self.case,
            "summary": self.summary.as_dict() if self.summary else None,
            "size_bytes": self.size,
            "baseline": self.baseline or None,
            "baseline_summary": self.baseline_summary.as_dict() if self.baseline_summary else None,
            "ratio": self.ratio,
            "targets": [{"label": c.label, "ok": c.ok} for c in self.checks],
            "result": self.result,
            "note": self.note,
            "samples": self.samples,
        }


def format_seconds(seconds: float | None) -> str:
    """Seconds in a readable unit: ``850 µs``, ``12.3 ms``, ``4.56 s``, ``2 min 5 s``."""
    if seconds is None:
        return ""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.3g} ms"
    if seconds < 120:
        return f"{seconds:.3g} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def format_bytes(size: int | None) -> str:
    """Bytes in decimal units: ``950 B``, ``12.3 kB``, ``1.52 MB``."""
    if size is None:
        return ""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1e3:.3g} kB"
    return f"{size / 1e6:.3g} MB"


COLUMNS = ("Item", "Case", "n", "Median", "p95", "Size", "Ratio", "Target", "Result")


def _cells(row: Row) -> list[str]:
    summary = row.summary
    ratio = ""
    if row.ratio is not None:
        ratio = f"{row.ratio:.3g}x vs {row.baseline}"
    elif row.baseline:
        ratio = f"vs {row.baseline}"
    result = row.result
    if row.note:
        result = f"{result}; {row.note}" if result not in ("-", NOT_MEASURED) else row.note
    return [
        row.item,
        row.case,
        str(summary.n) if summary else "",
        format_seconds(summary.median) if summary else "",
        format_seconds(summary.p95) if summary else "",
        format_bytes(row.size),
        ratio,
        "; ".join(check.label for check in row.checks),
        result,
    ]


def markdown_table(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table (pipes in cells escaped), columns padded to line up."""
    table = [list(COLUMNS)] + [[c.replace("|", "\\|") for c in _cells(row)] for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(table[0]), rule, *(line(cells) for cells in table[1:])])


def write_results(rows: Sequence[Row], folder: Path, meta: dict[str, Any]) -> tuple[Path, Path]:
    """Write ``bench.md`` (a header and the table) and ``bench.json`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    header = ["# Benchmarks", ""]
    header += [f"- {key}: {value}" for key, value in meta.items()]
    missed = [f"{row.item} / {row.case}" for row in rows if row.result.startswith("MISS")]
    header += ["", f"Missed targets: {len(missed)}" + (": " + ", ".join(missed) if missed else "")]
    markdown = folder / "bench.md"
    markdown.write_text("\n".join([*header, "", markdown_table(rows), ""]), encoding="utf-8")
    data = folder / "bench.json"
    data.write_text(
        json.dumps({"meta": meta, "rows": [row.as_dict() for row in rows]}, indent=1),
        encoding="utf-8",
    )
    return markdown, data
