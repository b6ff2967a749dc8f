"""companion.quiz: self-check questions as accessible offline HTML and as notebook widgets."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from companion.quiz import (
    LESSONS_ENV,
    WORDS,
    MissingQuiz,
    Quiz,
    chapter_quiz,
    inline_html,
    live_widget,
    load_questions,
    render,
    validate,
    verdict,
)

REPO = Path(__file__).resolve().parent.parent


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


class _Reader(HTMLParser):
    """What a reader of the block gets: legends, choice labels, radio values, the answers."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.legends: list[str] = []
        self.labels: list[str] = []
        self.radios: list[str] = []
        self.answers: list[str] = []
        self._open: list[str] | None = None
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("legend", "label"):
            self._open = self.legends if tag == "legend" else self.labels
            self._open.append("")
        elif tag == "input" and attributes.get("type") == "radio":
            self.radios.append(attributes["value"])
        elif tag == "form":
            self.answers.append(attributes["data-answer"])

    def handle_endtag(self, tag):
        if tag in ("legend", "label"):
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open[-1] += data


def _shows_the_question(markup: str) -> bool:
    """Does ``markup`` show :func:`_question` (independently of how ``render`` builds it)?"""
    read = _Reader(markup)
    return (
        read.legends == ["Question 1. What does conv2d compute?"]
        and read.labels == ["convolution", "cross-correlation"]
        and read.radios == ["0", "1"]
        and read.answers == ["1"]
    )


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


def test_a_quiz_shows_its_question_and_choices_in_a_notebook():
    assert _shows_the_question(Quiz([_question()], uid="q")._repr_html_())


# -- the same questions in a notebook: live widgets ---------------------------------------
QUESTION = _question()


def test_a_wrong_choice_gets_not_quite_its_feedback_and_a_retry():
    status, text = verdict(QUESTION, 0)
    assert status == "incorrect"
    assert text == "<strong>Not quite.</strong> No flip happens. Try another answer."


def test_the_right_choice_gets_correct_and_its_feedback_as_html():
    assert verdict(QUESTION, 1) == (
        "correct",
        "<strong>Correct.</strong> Right: <code>no flip</code>.",
    )


def test_no_choice_asks_for_one():
    assert verdict(QUESTION, None) == ("unanswered", WORDS["unanswered"])


@pytest.mark.parametrize("choice", [2, -1, True, "1"])
def test_a_choice_that_is_not_an_index_is_refused_naming_the_argument(choice):
    with pytest.raises(ValueError, match="`choice`"):
        verdict(QUESTION, choice)


def test_the_site_block_carries_the_verdict_words_the_widgets_use():
    html = render([QUESTION], uid="quiz-x")
    for key, text in WORDS.items():
        assert f'data-{key}="{text}"' in html


def _first_box(questions=(QUESTION,)):
    return live_widget(list(questions), title="Check yourself").questions[0]


def test_the_widget_starts_with_nothing_chosen_and_no_feedback():
    box = _first_box()
    assert box.choices.value is None and box.feedback.value == ""


def test_the_widget_shows_the_verdict_of_the_chosen_answer():
    box = _first_box()
    box.button.click()
    assert box.feedback.value == WORDS["unanswered"]
    box.choices.value = 0
    box.button.click()
    assert box.feedback.value.startswith("<strong>Not quite.</strong> No flip happens.")
    box.choices.value = 1
    assert box.feedback.value == ""  # stale feedback goes when the choice changes
    box.button.click()
    assert box.feedback.value.startswith("<strong>Correct.</strong>")


def test_the_widget_labels_choices_in_plain_text():
    box = _first_box([_question(choices=[{"text": "`a` one", "feedback": "f"}] * 2)])
    assert [label for label, _ in box.choices.options] == ["a one", "a one"]


def test_each_chapter_has_its_questions_as_widgets_in_the_notebook():
    import sys

    sys.path.insert(0, str(REPO / "book" / "_ext"))
    import course_lessons

    for chapter in course_lessons.chapters(REPO):
        quiz = chapter_quiz(Path(chapter).name)
        assert isinstance(quiz, Quiz) and len(quiz.questions) >= 2
        assert len(quiz.widget().questions) == len(quiz.questions)


def test_each_chapter_notebook_shows_its_quiz_before_the_exercises():
    import json

    for path in sorted((REPO / "book").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        sources = ["".join(cell["source"]) for cell in cells]
        exercises = next(i for i, s in enumerate(sources) if s.startswith("## Exercises"))
        quiz = cells[exercises - 1]
        assert quiz["cell_type"] == "code", path.name
        assert f'chapter_quiz("{path.stem}")' in sources[exercises - 1], path.name
        # The site shows the same questions at the end of the page, once.
        assert "remove-cell" in quiz["metadata"].get("tags", []), path.name


def test_the_book_build_shows_the_site_face_instead_of_widgets(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    monkeypatch.setenv("COMPANION_DEMO_FACES", "static")
    Quiz([QUESTION], uid="q")._ipython_display_()
    assert _shows_the_question(shown[0].data)
    monkeypatch.delenv("COMPANION_DEMO_FACES")
    Quiz([QUESTION], uid="q")._ipython_display_()
    assert type(shown[1]).__name__ == "VBox"


def test_a_chapter_name_that_is_not_text_is_refused_naming_the_argument():
    with pytest.raises(TypeError, match="`chapter`"):
        load_questions(3)


def test_a_malformed_chapter_name_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match="`chapter`"):
        load_questions("../secrets")


def test_lesson_files_are_read_from_the_folder_named_by_the_environment(tmp_path, monkeypatch):
    (tmp_path / "09_demo.yml").write_text(
        "title: Demo\nquiz:\n  - question: Q?\n    answer: 0\n    choices:\n"
        "      - {text: a, feedback: right}\n      - {text: b, feedback: wrong}\n"
    )
    monkeypatch.setenv(LESSONS_ENV, str(tmp_path))
    assert load_questions("09_demo") == (
        "Demo",
        validate(
            [
                _question(
                    question="Q?",
                    answer=0,
                    choices=[
                        {"text": "a", "feedback": "right"},
                        {"text": "b", "feedback": "wrong"},
                    ],
                )
            ]
        ),
    )


def test_a_notebook_without_the_lesson_files_gets_a_note_not_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    quiz = chapter_quiz("09_nowhere")
    assert isinstance(quiz, MissingQuiz)
    assert "course site" in repr(quiz) and "09_nowhere.yml" in quiz._repr_html_()


# -- Colab's ipywidgets 7 ---------------------------------------------------------------------
WIDGETS7 = REPO / ".venv" / "widgets7"
WIDGETS7_SCRIPT = """
import ipywidgets
assert ipywidgets.__version__.startswith("7."), ipywidgets.__version__
from IPython.core.interactiveshell import InteractiveShell
from companion.quiz import chapter_quiz
InteractiveShell.instance()
quiz = chapter_quiz("03_convolution_math")
quiz._ipython_display_()  # as Jupyter displays it: no _repr_mimebundle_ in ipywidgets 7
box = quiz.widget().questions[0]
box.choices.value = 0
box.button.click()
assert box.feedback.value.startswith("<strong>Not quite.</strong>"), box.feedback.value
box.choices.value = 1
assert box.feedback.value == ""
box.button.click()
assert box.feedback.value.startswith("<strong>Correct.</strong>"), box.feedback.value
print("ok", ipywidgets.__version__)
"""


def test_the_widgets_work_with_colabs_ipywidgets_7():
    """Run the quiz against ipywidgets 7.7.1 (``make venv`` installs it in .venv/widgets7)."""
    import os
    import subprocess
    import sys

    from conftest import missing

    if not (WIDGETS7 / "ipywidgets").is_dir():
        missing(f"ipywidgets 7 is not installed in {WIDGETS7}: run `make venv`")
    env = dict(os.environ, PYTHONPATH=str(WIDGETS7))
    result = subprocess.run(
        [sys.executable, "-c", WIDGETS7_SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "ok 7." in result.stdout
