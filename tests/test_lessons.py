"""The lesson metadata (book/lessons/*.yml), the lesson plan built from it, and its injection."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "book" / "_ext"))

import course_lessons  # noqa: E402

CHAPTERS = course_lessons.chapters(REPO)


def test_the_toc_lists_the_chapters():
    assert len(CHAPTERS) >= 5
    assert "book/03_convolution_math" in CHAPTERS


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_complete_lesson_metadata(chapter):
    assert course_lessons.problems(chapter, REPO) == []


def _fake_course(tmp_path: Path, meta: dict) -> Path:
    (tmp_path / "book" / "lessons").mkdir(parents=True)
    toc = {
        "format": "jb-book",
        "root": "book/intro",
        "parts": [{"chapters": [{"file": "book/01_demo"}]}],
    }
    (tmp_path / "_toc.yml").write_text(yaml.safe_dump(toc))
    (tmp_path / "book" / "lessons" / "01_demo.yml").write_text(yaml.safe_dump(meta))
    return tmp_path


def _complete() -> dict:
    return yaml.safe_load((REPO / "book" / "lessons" / "03_convolution_math.yml").read_text())


@pytest.mark.parametrize("field", course_lessons.REQUIRED)
def test_a_missing_field_is_reported_by_name(tmp_path, field):
    meta = _complete()
    del meta[field]
    root = _fake_course(tmp_path, meta)
    found = course_lessons.problems("book/01_demo", root)
    assert any(f"`{field}`" in problem for problem in found), found


def test_a_chapter_without_a_metadata_file_is_reported(tmp_path):
    root = _fake_course(tmp_path, _complete())
    (root / "book" / "lessons" / "01_demo.yml").unlink()
    assert "no lesson metadata" in course_lessons.problems("book/01_demo", root)[0]


def test_minutes_must_be_whole_positive_numbers(tmp_path):
    meta = {**_complete(), "teaching": "twenty", "exercises": 0, "selfcheck": 2.5}
    found = course_lessons.problems("book/01_demo", _fake_course(tmp_path, meta))
    assert any("`teaching` must be whole minutes" in p for p in found)
    assert any("`exercises` must be positive" in p for p in found)
    assert any("`selfcheck` must be whole minutes" in p for p in found)


def test_a_chapter_needs_two_quiz_questions(tmp_path):
    meta = {**_complete(), "quiz": _complete()["quiz"][:1]}
    found = course_lessons.problems("book/01_demo", _fake_course(tmp_path, meta))
    assert any("at least 2 questions" in p for p in found)


def test_a_malformed_quiz_question_is_reported(tmp_path):
    quiz = _complete()["quiz"]
    quiz[0]["answer"] = 7
    found = course_lessons.problems(
        "book/01_demo", _fake_course(tmp_path, {**_complete(), "quiz": quiz})
    )
    assert any("question 1: `answer`" in p for p in found)


# -- the lesson plan ------------------------------------------------------------------------
PLAN = course_lessons.schedule(REPO)


def test_there_are_three_sessions():
    assert len(PLAN["sessions"]) == 3


@pytest.mark.parametrize("number", [0, 1, 2])
def test_each_session_fills_its_minutes_exactly(number):
    session = PLAN["sessions"][number]
    assert sum(row["minutes"] for row in session["rows"]) == PLAN["session_minutes"] == 90
    assert session["total"] == 90


def _yaml_minutes(chapter: str) -> int:
    """A chapter's minutes read straight from its file (not through the module under test)."""
    meta = yaml.safe_load((REPO / "book" / "lessons" / f"{Path(chapter).name}.yml").read_text())
    return meta["teaching"] + meta["exercises"] + meta["selfcheck"]


def test_the_plan_adds_up_to_the_chapters_minutes_and_the_activities():
    data = yaml.safe_load((REPO / "book" / "lessons" / "schedule.yml").read_text())
    for session, planned in zip(data["sessions"], PLAN["sessions"], strict=True):
        expected = sum(
            _yaml_minutes(item["chapter"]) if "chapter" in item else item["minutes"]
            for item in session["items"]
        )
        assert planned["total"] == expected == 90


def test_invariance_fills_a_session_on_its_own():
    session = next(
        s for s in PLAN["sessions"] if any(r["chapter"] == "book/05_invariance" for r in s["rows"])
    )
    assert [row["chapter"] for row in session["rows"] if row["chapter"]] == ["book/05_invariance"]


def test_every_chapter_budgets_time_for_its_self_check_questions():
    for chapter in CHAPTERS:
        meta = course_lessons.load(chapter, REPO)
        assert meta["selfcheck"] >= len(meta["quiz"]), chapter


def test_the_first_session_starts_with_setup_time_for_installing_tensorflow():
    first = PLAN["sessions"][0]["rows"][0]
    assert first["chapter"] is None and first["minutes"] >= 15
    assert "TensorFlow" in first["note"]


def test_rows_start_where_the_previous_one_ends():
    for session in PLAN["sessions"]:
        ends = [row["start"] + row["minutes"] for row in session["rows"]]
        assert [row["start"] for row in session["rows"]] == [0, *ends[:-1]]


def test_every_chapter_is_scheduled_exactly_once():
    scheduled = [row["chapter"] for s in PLAN["sessions"] for row in s["rows"] if row["chapter"]]
    assert sorted(scheduled) == sorted(CHAPTERS)


def test_a_chapter_row_takes_its_minutes_from_the_metadata():
    row = next(
        row
        for session in PLAN["sessions"]
        for row in session["rows"]
        if row["chapter"] == "book/03_convolution_math"
    )
    meta = course_lessons.load("book/03_convolution_math", REPO)
    assert (row["teaching"], row["exercises"], row["selfcheck"]) == (
        meta["teaching"],
        meta["exercises"],
        meta["selfcheck"],
    )
    assert row["minutes"] == meta["teaching"] + meta["exercises"] + meta["selfcheck"]


# -- what the book build adds to a chapter ------------------------------------------------------
def _notebook(*sources: str) -> str:
    cells = [
        {"cell_type": "markdown", "id": f"c{i}", "metadata": {}, "source": s}
        for i, s in enumerate(sources)
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_injection_puts_the_overview_right_after_the_title():
    meta = _complete()
    text = course_lessons.inject_notebook(
        _notebook("# Title\n\nIntro.", "Body."), meta, "book/03_convolution_math"
    )
    sources = [cell["source"] for cell in json.loads(text)["cells"]]
    assert sources[0] == "# Title"
    assert "Overview" in sources[1] and meta["objectives"][0] in sources[1]
    assert sources[2] == "Intro."


def test_injection_ends_with_the_self_check_and_the_key_points():
    meta = _complete()
    text = course_lessons.inject_notebook(
        _notebook("# Title", "Body."), meta, "book/03_convolution_math"
    )
    sources = [cell["source"] for cell in json.loads(text)["cells"]]
    assert sources[-2].startswith("## Check yourself") and "data-cnn-quiz" in sources[-2]
    assert sources[-1].startswith("## Key points") and meta["keypoints"][-1] in sources[-1]


def test_the_quiz_html_has_no_blank_line_that_would_end_the_markdown_html_block():
    block = course_lessons.quiz_markdown(_complete(), "book/03_convolution_math")
    html_part = block[block.index("<div") :]
    assert "\n\n" not in html_part


def test_markdown_chapters_get_the_same_additions():
    text = course_lessons.inject_markdown("# Title\n\nBody.\n", _complete(), "book/09_x")
    assert text.index("# Title") < text.index("Overview") < text.index("Body.")
    assert text.index("## Check yourself") < text.index("## Key points")
