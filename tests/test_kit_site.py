"""The teaching kit on the built site: lesson boxes, self-check questions, hidden solutions,
the lesson plan and the glossary (``build``), and the questions answered in a browser
(``browser``). The site comes from ``COURSE_SITE_DIR`` or ``_build/html`` (see conftest)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "book" / "_ext"))

import course_exercises  # noqa: E402
import course_lessons  # noqa: E402

from companion.exercises import chapter_exercises, exercise_data  # noqa: E402

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


def _solution_cells(chapter: str) -> int:
    cells = json.loads((REPO / f"{chapter}.ipynb").read_text(encoding="utf-8"))["cells"]
    return sum("solution" in cell.get("metadata", {}).get("tags", []) for cell in cells)


@pytest.mark.build
def test_chapter_03_solutions_are_collapsed_behind_show_the_solution(site):
    html = _page(site, "book/03_convolution_math")
    blocks = html.split('<div class="cell tag_solution')[1:]
    assert len(blocks) == _solution_cells("book/03_convolution_math") >= 3
    for block in blocks:
        details = block[: block.index("</details>")]
        assert re.match(r'[^>]*>\s*<details class="[^"]*hide', details), details[:120]
        assert "Show the solution" in details
        assert re.search(r"Correct|Compare", details)  # the verdict is hidden too


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


@pytest.mark.build
def test_each_row_of_the_plan_adds_teaching_exercises_and_self_check(site):
    html = _page(site, "book/teachers_guide")
    rows = re.findall(
        r"<tr[^>]*>\s*<td[^>]*>(?:<p>)?[^<]*\d:\d\d-\d:\d\d(?:</p>)?</td>(.*?)</tr>",
        html,
        flags=re.S,
    )
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


@pytest.mark.build
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


# -- exercises answered in the page (book/_ext/course_exercises.py, cnn-exercise.js) ----------
IN_PAGE = course_exercises.ANSWERED_IN_PAGE


def _stem(chapter: str) -> str:
    return Path(chapter).name


def _visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "style"]):
        tag.decompose()
    return soup.get_text(" ")


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0][0] not in "_.")


def _uid(data: dict) -> str:
    return "exercise-" + re.sub(r"[^A-Za-z0-9]+", "-", data["id"]).strip("-")


@pytest.mark.build
def test_no_page_shows_the_frozen_output_of_a_check_cell(site):
    frozen = []
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        text = _visible_text(html)
        found = [phrase for phrase in ("Not answered yet (", "run that cell") if phrase in text]
        found += ["cnn-check-unanswered"] if "cnn-check-unanswered" in html else []
        frozen += [f"{page.relative_to(site)}: {phrase!r}" for phrase in found]
    assert not frozen, "\n".join(frozen)


@pytest.mark.build
def test_no_code_cell_shows_an_nbval_marker(site):
    shown = [
        page.relative_to(site)
        for page in _pages(site)
        if "NBVAL_" in _visible_text(page.read_text(encoding="utf-8"))
    ]
    assert not shown, f"nbval markers on the pages: {shown}"


@pytest.mark.build
def test_the_notebooks_keep_their_nbval_markers():
    for chapter in CHAPTERS:
        assert "# NBVAL_CHECK_OUTPUT" in (REPO / f"{chapter}.ipynb").read_text(encoding="utf-8")


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_value_and_choice_exercise_is_answered_in_the_page_from_its_data(site, chapter):
    soup = BeautifulSoup(_page(site, chapter), "html.parser")
    for data in exercise_data(_stem(chapter)):
        block = soup.find(id=_uid(data))
        assert block is not None, f"{data['id']}: not on the page"
        if data["kind"] not in IN_PAGE:
            assert not block.has_attr("data-cnn-exercise")  # answered in the notebook
            continue
        assert block.has_attr("data-cnn-exercise")
        shipped = json.loads(block.find("script", class_="cnn-exercise-data").string)
        assert shipped == json.loads(json.dumps(data)), data["id"]


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_pages_words_are_the_notebook_checkers(site, chapter):
    from companion.checks import MESSAGES, VERDICTS

    soup = BeautifulSoup(_page(site, chapter), "html.parser")
    blocks = soup.find_all(id="cnn-exercise-words")
    if not any(d["kind"] in IN_PAGE for d in exercise_data(_stem(chapter))):
        assert not blocks
        return
    assert len(blocks) == 1
    words = json.loads(blocks[0].string)
    assert words["verdicts"] == VERDICTS
    assert {k: words["messages"][k] for k in MESSAGES} == MESSAGES


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_answer_field_is_labelled_and_feedback_is_announced(site, chapter):
    soup = BeautifulSoup(_page(site, chapter), "html.parser")
    for block in soup.select("[data-cnn-exercise]"):
        fields = block.select("input, textarea")
        assert fields
        for field in fields:
            assert soup.find("label", attrs={"for": field["id"]}), field
        feedback = block.select_one(".cnn-exercise-feedback")
        assert feedback["aria-live"] == "polite" and feedback["role"] == "status"
        assert block.select_one("button[type=submit]").get_text(strip=True) == "Check"


@pytest.mark.build
def test_the_exercise_script_loads_once_and_only_on_pages_with_exercises(site):
    for docname in ["book/intro", "book/glossary", "book/teachers_guide", *CHAPTERS]:
        html = _page(site, docname)
        scripts = len(re.findall(r'<script src="[^"]*cnn-exercise\.js', html))
        assert scripts == (1 if "data-cnn-exercise" in html else 0), docname
        # loaded in the head, without defer: wired before the exercises' markup is parsed
        if scripts:
            head = html[: html.index("</head>")]
            tag = re.search(r'<script [^>]*src="[^"]*cnn-exercise\.js[^"]*"[^>]*>', head)
            assert tag and "defer" not in tag.group(0) and "async" not in tag.group(0)


# -- in a browser ---------------------------------------------------------------------------------
def _a_value_exercise_with_a_mistake():
    """(chapter, exercise) of the first array/number exercise with a typical mistake by value."""
    for chapter in CHAPTERS:
        for exercise in chapter_exercises(_stem(chapter)):
            data = exercise.data()
            by_value = any("answer" in m for m in data.get("mistakes", []))
            flat = not data.get("shape") or len(data["shape"]) == 1
            if data["kind"] in ("number", "array") and by_value and flat:
                return chapter, exercise
    raise AssertionError("no number or 1-D array exercise with a typical mistake")


def _typed(value) -> str:
    return json.dumps(value)


def _read_aloud(label: str, message: str) -> str:
    """What the feedback line says: the verdict word, then the message (code marks gone)."""
    return " ".join(f"{label}: {message.replace('`', '')}".split())


def _feedback(page, uid: str) -> str:
    return " ".join(page.locator(f"#{uid}-feedback").inner_text().split())


@pytest.mark.browser
def test_an_exercise_answers_in_the_page_with_the_notebooks_verdicts(site_url, new_page):
    chapter, exercise = _a_value_exercise_with_a_mistake()
    data = exercise.data()
    uid = _uid(data)
    page, log = new_page(site_url)
    page.goto(f"{site_url}{chapter}.html")
    field = page.locator(f"#{uid}-input")
    mistake = next(m for m in data["mistakes"] if "answer" in m)
    for value, text in [
        (mistake["answer"], _typed(mistake["answer"])),
        (float("nan"), "nan"),
        ("seven", "'seven'"),
        (data["expected"], _typed(data["expected"])),
    ]:
        field.fill("")
        field.focus()
        page.keyboard.type(text)
        page.keyboard.press("Enter")  # submits the form, as the Check button does
        expected = exercise.check(value)
        assert _feedback(page, uid) == _read_aloud(expected.label, expected.message), text
    field.fill("")
    page.keyboard.press("Enter")
    assert _feedback(page, uid).startswith("Not answered yet:")
    page.keyboard.type("1")
    assert _feedback(page, uid) == ""  # stale feedback goes as soon as the answer changes
    assert page.url.endswith(f"{chapter}.html")  # the form never navigated away
    assert log.page_errors == [] and log.console_errors == []


def _a_choice_exercise():
    for chapter in CHAPTERS:
        for exercise in chapter_exercises(_stem(chapter)):
            if exercise.kind == "choice":
                return chapter, exercise
    raise AssertionError("no choice exercise")


@pytest.mark.browser
def test_a_choice_exercise_answers_from_the_keyboard(site_url, new_page):
    chapter, exercise = _a_choice_exercise()
    data = exercise.data()
    uid = _uid(data)
    page, log = new_page(site_url)
    page.goto(f"{site_url}{chapter}.html")
    keys = [option["key"] for option in data["options"]]
    page.locator(f"#{uid}-{keys[0]}").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expected = exercise.check(keys[0])
    assert _feedback(page, uid) == _read_aloud(expected.label, expected.message)
    page.locator(f"#{uid}-{keys[0]}").focus()
    right = keys.index(data["expected"])
    for _ in range(right):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert _feedback(page, uid).startswith("Correct:")
    assert log.page_errors == [] and log.console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_exercise_verdicts_are_readable_in_both_themes(site_url, new_page, theme):
    from axe_playwright_python.sync_playwright import Axe

    chapter, exercise = _a_value_exercise_with_a_mistake()
    uid = _uid(exercise.data())
    page, _log = new_page(site_url)
    page.goto(f"{site_url}{chapter}.html")
    page.evaluate(f"() => {{ document.documentElement.dataset.theme = '{theme}'; }}")
    blocks = page.locator("[data-cnn-exercise]")
    texts = ["", "nan", _typed(exercise.data()["expected"]), "12345"]
    for index in range(blocks.count()):
        block = blocks.nth(index)
        field = block.locator(".cnn-exercise-input")
        if field.count():
            field.fill(texts[index % len(texts)])
        block.locator("button[type=submit]").click()
    assert page.locator(f"#{uid}-feedback").inner_text()
    results = Axe().run(
        page, context=".cnn-exercise", options={"runOnly": ["color-contrast", "label"]}
    )
    violations = results.response["violations"]
    assert not violations, [
        (v["id"], [n["target"] for n in v["nodes"]][:3], v["nodes"][0]["failureSummary"][:200])
        for v in violations
    ]
