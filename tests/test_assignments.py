"""`make assignments`: the chapters as Otter-Grader assignments, graded by otter's local runner.

A student notebook filled with the right answers (taken from the exercises'
own definitions, not from the chapters' solution cells) scores full marks; one
filled with the typical mistakes that each checker names scores only the
points of the one question it leaves right. Written explanations never get
points from a test, and no solution or hidden test reaches a student notebook.
Grading runs a chapter in a kernel (tens of seconds), so these tests are the
``assignments`` phase of ``make test``, not unit tests.
"""

from __future__ import annotations

import json
import runpy
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import grade_submissions  # noqa: E402
import make_assignments  # noqa: E402
import make_student  # noqa: E402

from companion.exercises import CHAPTERS, chapter_exercises  # noqa: E402

pytestmark = pytest.mark.assignments

#: The chapters graded here, and the question their wrong submission leaves right.
GRADED = {"01_pixels_and_rgb": "q1", "03_convolution_math": "q5"}
#: The chapter whose right submission is the zip of the notebook's export cell, run as a learner.
EXPORTED = "03_convolution_math"
#: A typical wrong function for each code exercise that a wrong submission answers.
WRONG_CODE = {
    "output_size": "def output_size(n, k, s, padding):\n    return (n - k) // s + 1  # VALID",
}


def autograded(chapter: str) -> list[Any]:
    return [e for e in chapter_exercises(chapter) if e.kind not in make_assignments.MANUAL_KINDS]


@pytest.fixture(scope="module")
def assignments(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("assignments")
    make_assignments.write_assignments(out, run_tests=False)
    return out


def right_answer(exercise: Any) -> str:
    data = exercise.data()
    if data["kind"] == "code":
        return data["solution_code"]
    if data["kind"] == "reflection":
        return f"{exercise.variable} = {data['model_answer']!r}"
    return f"{exercise.variable} = {exercise.reference()!r}"


def wrong_answer(exercise: Any) -> str:
    """The first typical mistake that the exercise's checker knows by name."""
    data, variable = exercise.data(), exercise.variable
    kind = data["kind"]
    if kind == "code":
        return WRONG_CODE[variable]
    if kind == "reflection":
        return f'{variable} = "It stays the same: convolution ignores shifts."'
    if kind == "choice":
        wrong = next(o["key"] for o in data["options"] if o["key"] != data["expected"])
        return f"{variable} = {wrong!r}"
    if kind == "names":
        names = [item["mistakes"][0]["names"][0] for item in data["items"]]
        return f"{variable} = {names!r}"
    mistake = data["mistakes"][0]
    value = mistake["answer"] if "answer" in mistake else np.zeros(mistake["shape"]).tolist()
    return f"{variable} = {value!r}"


def filled(student: Path, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The student notebook with each answer cell (``x = ...``) replaced by ``answers[x]``."""
    notebook = nbformat.read(student, as_version=4)
    done = set()
    for cell in notebook.cells:
        if grade_submissions.ANSWER_TAG in cell.metadata.get("tags", []):
            variable = cell.source.strip().split("\n")[-1].split(" = ...")[0]
            cell.source = answers[variable]
            done.add(variable)
    assert done == set(answers)
    return notebook


def run_and_export(notebook: nbformat.NotebookNode, folder: Path, chapter: str) -> Path:
    """Run a filled student notebook top to bottom, as a learner does; the zip it exports."""
    path = folder / f"{chapter}.ipynb"
    nbformat.write(notebook, path)
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    client.execute()
    check_all = next(c for c in notebook.cells if c.source == "grader.check_all()")
    said = "".join(
        o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in check_all.outputs
    )
    assert said.count("All test cases passed!") == len(autograded(chapter)), said
    (made,) = folder.glob(f"{chapter}_*.zip")
    return made


@pytest.fixture(scope="module")
def graded(assignments, tmp_path_factory) -> dict[str, dict]:
    """For each chapter of GRADED: its right and wrong submissions, graded; rows by name."""
    results = {}
    for chapter, kept in GRADED.items():
        folder = tmp_path_factory.mktemp(f"submissions-{chapter}")
        student = assignments / chapter / "student" / f"{chapter}.ipynb"
        exercises = chapter_exercises(chapter)
        right = {e.variable: right_answer(e) for e in exercises}
        wrong = {
            e.variable: right_answer(e) if e.name == kept else wrong_answer(e) for e in exercises
        }
        if chapter == EXPORTED:
            learner = tmp_path_factory.mktemp(f"learner-{chapter}")
            shutil.move(
                run_and_export(filled(student, right), learner, chapter), folder / "right.zip"
            )
        else:
            nbformat.write(filled(student, right), folder / "right.ipynb")
        notebook = nbformat.writes(filled(student, wrong))
        with zipfile.ZipFile(folder / "wrong.zip", "w") as bundle:  # as the export cell writes
            bundle.writestr(f"{chapter}.ipynb", notebook)
        autograder = assignments / f"{chapter}-autograder.zip"
        grades, written = grade_submissions.grade_all(autograder, [folder], folder / "out", jobs=2)
        results[chapter] = {
            "grades": {Path(row["submission"]).stem: row for row in grades},
            "written": {Path(row["submission"]).stem: row for row in written},
            "csv": (folder / "out" / "grades.csv").read_text(encoding="utf-8"),
        }
    return results


# -- what make assignments writes ------------------------------------------------------


def test_every_chapter_gets_an_autograder_and_a_student_notebook(assignments):
    for chapter in CHAPTERS:
        assert (assignments / f"{chapter}-autograder.zip").is_file()
        assert (assignments / chapter / "student" / f"{chapter}.ipynb").is_file()
        assert (assignments / chapter / "autograder" / f"{chapter}.ipynb").is_file()
    with zipfile.ZipFile(assignments / "student.zip") as bundle:
        assert sorted(bundle.namelist()) == sorted(f"student/{c}.ipynb" for c in CHAPTERS)


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_each_question_has_its_points_a_public_and_a_hidden_test(assignments, chapter):
    with zipfile.ZipFile(assignments / f"{chapter}-autograder.zip") as bundle:
        bundle.extractall(assignments / f"unzipped-{chapter}")
    tests = assignments / f"unzipped-{chapter}" / "tests"
    assert sorted(p.stem for p in tests.glob("*.py")) == sorted(e.name for e in autograded(chapter))
    for exercise in autograded(chapter):
        test = runpy.run_path(str(tests / f"{exercise.name}.py"))["test"]
        assert test["points"] == make_assignments.POINTS[exercise.kind]
        public, hidden = test["suites"][0]["cases"]
        assert not public["hidden"] and public["points"] == 0
        assert f"{exercise.name}.check({exercise.variable})" in public["code"]
        assert hidden["hidden"] and "points" not in hidden  # all the question's points
        assert "chapter_exercises" in hidden["code"]


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_written_explanations_are_graded_by_hand(assignments, chapter):
    master = nbformat.read(assignments / chapter / f"{chapter}.ipynb", as_version=4)
    configs = [c.source for c in master.cells if c.source.startswith("# BEGIN QUESTION")]
    for exercise in chapter_exercises(chapter):
        config = next(c for c in configs if f"name: {exercise.name}\n" in c)
        manual = exercise.kind in make_assignments.MANUAL_KINDS
        assert ("manual: true" in config) == manual


def _solution_lines(chapter: str) -> list[str]:
    """The distinctive lines of a chapter's solution cells (those no other cell has)."""
    notebook = nbformat.read(REPO / "book" / f"{chapter}.ipynb", as_version=4)
    cells = notebook.cells
    shared = "\n".join(c.source for c in cells if not make_student.is_solution(c))
    return [
        line.strip()
        for cell in cells
        if make_student.is_solution(cell)
        for line in cell.source.split("\n")
        if len(line.strip()) > 12
        and not line.strip().startswith("#")
        and ".check(" not in line
        and line.strip() not in shared
    ]


@pytest.mark.parametrize("chapter", list(CHAPTERS))
def test_no_solution_or_hidden_test_reaches_the_student_notebook(assignments, chapter):
    notebook = nbformat.read(assignments / chapter / "student" / f"{chapter}.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells) + json.dumps(notebook.metadata)
    lines = _solution_lines(chapter)
    assert lines, "no distinctive solution lines: the check would prove nothing"
    assert [line for line in lines if line in text] == []
    assert "chapter_exercises" not in text  # the hidden tests' code
    for exercise in chapter_exercises(chapter):
        if exercise.kind in make_assignments.MANUAL_KINDS:
            assert exercise.data()["model_answer"][:40] not in text


def test_the_student_notebook_keeps_the_chapters_answer_and_check_cells(assignments):
    student = assignments / "03_convolution_math" / "student" / "03_convolution_math.ipynb"
    sources = [cell.source for cell in nbformat.read(student, as_version=4).cells]
    assert "left_map = ..." in sources
    assert any(s.startswith("q1.check(left_map)") for s in sources)
    assert any('grader = otter.Notebook("03_convolution_math.ipynb")' in s for s in sources)


# -- grading with otter's local runner ---------------------------------------------------


@pytest.mark.parametrize("chapter", list(GRADED))
def test_the_right_answers_score_full_marks(graded, chapter):
    row = graded[chapter]["grades"]["right"]
    full = sum(make_assignments.POINTS[e.kind] for e in autograded(chapter))
    assert row["error"] == ""
    assert (row["total"], row["possible"]) == (full, full)
    for exercise in autograded(chapter):
        assert row[exercise.name] == make_assignments.POINTS[exercise.kind]


@pytest.mark.parametrize("chapter", list(GRADED))
def test_typical_mistakes_score_nothing(graded, chapter):
    row = graded[chapter]["grades"]["wrong"]
    kept = GRADED[chapter]
    points = {e.name: make_assignments.POINTS[e.kind] for e in autograded(chapter)}
    assert row["error"] == ""
    assert (row["total"], row["possible"]) == (points[kept], sum(points.values()))
    for name in points:
        assert row[name] == (points[name] if name == kept else 0)


@pytest.mark.parametrize("chapter", list(GRADED))
def test_written_answers_are_collected_for_the_teacher(graded, chapter):
    (reflection,) = [e for e in chapter_exercises(chapter) if e.kind == "reflection"]
    written = graded[chapter]["written"]
    assert written["right"]["answer"] == reflection.data()["model_answer"]
    assert written["wrong"]["answer"].startswith("It stays the same")
    assert written["wrong"]["question"] == reflection.name
    assert reflection.name not in graded[chapter]["csv"].split("\n")[0].split(",")
