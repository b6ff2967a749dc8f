"""tools/make_student.py: the learners' notebooks leak no solution and run top to bottom."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import make_student  # noqa: E402

CHAPTERS = sorted((REPO / "book").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def student(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "student"
    make_student.write_student(out)
    return out


def _solution_lines(path: Path) -> list[str]:
    """The distinctive lines of a chapter's solution cells (what must not leak).

    Lines that the chapter's other cells also contain (a loop the solution
    borrows from the chapter's own code) are not distinctive.
    """
    notebook = nbformat.read(path, as_version=4)
    shared = "\n".join(cell.source for cell in notebook.cells if not make_student.is_solution(cell))
    lines = []
    for cell in notebook.cells:
        if make_student.is_solution(cell):
            for line in cell.source.split("\n"):
                line = line.strip()
                if (
                    len(line) > 12
                    and not line.startswith("#")
                    and ".check(" not in line
                    and line not in shared
                ):
                    lines.append(line)
    return lines


def test_every_chapter_gets_a_student_notebook(student):
    assert sorted(p.name for p in student.glob("*.ipynb")) == [p.name for p in CHAPTERS]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_no_solution_leaks_into_the_student_notebook(student, chapter):
    notebook = nbformat.read(student / chapter.name, as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells)
    assert not any(make_student.is_solution(cell) for cell in notebook.cells)
    leaked = [line for line in _solution_lines(chapter) if line in text]
    assert leaked == []


def test_the_solution_check_finds_the_chapter_03_solutions():
    # the leak test above is only meaningful if there are solution lines to look for
    assert len(_solution_lines(REPO / "book" / "03_convolution_math.ipynb")) >= 4


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_student_notebooks_have_no_outputs_and_no_nbval_markers(student, chapter):
    notebook = nbformat.read(student / chapter.name, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert "NBVAL" not in cell.source


def test_the_checks_and_answer_cells_stay():
    notebook = make_student.student_notebook(REPO / "book" / "03_convolution_math.ipynb")
    sources = [cell.source for cell in notebook.cells]
    for name, variable in (("q1", "left_map"), ("q2", "last_row"), ("q3", "shape")):
        assert f"{variable} = ..." in sources
        assert any(s.startswith(f"{name}.check({variable})") for s in sources)


def test_the_student_notebook_carries_the_overview_and_key_points():
    notebook = make_student.student_notebook(REPO / "book" / "03_convolution_math.ipynb")
    assert notebook.cells[1].source.startswith("## Overview")
    assert notebook.cells[-1].source.startswith("## Key points")


def test_cross_reference_roles_become_plain_words():
    assert make_student.plain_roles("the {term}`kernels <kernel>` and {term}`stride`") == (
        "the kernels and stride"
    )


def test_the_zip_holds_the_same_notebooks(student):
    with zipfile.ZipFile(student.with_suffix(".zip")) as bundle:
        names = sorted(bundle.namelist())
        assert names == [f"student/{p.name}" for p in CHAPTERS]
        for name in names:
            assert bundle.read(name) == (student.parent / name).read_bytes()


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_each_student_notebook_runs_top_to_bottom(student, chapter):
    notebook = nbformat.read(student / chapter.name, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(student)}},
    )
    client.execute()  # raises CellExecutionError on any error
    errors = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert errors == []
