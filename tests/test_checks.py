"""companion.checks: reading answers of every kind, the verdicts, and the Exercise object."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from conftest import contrast_ratio

from companion.checks import (
    MESSAGES,
    VERDICTS,
    Feedback,
    Invalid,
    format_number,
    is_close,
    read_array,
    read_number,
)
from companion.exercises.values import Answer, ArrayExercise, NumberExercise


# -- reading answers ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer",
    [7, 7.0, np.int64(7), np.float32(7), np.array(7), np.array([7]), [7], (7.0,)],
    ids=["int", "float", "np.int64", "np.float32", "0-d array", "1-element array", "list", "tuple"],
)
def test_one_number_is_read_from_python_and_numpy_alike(answer):
    assert read_number(answer, "x") == 7.0


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (float("nan"), "NaN"),
        (np.array([1.0, np.nan]), "NaN"),
        (float("inf"), "infinity"),
        (-np.inf, "infinity"),
        (131.2 + 50j, "complex"),
        (np.array([1 + 0j]), "complex"),
        ("131.2", "without quotes"),
        (b"7", "without quotes"),
        (np.array(["1", "2"]), "holds text"),
        (["1", 2], "holds text"),
        (True, "True/False"),
        (np.array([True, False]), "True/False"),
        (None, "None"),
        ({"a": 1}, "must hold numbers"),
        ([[1, 2], [3]], "different lengths"),
        ([1, None], "must hold numbers"),
        (object(), "must hold numbers"),
    ],
    ids=lambda value: type(value).__name__,
)
def test_what_cannot_be_a_number_is_refused_with_what_to_fix(answer, words):
    with pytest.raises(Invalid, match="`grey`") as caught:
        read_array(answer, "grey")
    assert words in str(caught.value)


def test_several_values_for_one_number_say_how_many():
    with pytest.raises(Invalid, match="one number; you gave 3 values"):
        read_number([1, 2, 3], "grey")


class _FakeTensor:
    """What the checker relies on in a tf.Tensor or tf.Variable: ``.numpy()``."""

    def __init__(self, value):
        self._value = np.asarray(value)

    def numpy(self):
        return self._value


class _FakeShape:
    """What the checker relies on in a tf.TensorShape: ``.as_list()``."""

    def __init__(self, dims):
        self._dims = dims

    def as_list(self):
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)


def test_tensor_like_values_are_read_through_numpy():
    assert read_array(_FakeTensor([[1, 2], [3, 4]])).tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert read_array([_FakeTensor(1), _FakeTensor(2.5)]).tolist() == [1.0, 2.5]


def test_shape_like_values_are_read_through_as_list():
    assert read_array(_FakeShape([47, 71])).tolist() == [47.0, 71.0]


def test_a_shape_of_unknown_rank_is_refused():
    with pytest.raises(Invalid, match="unknown sizes"):
        read_array(_FakeShape(None))


def test_a_shape_with_an_unknown_size_is_refused():
    with pytest.raises(Invalid, match="must hold numbers"):
        read_array(_FakeShape([None, 3]))


@pytest.mark.tf
def test_real_tensorflow_values_are_accepted_alike(tf):
    assert read_number(tf.constant(131.2), "grey") == pytest.approx(131.2)
    assert read_array(tf.Variable([[1, 2], [3, 4]])).tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert read_array(tf.zeros((1, 47, 71, 1)).shape[1:3]).tolist() == [47.0, 71.0]
    assert read_array([tf.constant(2), 3]).tolist() == [2.0, 3.0]
    with pytest.raises(Invalid, match="complex"):
        read_array(tf.constant(1 + 2j))


def test_whole_numbers_show_without_a_decimal_point():
    assert (format_number(44.0), format_number(-3), format_number(0.333333333)) == (
        "44",
        "-3",
        "0.333333",
    )


def test_closeness_is_absolute_plus_relative_to_the_reference():
    given = np.array([100.5])
    assert is_close(given, [100], atol=0.5, rtol=0)
    assert not is_close(given, [100], atol=0.4, rtol=0)
    assert is_close(given, [100], atol=0, rtol=0.005)
    assert not is_close(np.zeros(2), [0, 0, 0], atol=1, rtol=0)


# -- verdicts and feedback ---------------------------------------------------------------------
def test_every_verdict_has_a_word_and_compare_is_never_correct():
    assert set(VERDICTS) == {"correct", "incorrect", "invalid", "unanswered", "compare"}
    assert not Feedback("q1", "compare", "read both").correct


def test_feedback_says_its_verdict_in_words_not_only_colour():
    html = Feedback("q1", "incorrect", "expected `x`")._repr_html_()
    assert "Not yet" in html and "<code>x</code>" in html


def test_the_message_templates_fill_without_leftover_braces():
    values = dict.fromkeys(
        (
            "variable",
            "given",
            "count",
            "shape",
            "low",
            "high",
            "expected",
            "wrong",
            "where",
            "keys",
            "first",
        ),
        "v",
    )
    for key, template in MESSAGES.items():
        assert "{" not in template.format(**values), key


# -- the Exercise object ------------------------------------------------------------------------
def _exercise(**changes) -> NumberExercise:
    args = dict(
        name="q9",
        title="t",
        prompt="p",
        hints=["first", "second", "third"],
        solution_text="the answer",
        variable="x",
        expected=7,
    )
    return NumberExercise(**{**args, **changes})


def test_an_unanswered_exercise_says_so_and_names_the_variable():
    feedback = _exercise().check(...)
    assert feedback.status == "unanswered" and "`x = ...`" in feedback.message


def test_hints_get_stronger_and_point_to_the_next():
    exercise = _exercise()
    assert "first" in str(exercise.hint()) and "q9.hint(2)" in str(exercise.hint())
    assert "Hint 3 of 3" in str(exercise.hint(3))


def test_asking_past_the_last_hint_points_to_the_solution():
    text = str(_exercise().hint(7))
    assert "third" in text and "q9.solution()" in text


def test_a_hint_level_below_one_is_answered_kindly():
    assert "numbered 1 to 3" in str(_exercise().hint(0))


def test_the_solution_is_shown_on_request():
    assert "the answer" in _exercise().solution()._repr_markdown_()


def test_a_wrong_answer_points_to_the_hints_but_a_right_one_does_not():
    assert "q9.hint()" in str(_exercise().check(8))
    assert "hint" not in str(_exercise().check(7))


def test_a_number_too_high_or_too_low_says_which():
    assert _exercise().check(9).message == "9 is too high for `x`."
    assert _exercise().check(6.5).message == "6.5 is too low for `x`."


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "q 1"}, "`name`"),
        ({"variable": "my answer"}, "`variable`"),
        ({"hints": []}, "`hints`"),
        ({"atol": -1}, "`atol`"),
        ({"expected": None}, "`expected`"),
    ],
)
def test_a_badly_made_exercise_is_refused_naming_the_field(changes, field):
    with pytest.raises(ValueError, match=field):
        _exercise(**changes)


def test_an_answer_entry_needs_an_answer_or_a_shape_but_not_both():
    with pytest.raises(ValueError, match="exactly one"):
        Answer(message="m")
    with pytest.raises(ValueError, match="exactly one"):
        Answer(message="m", answer=1, shape=(2,))


def test_a_mistake_given_by_shape_catches_any_array_of_that_shape():
    exercise = ArrayExercise(
        name="q1",
        title="t",
        prompt="p",
        hints=["h"],
        solution_text="s",
        expected=[[1, 2]],
        mistakes=[Answer(shape=(3,), message="three values: that is another layout.")],
    )
    assert exercise.check([5, 6, 7]).message == "three values: that is another layout."
    assert exercise.check([5, 6]).status == "invalid"


def test_the_first_wrong_value_is_located_without_giving_the_answer():
    exercise = ArrayExercise(
        name="q1",
        title="t",
        prompt="p",
        hints=["h"],
        solution_text="s",
        variable="m",
        expected=[[1, 2], [3, 4]],
    )
    message = exercise.check([[1, 2], [9, 8]]).message
    assert (
        message
        == "2 of 4 values of `m` are not right yet; the first is at row 1, column 0: you gave 9."
    )


def test_an_unordered_answer_ignores_order_and_repeats():
    exercise = ArrayExercise(
        name="q1",
        title="t",
        prompt="p",
        hints=["h"],
        solution_text="s",
        expected=[2, -2, 0],
        ordered=False,
    )
    assert exercise.check([0, 2, -2, 2]).correct
    assert exercise.check({-2, 0, 2}).correct
    assert not exercise.check([0, 2]).correct


def test_an_ordered_answer_refuses_a_set():
    exercise = ArrayExercise(
        name="q1", title="t", prompt="p", hints=["h"], solution_text="s", expected=[1, 2]
    )
    assert "no order" in exercise.check({1, 2}).message


# -- the verdicts' colours: one palette in both faces, legible on white --------------------
def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast_ratio("#767676", "rgb(255, 255, 255)") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("rgb(206, 214, 221)", "#ced6dd") == pytest.approx(1)


def test_the_notebook_shows_each_verdict_in_the_sites_colour():
    css = (Path(__file__).parent.parent / "book/_static/cnn-exercise.css").read_text()
    light = dict(re.findall(r"--cnn-(\w+): (#[0-9a-f]{6})", css.split("html[data-theme")[0]))
    for status in ("correct", "incorrect", "invalid", "unanswered"):
        shown = Feedback("q1", status, "message")._repr_html_()
        colour = re.search(r"color: (#[0-9a-f]{6})", shown).group(1)
        assert colour == light[status], status
        assert contrast_ratio(colour, "#ffffff") >= 4.5, status
