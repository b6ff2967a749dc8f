"""One exercise definition, two faces: the page's script judges like the notebook's checker.

``book/_static/cnn-exercise.js`` runs under node over generated answers to every
number, array and choice exercise of the course (and to a few built here for the
rules no chapter uses yet): the expected answer, each other right answer and
each typical mistake, NaN, infinity, text, a wrong shape, an empty answer, and
more. Each answer is given to the page as the text a reader types, and to the
Python checker as the value the notebook gets from ``answer = <that text>``.
Verdict and message must be the same.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "book" / "_static" / "cnn-exercise.js"
sys.path.insert(0, str(REPO / "book" / "_ext"))

import course_exercises  # noqa: E402

from companion.exercises import CHAPTERS, chapter_exercises  # noqa: E402
from companion.exercises.values import (  # noqa: E402
    Answer,
    ArrayExercise,
    ChoiceExercise,
    NumberExercise,
    Option,
)

IN_PAGE = course_exercises.ANSWERED_IN_PAGE
NAMES = {"nan": math.nan, "inf": math.inf, "__builtins__": {}}

RUNNER = r"""
const fs = require("fs");
const exercise = require(process.argv[1]);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const out = input.cases.map(c => {
  try {
    const verdict = c.parsed
      ? exercise.check(c.data, exercise.parse(c.text), input.words)
      : exercise.checkText(c.data, c.text, input.words);
    return {status: verdict.status, message: verdict.message};
  } catch (error) {
    return {status: "crash", message: String(error && error.stack || error)};
  }
});
process.stdout.write(JSON.stringify(out));
"""


# -- the exercises ----------------------------------------------------------------------------
def _fixtures() -> list[Any]:
    """Exercises that use the rules no chapter may use yet: range, labels, sets, 3-D, rtol."""
    made = [
        NumberExercise(
            name="r1",
            title="a similarity",
            prompt="p",
            hints=["h"],
            solution_text="s",
            variable="similarity",
            expected=0.62,
            atol=0.05,
            value_range=(0.0, 1.0),
            mistakes=[Answer("a whole number", answer=1), Answer("two values", shape=(2,))],
        ),
        NumberExercise(
            name="r2",
            title="relative",
            prompt="p",
            hints=["h"],
            solution_text="s",
            expected=123456.7,
            rtol=1e-3,
            accept=[Answer("rounded down: fine", answer=123000)],
        ),
        ArrayExercise(
            name="r3",
            title="labels",
            prompt="p",
            hints=["h"],
            solution_text="s",
            variable="counts",
            expected=[65600, 1664],
            labels=["the dense count", "the conv count"],
            mistakes=[Answer("swapped", answer=[1664, 65600])],
        ),
        ArrayExercise(
            name="r4",
            title="a set",
            prompt="p",
            hints=["h"],
            solution_text="s",
            variable="shifts",
            expected=[-2, 0, 2],
            ordered=False,
            accept=[Answer("0 is no shift: fine", answer=[-2, 2])],
        ),
        ArrayExercise(
            name="r5",
            title="3-D",
            prompt="p",
            hints=["h"],
            solution_text="s",
            expected=np.arange(8.0).reshape(2, 2, 2) / 3,
            atol=1e-3,
            mistakes=[Answer("flat", shape=(8,))],
        ),
        ChoiceExercise(
            name="r6",
            title="a choice",
            prompt="p",
            hints=["h"],
            solution_text="s",
            variable="verdict",
            options=[Option("a", "one", "no: `one`"), Option("b", "two", "yes")],
            expected="b",
        ),
    ]
    for exercise in made:
        exercise.chapter = "fixture"
    return made


GROUPS = ["fixture", *CHAPTERS]


def _exercises(group: str) -> list[Any]:
    """The exercises built here (``"fixture"``) or a chapter's answered in the page."""
    if group == "fixture":
        return _fixtures()
    return [e for e in chapter_exercises(group) if e.kind in IN_PAGE]


# -- what a reader types -------------------------------------------------------------------------
def _text(value: Any) -> str:
    """``value`` as a reader types it (Python's own literal syntax)."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, list):
        return "[" + ", ".join(_text(item) for item in value) + "]"
    return repr(value)


def _shifted(value: Any) -> Any:
    array = np.array(value, dtype=float)
    array.ravel()[0] += 1
    return array


def _with(value: Any, item: float) -> Any:
    array = np.array(value, dtype=float)
    array.ravel()[-1] = item
    return array


def _value_texts(exercise: Any) -> list[str]:
    data = exercise.data()
    expected = np.asarray(data["expected"], dtype=float)
    texts = [_text(data["expected"])]
    texts += [_text(other["answer"]) for other in data["accept"]]
    for mistake in data["mistakes"]:
        if "shape" in mistake:
            texts.append(_text(np.zeros(mistake["shape"]) + 1))
        else:
            texts.append(_text(mistake["answer"]))
    texts += [_text(_shifted(expected)), _text(_with(expected, math.nan))]
    texts += [_text(_with(expected, math.inf)), _text(_with(expected, -math.inf))]
    texts += ["'seven'", "seven", '"7"', "", "   ", "...", "None", "True", "1+2j", "(3-0.5j)"]
    texts += ["[1, 'a']", "[[1, 2], [3]]", "{1, 2}", "[True, False]", "[1, None]", "[1, True]"]
    texts += ["[]", "1e-05", "3.14159265", "-0.0", "1_000", "1, 2"]
    if expected.ndim == 0:
        number = float(expected)
        texts += [_text(number + 10), _text(number - 10), _text([number, number])]
        texts += [_text([[number]]), repr(int(number)) if number.is_integer() else repr(number)]
        texts += [_text(number + 0.4), _text(number * 1.01)]
    else:
        texts += [_text(expected.ravel()), _text(expected.ravel()[:-1]), _text([expected])]
        texts += [_text([*expected.tolist(), expected.tolist()[0]])]
        texts += ["(" + ", ".join(_text(v) for v in expected.tolist()) + ")"]
        texts += [_text(-expected), _text(expected + 0.5), _text(expected[::-1])]
        if expected.ndim == 1:
            texts += ["{" + ", ".join(_text(v) for v in expected.tolist()) + "}"]
    if data.get("range"):
        texts += [_text(data["range"][1] + 1), _text(data["range"][0] - 0.5)]
    return list(dict.fromkeys(texts))


def _choice_texts(exercise: Any) -> list[str]:
    keys = [option["key"] for option in exercise.data()["options"]]
    texts = [*keys, keys[0].upper(), f"({keys[-1]})", f"{keys[0]})", f'"{keys[0]}"', "z"]
    return [*texts, "", "ab", "a b", "7"]


def _python_value(text: str, kind: str) -> Any:
    """What the notebook's checker gets from ``answer = <text>`` (a choice's key as text)."""
    if kind == "choice":
        return int(text) if text.isdigit() else text
    if not text.strip():
        return text
    try:
        return eval(text, dict(NAMES))  # the reader's literal, as Python reads it
    except NameError:
        return text  # a bare word where a number belongs: the page reads it as text


def _cases(group: str) -> list[dict[str, Any]]:
    cases = []
    for exercise in _exercises(group):
        kind = exercise.kind
        texts = _choice_texts(exercise) if kind == "choice" else _value_texts(exercise)
        for text in texts:
            feedback = exercise.check(_python_value(text, kind))
            cases.append(
                {
                    "id": exercise.data()["id"],
                    "data": exercise.data(),
                    "text": text,
                    "parsed": kind == "choice" and text.isdigit(),
                    "python": {"status": feedback.status, "message": feedback.message},
                }
            )
    return cases


@pytest.fixture(scope="module", params=GROUPS)
def group(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def judged(group) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        from conftest import missing

        missing("node is missing: apt-get install nodejs")
    cases = _cases(group)
    words = course_exercises.page_words()
    payload = json.dumps({"words": words, "cases": cases})
    result = subprocess.run(
        [node, "-e", RUNNER, str(SCRIPT)],
        input=payload,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    for case, page in zip(cases, json.loads(result.stdout), strict=True):
        case["page"] = page
    return cases


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_value_and_choice_exercise_of_a_chapter_is_tried(chapter):
    ids = {case["id"] for case in _cases(chapter)}
    in_page = [e.name for e in chapter_exercises(chapter) if e.kind in IN_PAGE]
    assert ids == {f"{chapter}/{name}" for name in in_page}


def test_the_page_and_the_notebook_give_the_same_verdict(judged):
    differ = [
        f"{c['id']} {c['text']!r}: notebook {c['python']['status']}, page {c['page']}"
        for c in judged
        if c["page"]["status"] != c["python"]["status"]
    ]
    assert not differ, "\n".join(differ)


def test_the_page_and_the_notebook_give_the_same_message(judged):
    differ = [
        f"{c['id']} {c['text']!r}:\n  notebook: {c['python']['message']}\n"
        f"  page:     {c['page']['message']}"
        for c in judged
        if c["python"]["status"] != "unanswered" and c["page"]["message"] != c["python"]["message"]
    ]
    assert not differ, "\n".join(differ)


def test_an_empty_answer_is_unanswered_with_the_pages_own_words(judged):
    empty = [c for c in judged if not c["text"].strip()]
    assert empty
    for case in empty:
        assert case["page"] == {"status": "unanswered", "message": PAGE_UNANSWERED}


PAGE_UNANSWERED = course_exercises.PAGE_WORDS["unanswered"]


def test_each_exercises_expected_answer_is_correct_on_the_page(judged, group):
    for exercise in _exercises(group):
        data = exercise.data()
        text = data["expected"] if exercise.kind == "choice" else _text(data["expected"])
        case = next(c for c in judged if c["id"] == data["id"] and c["text"] == text)
        assert case["page"]["status"] == "correct", case


def test_every_verdict_is_reached(judged):
    statuses = {case["page"]["status"] for case in judged}
    assert statuses == {"correct", "incorrect", "invalid", "unanswered"} or not judged


def test_every_typical_mistake_is_diagnosed_by_its_own_message_on_the_page(judged, group):
    for exercise in _exercises(group):
        data = exercise.data()
        for mistake in data.get("mistakes", []):
            if "answer" not in mistake:
                continue
            case = next(
                c for c in judged if c["id"] == data["id"] and c["text"] == _text(mistake["answer"])
            )
            assert case["page"] == {"status": "incorrect", "message": mistake["message"]}


def _node(expression: str) -> Any:
    script = (
        f"const e = require({json.dumps(str(SCRIPT))});"
        f"process.stdout.write(JSON.stringify({expression}));"
    )
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is missing")
def test_a_typed_expression_is_refused_with_the_pages_syntax_message():
    data = _fixtures()[2].data()
    words = course_exercises.page_words()
    verdict = _node(f"e.checkText({json.dumps(data)}, '[1 2]', {json.dumps(words)})")
    assert verdict["status"] == "invalid"
    assert verdict["message"].startswith("the page could not read `counts`")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is missing")
@pytest.mark.parametrize(
    "value",
    [0.1, 1e-05, 1e16, 123456789.125, -2.5e-300, 1 / 3, 2.0, 1e22, 0.0001, 12345678901234567.0],
)
def test_numbers_are_shown_as_python_shows_them(value):
    from companion.checks import format_number

    shown = _node(f"[e.formatNumber({value!r}), e.pyRepr(e.parse({json.dumps(repr(value))}))]")
    assert shown == [format_number(value), repr(value)]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is missing")
def test_messages_become_the_same_html_as_in_the_notebook():
    from companion.quiz import inline_html

    text = "a <b> & `x < 1` and `y`"
    assert _node(f"e.inlineHtml({json.dumps(text)})") == inline_html(text)
