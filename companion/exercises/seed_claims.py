"""A choice exercise built from stored per-seed results: which statement holds for every seed?

The options compare two trained models on one metric ("shift
augmentation makes the network more consistent"). Which of them holds is
read from the results, never written down: one option holds for every seed,
three fail on at least one seed, preferably ones that hold *on average* (the
lesson: a mean can hide a seed that disagrees). Re-made results give a
question that is right for them; results that offer no such set of options
raise a clear error instead of a wrong question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from string import ascii_lowercase
from typing import Any

import numpy as np

from companion.exercises.values import Option
from companion.experiments import difference, metric_values

__all__ = ["Statement", "build_options", "chosen_statements", "per_seed_gain"]


@dataclass(frozen=True)
class Statement:
    """``better`` beats ``worse`` on ``metric`` (higher, or lower if not
    ``higher_is_better``), for every seed."""

    text: str
    metric: str
    better: str
    worse: str
    higher_is_better: bool = True


def per_seed_gain(results: dict[str, Any], statement: Statement) -> np.ndarray:
    """How much ``better`` beats ``worse`` on each seed (> 0: the statement holds there)."""
    gain = difference(results, statement.metric, statement.better, statement.worse)
    return gain if statement.higher_is_better else -gain


def _message(results: dict[str, Any], statement: Statement, gain: np.ndarray) -> str:
    seeds = list(results.get("seeds", range(gain.size)))
    better = metric_values(results, statement.better, statement.metric)
    worse = metric_values(results, statement.worse, statement.metric)
    metric = statement.metric
    if np.all(gain > 0):
        return (
            f"it holds for all {gain.size} seeds: on each, {statement.better}'s {metric} beats"
            f" {statement.worse}'s, by {gain.min():.3f} to {gain.max():.3f}. The spread over"
            " seeds never reaches the other side."
        )
    worst = int(np.argmin(gain))
    text = (
        f"it fails on seed {seeds[worst]}: {statement.better}'s {metric} is"
        f" {better[worst]:.3f}, {statement.worse}'s {worse[worst]:.3f}."
    )
    if gain.mean() > 0:
        text += (
            f" On average it holds (by {gain.mean():.3f}), but only on"
            f" {int(np.sum(gain > 0))} of {gain.size} seeds: the spread is wider than the gain."
        )
    else:
        text += f" It does not hold on average either ({gain.mean():+.3f})."
    return text


def chosen_statements(
    results: dict[str, Any], pool: Sequence[Statement], count: int = 4
) -> dict[str, Statement]:
    """The ``count`` statements of ``pool`` the question shows, by option key (in pool order).

    The first statement of ``pool`` that holds for every seed is the right
    one; the others fail on some seed, those that hold on average first.
    Raises ``ValueError`` when the results offer no right statement or too
    few wrong ones.
    """
    gains = [per_seed_gain(results, statement) for statement in pool]
    holding = [i for i, gain in enumerate(gains) if np.all(gain > 0)]
    failing = [i for i, gain in enumerate(gains) if not np.all(gain > 0)]
    if not holding or len(failing) < count - 1:
        raise ValueError(
            "chosen_statements: the results give no statement that holds for every seed, or"
            f" too few that fail ({len(holding)} hold, {len(failing)} fail); re-check the pool."
        )
    failing.sort(key=lambda i: (bool(gains[i].mean() <= 0), i))
    chosen = sorted([holding[0], *failing[: count - 1]])
    return {key: pool[i] for key, i in zip(ascii_lowercase, chosen, strict=False)}


def build_options(
    results: dict[str, Any], pool: Sequence[Statement], count: int = 4
) -> tuple[list[Option], str]:
    """The options of :func:`chosen_statements`, each with its feedback, and the right key."""
    chosen = chosen_statements(results, pool, count)
    options, expected = [], ""
    for key, statement in chosen.items():
        gain = per_seed_gain(results, statement)
        options.append(Option(key, statement.text, _message(results, statement, gain)))
        if np.all(gain > 0):
            expected = expected or key
    return options, expected
