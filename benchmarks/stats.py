"""Timing samples and their summary: median and p95 (what the table reports).

Every benchmark item collects wall-clock samples with :func:`time_calls`
(``time.perf_counter``) and reduces them with :func:`summarize`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Summary", "percentile", "summarize", "time_calls"]


def percentile(samples: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation (numpy's default rule)."""
    if not samples:
        raise ValueError("percentile: `samples` must not be empty.")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile: `q` must be within 0-100, got {q!r}.")
    ordered = sorted(samples)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


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
    """Median, p95, min and max of ``samples`` (at least one)."""
    if not samples:
        raise ValueError("summarize: `samples` must not be empty.")
    return Summary(
        n=len(samples),
        median=percentile(samples, 50),
        p95=percentile(samples, 95),
        min=min(samples),
        max=max(samples),
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
