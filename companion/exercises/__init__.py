"""Each chapter's self-checking exercises, one module per chapter, and their export for the site.

A chapter module (``pixels``, ``why_cnns``, ``convolution``, ``pooling``,
``invariance``) defines ``q1``, ``q2``, ... and lists them in ``EXERCISES``.
The kinds of exercise (see :mod:`companion.checks` for the verdicts):

- ``number``, ``array``, ``choice`` (:mod:`.values`): declarative, answered in
  the notebook and in the site's page alike;
- ``names`` (:mod:`.names`): a list of names, judged as whole names;
- ``code`` (:mod:`.functions`): the learner writes a function, run against
  ``companion.ops`` on edge-case and random inputs;
- ``reflection`` (:mod:`.reflection`): a written explanation, shown beside a
  model answer and a rubric, never graded.

:func:`exercise_data` exports a chapter's exercises as JSON-able dicts for the
site's in-page checks; :data:`companion.checks.MESSAGES` and
:data:`companion.checks.VERDICTS` are the words both faces share.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

__all__ = ["CHAPTERS", "chapter_exercises", "exercise_data"]

#: Each chapter (the notebook's stem) and the module of its exercises.
CHAPTERS = {
    "01_pixels_and_rgb": "pixels",
    "02_why_cnns": "why_cnns",
    "03_convolution_math": "convolution",
    "04_pooling_types": "pooling",
    "05_invariance": "invariance",
}


def _module(chapter: object) -> ModuleType:
    if not isinstance(chapter, str):
        raise TypeError(
            f"exercise_data: `chapter` must be a notebook stem (str), got {type(chapter).__name__}."
        )
    if chapter not in CHAPTERS:
        raise ValueError(
            f"exercise_data: `chapter` must be one of {sorted(CHAPTERS)}, got {chapter!r}."
        )
    return importlib.import_module(f"{__name__}.{CHAPTERS[chapter]}")


def chapter_exercises(chapter: str) -> list[Any]:
    """The exercises of ``chapter`` (a notebook stem such as ``"03_convolution_math"``)."""
    module = _module(chapter)
    exercises = list(module.EXERCISES)
    for exercise in exercises:
        exercise.chapter = chapter
    return exercises


def exercise_data(chapter: str) -> list[dict[str, Any]]:
    """The exercises of ``chapter`` as JSON-able dicts, in order, for the site's in-page checks.

    Every dict has ``id`` ("03_convolution_math/q2"), ``name``, ``title``,
    ``kind``, ``variable``, ``prompt``, ``hints`` and ``solution``. Number and
    array exercises add ``expected``, ``shape``, ``atol``, ``rtol``,
    ``ordered``, ``range``, ``labels`` (arrays), ``accept`` and ``mistakes``
    (``{"answer" | "shape", "message"}``) and ``message`` (said when right);
    choices add ``expected`` (a key) and ``options`` (``{"key", "text",
    "message"}``); names add ``items``; code adds ``signature``,
    ``solution_code`` and ``cases``; reflections add ``model_answer`` and
    ``rubric``.
    """
    return [exercise.data() for exercise in chapter_exercises(chapter)]
