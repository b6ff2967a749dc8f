"""The teaching kit on the built site: lesson boxes, self-check questions, hidden solutions,
the lesson plan and the glossary (``build``), and the questions answered in a browser
(``browser``). The site comes from ``COURSE_SITE_DIR`` or ``_build/html`` (see conftest)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "book" / "_ext"))

import course_lessons  # noqa: E402

CHAPTERS = course_lessons.chapters(REPO)
GLOSSARY = [
    "pixel",
    "channel",
    "kernel",
    "filter",
    "stride",
    "padding",
    "feature-map",
    "activation",
    "pooling",
    "equivariance",
    "invariance",
    "aliasing",
]


def _page(site: Path, docname: str) -> str:
    return (site / f"{docname}.html").read_text(encoding="utf-8")


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_page_shows_overview_self_check_and_key_points_in_order(site, chapter):
    html = _page(site, chapter)
    overview, quiz, keypoints = (
        html.find(s) for s in ("cnn-overview", "data-cnn-quiz", "cnn-keypoints")
    )
    assert -1 < overview < quiz < keypoints
    assert html.count('class="cnn-quiz-question"') >= 2


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_quiz_script_is_loaded_once(site, chapter):
    assert len(re.findall(r'<script src="[^"]*cnn-quiz\.js', _page(site, chapter))) == 1


@pytest.mark.build
def test_chapter_03_solutions_are_collapsed_behind_show_the_solution(site):
    html = _page(site, "book/03_convolution_math")
    blocks = html.split('<div class="cell tag_solution')[1:]
    assert len(blocks) == 4
    for block in blocks:
        details = block[: block.index("</details>")]
        assert re.match(r'[^>]*>\s*<details class="[^"]*hide', details), details[:120]
        assert "Show the solution" in details and "Correct" in details  # verdict hidden too


@pytest.mark.build
def test_chapter_03_links_its_terms_to_the_glossary(site):
    html = _page(site, "book/03_convolution_math")
    linked = {t.lower() for t in re.findall(r'href="glossary\.html#term-([A-Za-z-]+)"', html)}
    assert {"kernel", "stride", "feature-map", "padding", "channel", "pixel"} <= linked


@pytest.mark.build
def test_the_glossary_defines_every_term(site):
    html = _page(site, "book/glossary").lower()
    assert all(f'id="term-{term}"' in html for term in GLOSSARY)


@pytest.mark.build
def test_the_teachers_guide_shows_three_sessions_that_add_up_to_90_minutes(site):
    html = _page(site, "book/teachers_guide")
    assert html.count("<table") >= 3
    totals = re.findall(r"<strong>Total</strong>.*?<strong>(\d+)</strong>", html, flags=re.S)
    assert totals == ["90", "90", "90"]
    assert all(f"{Path(chapter).name}.html" in html for chapter in CHAPTERS)


def test_each_row_of_the_plan_adds_teaching_exercises_and_self_check(site):
    html = _page(site, "book/teachers_guide")
    rows = re.findall(r"<tr[^>]*>\s*<td[^>]*>[^<]*\d:\d\d-\d:\d\d</td>(.*?)</tr>", html, flags=re.S)
    chapter_rows = 0
    for row in rows:
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        ]
        if cells[1]:  # a chapter: teaching, exercises, self-check, minutes
            chapter_rows += 1
            assert sum(int(c) for c in cells[1:4]) == int(cells[4]), cells
    assert chapter_rows == len(CHAPTERS)


def test_the_discussion_questions_have_folded_expected_answers(site):
    html = _page(site, "book/teachers_guide")
    section = html[html.index('id="discussion-questions"') :]
    section = section[: section.index('<section id="', 1)]
    questions = re.findall(r"<li>", section)
    answers = re.findall(r'<details class="[^"]*sd-dropdown[^"]*"(?![^>]*\bopen\b)', section)
    assert len(questions) == len(answers) == 5
    assert section.count("Expected answer") == 5


@pytest.mark.browser
def test_a_self_check_question_answers_from_the_keyboard(site_url, new_page):
    page, log = new_page(site_url)
    page.goto(site_url + "book/03_convolution_math.html")
    qid = "quiz-03-convolution-math-q1"
    feedback = page.locator(f"#{qid}-feedback")
    page.focus(f"#{qid}-c0")
    page.keyboard.press("Space")  # choose "8 x 8", a wrong answer
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert feedback.inner_text().startswith("Not quite.")
    page.focus(f"#{qid}-c0")
    page.keyboard.press("ArrowDown")  # "6 x 6", the right one
    assert feedback.inner_text() == ""  # stale feedback goes when the choice changes
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert feedback.inner_text().startswith("Correct.")
    assert log.page_errors == [] and log.console_errors == []
