"""companion.quiz: self-check questions rendered as accessible, offline HTML."""

from __future__ import annotations

import re

import pytest

from companion.quiz import Quiz, inline_html, render, validate


def _question(**changes):
    question = {
        "question": "What does `conv2d` compute?",
        "answer": 1,
        "choices": [
            {"text": "convolution", "feedback": "No flip happens."},
            {"text": "cross-correlation", "feedback": "Right: `no flip`."},
        ],
    }
    return {**question, **changes}


def test_each_question_is_a_fieldset_with_a_legend_and_radio_buttons():
    html = render([_question(), _question()], uid="quiz-x")
    assert html.count("<fieldset>") == 2 and html.count("<legend>") == 2
    assert html.count('type="radio"') == 4


def test_every_radio_button_has_a_label():
    html = render([_question()], uid="quiz-x")
    ids = re.findall(r'<input type="radio" name="[^"]+" id="([^"]+)"', html)
    assert ids and all(f'<label for="{i}">' in html for i in ids)


def test_feedback_goes_to_a_polite_live_region():
    html = render([_question()], uid="quiz-x")
    assert 'aria-live="polite"' in html and 'role="status"' in html


def test_the_right_answer_and_each_choices_feedback_are_in_the_markup():
    html = render([_question()], uid="quiz-x")
    assert 'data-answer="1"' in html
    assert 'data-feedback="Right: &lt;code&gt;no flip&lt;/code&gt;."' in html


def test_element_ids_are_unique():
    html = render([_question(), _question(), _question()], uid="quiz-x")
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_text_is_escaped_and_backticks_become_code():
    assert inline_html("a <b> `x < 1`") == "a &lt;b&gt; <code>x &lt; 1</code>"


def test_a_script_in_a_question_cannot_run():
    html = render([_question(question="<script>alert(1)</script>")], uid="quiz-x")
    assert "<script>" not in html


def test_an_answer_out_of_range_is_rejected_naming_the_field():
    with pytest.raises(ValueError, match="`answer` must be between 0 and 1"):
        validate([_question(answer=2)])


def test_a_choice_without_feedback_is_rejected_naming_the_field():
    question = _question(choices=[{"text": "a", "feedback": "x"}, {"text": "b"}])
    with pytest.raises(ValueError, match="choice 1 needs a non-empty `feedback`"):
        validate([question])


def test_a_question_needs_two_choices():
    with pytest.raises(ValueError, match="`choices`"):
        validate([_question(choices=[{"text": "a", "feedback": "x"}])])


def test_a_bad_uid_is_rejected_naming_the_argument():
    with pytest.raises(ValueError, match="`uid`"):
        render([_question()], uid="not an id")


def test_a_quiz_displays_the_same_block_in_a_notebook():
    assert Quiz([_question()], uid="q")._repr_html_() == render([_question()], uid="q")
