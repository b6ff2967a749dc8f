"""Timing samples and their summary: median and p95 (what the table reports).

Every benchmark item collects wall-clock samples with :func:`time_calls`
(``time.perf_counter``) and reduces them with :func:`summarize`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

__all__ = ["Summary", "summarize", "time_calls"]


@dataclass(frozen=True)
class Summary:
    """What the table shows of a list of samples (seconds, or any unit)."""

    n: int
    median: float
    p95: float
    min: float
    max: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def summarize(samples: Sequence[float]) -> Summary:
    """Median, p95 (numpy's linear interpolation), min and max of ``samples`` (at least one)."""
    values = np.asarray(samples, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError("summarize: `samples` must be a non-empty sequence of numbers.")
    if not np.all(np.isfinite(values)):
        raise ValueError("summarize: `samples` must be finite (no NaN or inf).")
    median, p95 = np.percentile(values, [50, 95])
    return Summary(
        n=int(values.size),
        median=float(median),
        p95=float(p95),
        min=float(values.min()),
        max=float(values.max()),
    )


def time_calls(func: Callable[[], Any], repeats: int, *, warmup: int = 1) -> list[float]:
    """Call ``func`` ``warmup`` times untimed, then ``repeats`` times; return the seconds."""
    if repeats < 1:
        raise ValueError(f"time_calls: `repeats` must be at least 1, got {repeats!r}.")
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return samples
