"""Write the chapters as graded Otter-Grader assignments: solutions stripped, hidden tests.

For each chapter with exercises this writes an Otter Assign master notebook
(format v1) and runs ``otter assign`` on it. The master is the chapter as the
learners' notebook shows it (``tools/make_student.py``), with each exercise
made a question:

- a compute, predict, choice or code exercise is auto-graded for
  :data:`POINTS` of its kind; its solution cell becomes the chapter's answer
  cell (``left_map = ...``) in the student notebook;
- its public test (0 points) runs the chapter's own check, so ``grader.check``
  and Gradescope say what the notebook's check says ("Not yet (q1): the kernel
  was flipped ..."); its hidden test (all the points) asks the same checker of
  :mod:`companion.exercises` whether the answer is right, and holds no answer;
- a reflection (an explanation) is a question graded by hand (``manual``):
  no test ever gives it points.

Writes, in ``--out`` (default ``assignments/``):

- ``<chapter>/<chapter>.ipynb``: the master notebook, and otter's output beside
  it: ``<chapter>/autograder/`` (solutions, tests) and ``<chapter>/student/``;
- ``<chapter>-autograder.zip``: the autograder, for Gradescope or ``otter run``;
- ``student.zip``: every chapter's student notebook, to hand out.

Otter Assign grades each solutions notebook with its own tests and fails
unless it scores full marks (``--no-run-tests`` skips that).
Usage: ``python tools/make_assignments.py [--out assignments] [--chapter 03_convolution_math]``
(``make assignments``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import make_student  # noqa: E402
import sync_setup_cell  # noqa: E402

from companion.exercises import CHAPTERS, chapter_exercises  # noqa: E402

#: Points per kind of exercise. Reflections are graded by hand, never by a test.
POINTS = {"number": 1, "array": 1, "choice": 1, "names": 1, "code": 2, "reflection": 2}
MANUAL_KINDS = {"reflection"}
SETUP_TAG = "setup"
OTTER_VERSION = version("otter-grader")
_CHECK = re.compile(r"^(\w+)\.check\((\w+)\)")

INIT_SOURCE = """\
# The grader's checks (Otter-Grader), installed where missing (Colab, a fresh server)
try:
    import otter
except ImportError:
    %pip install --quiet otter-grader=={version}
    import otter

grader = otter.Notebook("{notebook}")"""

ABOUT = """\
**This notebook is a graded assignment.** Answer each exercise in its cell (replace the
`...`). The check under it says what it says in the course: *Correct*, or *Not yet* with
what is wrong. {auto} graded automatically, by the same checks ({auto_points} points);
{manual} graded by your teacher ({manual_points} points), with no check here.
Keep the file's name. To submit: save, restart the kernel and run every cell, then run
the last cell: it writes a zip file to hand in."""

EXPORT_INSTRUCTIONS = (
    "Upload the zip file that this cell writes (next to this notebook) where your teacher"
    " asks: Gradescope, or the course's page."
)


@dataclass(frozen=True)
class ExerciseCells:
    """Where one exercise sits in a chapter: its prompt, answer, check and solution cells."""

    exercise: Any
    prompt: int
    answer: int
    check: int
    solution: int

    @property
    def manual(self) -> bool:
        return self.exercise.kind in MANUAL_KINDS


def find_exercises(cells: list, chapter: str) -> list[ExerciseCells]:
    """Each exercise of ``chapter`` located in ``cells``: prompt, ``x = ...``, check, solution."""
    exercises = {exercise.name: exercise for exercise in chapter_exercises(chapter)}
    found = []
    for index, cell in enumerate(cells):
        if not make_student.is_solution(cell):
            continue
        match = _CHECK.match(cells[index - 1].source)
        if match is None or match.group(1) not in exercises:
            raise ValueError(f"{chapter}: the solution cell {index} follows no exercise's check")
        exercise = exercises.pop(match.group(1))
        answer = index - 2
        if f"{exercise.variable} = ..." not in cells[answer].source.split("\n"):
            raise ValueError(f"{chapter}: {exercise.name} has no `{exercise.variable} = ...` cell")
        prompt = max(i for i in range(answer) if cells[i].cell_type == "markdown")
        found.append(ExerciseCells(exercise, prompt, answer, index - 1, index))
    if exercises:
        raise ValueError(f"{chapter}: no solution cell for {sorted(exercises)}")
    return found


def _raw(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_raw_cell(text)


def _locked(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cell.metadata.update(editable=False, deletable=False)
    return cell


def assignment_config(chapter: str) -> str:
    """The ``# ASSIGNMENT CONFIG`` cell: names, the grading environment, the export cell."""
    runtime = ROOT / "binder" / "requirements.txt"
    pins = [
        line.strip()
        for line in runtime.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith(("#", "-e")) and "jupyterlab" not in line
    ]
    # The course's package at the release tag, as each chapter's setup cell installs it.
    course = (
        f"{sync_setup_cell.DISTRIBUTION} @ git+{sync_setup_cell.repository_url()}"
        f"@{sync_setup_cell.repository_ref()}"
    )
    python = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    config = {
        "name": chapter,
        "requirements": [*pins, course],
        "python_version": python.removeprefix("python-"),
        "init_cell": False,  # our own, after the chapter's setup cell: see INIT_SOURCE
        "check_all_cell": True,
        "show_question_points": True,
        "export_cell": {"pdf": False, "run_tests": True, "instructions": EXPORT_INSTRUCTIONS},
        "generate": {"pdf": False, "show_stdout": False, "show_hidden": True},
        "tests": {"files": False, "ok_format": True},
    }
    return "# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False).strip()


def _test_cell(config: dict, lines: list[str]) -> nbformat.NotebookNode:
    """An OK-format test: the config block, the code, and ``True`` as its expected output."""
    header = ['""" # BEGIN TEST CONFIG', yaml.safe_dump(config).strip(), '""" # END TEST CONFIG']
    cell = nbformat.v4.new_code_cell("\n".join(header + lines))
    cell.outputs = [
        nbformat.v4.new_output("execute_result", data={"text/plain": "True"}, execution_count=1)
    ]
    return cell


def tests_block(chapter: str, exercise: Any) -> list[nbformat.NotebookNode]:
    """A public test (the notebook's feedback, 0 points) and a hidden one (all the points)."""
    name, variable = exercise.name, exercise.variable
    public = [f"{name}.check({variable}).correct or {name}.check({variable})"]
    hidden = [
        "from companion.exercises import chapter_exercises",
        f'_exercise = {{e.name: e for e in chapter_exercises("{chapter}")}}["{name}"]',
        f"_exercise.check({variable}).correct",
    ]
    return [
        _raw("# BEGIN TESTS"),
        _test_cell({"points": 0}, public),
        _test_cell({"hidden": True}, hidden),
        _raw("# END TESTS"),
    ]


def solution_cell(answer: str, solution: str, check: str) -> nbformat.NotebookNode:
    """The solution, which the student notebook shows as the chapter's answer cell."""
    if '"""' in answer:
        raise ValueError(f"an answer cell may not contain triple quotes: {answer!r}")
    body = [line for line in solution.strip().split("\n") if line.strip() != check]
    lines = ['""" # BEGIN PROMPT', answer.strip(), '"""; # END PROMPT']
    lines += ["# BEGIN SOLUTION NO PROMPT", *body, "# END SOLUTION"]
    return nbformat.v4.new_code_cell("\n".join(lines))


def question_cells(chapter: str, cells: list, where: ExerciseCells) -> list[nbformat.NotebookNode]:
    """One exercise as an Otter question: config, prompt, solution, check and tests."""
    exercise = where.exercise
    config = {"name": exercise.name, "points": POINTS[exercise.kind]}
    if where.manual:
        config["manual"] = True
    else:
        config["check_cell"] = False  # the chapter's own check cell says the same
    check = f"{exercise.name}.check({exercise.variable})"
    out = [_raw("# BEGIN QUESTION\n" + yaml.safe_dump(config, sort_keys=False).strip())]
    out += cells[where.prompt : where.answer]
    out += [_raw("# BEGIN SOLUTION")]
    out += [solution_cell(cells[where.answer].source, cells[where.solution].source, check)]
    out += [_raw("# END SOLUTION")]
    if not where.manual:  # a reflection's check shows the model answer: not in graded work
        out += [cells[where.check], *tests_block(chapter, exercise)]
    out += [_raw("# END QUESTION")]
    return out


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def about_cell(found: list[ExerciseCells]) -> nbformat.NotebookNode:
    """What a learner needs to know about the graded notebook, with its points."""
    auto = [w.exercise for w in found if not w.manual]
    manual = [w.exercise for w in found if w.manual]
    text = ABOUT.format(
        auto=_count(len(auto), "exercise is", "exercises are"),
        auto_points=sum(POINTS[e.kind] for e in auto),
        manual=_count(len(manual), "written explanation is", "written explanations are"),
        manual_points=sum(POINTS[e.kind] for e in manual),
    )
    return _locked(nbformat.v4.new_markdown_cell(text))


def master_notebook(chapter: str) -> nbformat.NotebookNode:
    """The Otter Assign master notebook of one chapter (a stem such as ``03_convolution_math``)."""
    notebook = make_student.student_notebook(
        ROOT / "book" / f"{chapter}.ipynb", f"book/{chapter}", keep_solutions=True
    )
    cells = notebook.cells
    found = find_exercises(cells, chapter)
    out, position = [], 0
    for where in found:
        out += cells[position : where.prompt]
        out += question_cells(chapter, cells, where)
        position = where.solution + 1
    out += cells[position:]
    setup = next((i for i, c in enumerate(out) if SETUP_TAG in c.metadata.get("tags", [])), -1)
    init = INIT_SOURCE.format(version=OTTER_VERSION, notebook=f"{chapter}.ipynb")
    out.insert(setup + 1, _locked(nbformat.v4.new_code_cell(init)))
    title = next(i for i, c in enumerate(out) if c.cell_type == "markdown")
    out.insert(title + 1, about_cell(found))
    out.insert(0, _raw(assignment_config(chapter)))
    notebook.cells = out
    return notebook


def write_assignment(chapter: str, out: Path, run_tests: bool = True) -> Path:
    """Write one chapter's master notebook, run Otter Assign on it; the autograder zip's path."""
    from otter.assign import main as otter_assign

    folder = out / chapter
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    master = folder / f"{chapter}.ipynb"
    nbformat.write(master_notebook(chapter), master)
    otter_assign(str(master), str(folder), no_pdfs=True, no_run_tests=not run_tests)
    made = sorted((folder / "autograder").glob(f"{chapter}-autograder_*.zip"))
    target = out / f"{chapter}-autograder.zip"
    shutil.copyfile(made[-1], target)
    return target


def write_assignments(
    out: Path, chapters: list[str] | None = None, run_tests: bool = True
) -> list[Path]:
    """Every chapter's assignment (or ``chapters``'), and ``student.zip``; the autograder zips."""
    out.mkdir(parents=True, exist_ok=True)
    chosen = chapters or list(CHAPTERS)
    zips = [write_assignment(chapter, out, run_tests) for chapter in chosen]
    with zipfile.ZipFile(out / "student.zip", "w", zipfile.ZIP_DEFLATED) as bundle:
        for chapter in chosen:
            bundle.write(out / chapter / "student" / f"{chapter}.ipynb", f"student/{chapter}.ipynb")
    return zips


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "assignments"), help="output folder")
    parser.add_argument(
        "--chapter", action="append", choices=list(CHAPTERS), help="only this chapter (repeatable)"
    )
    parser.add_argument(
        "--no-run-tests", action="store_true", help="do not grade the solutions notebooks"
    )
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    zips = write_assignments(out, args.chapter, run_tests=not args.no_run_tests)
    for path in zips:
        print(f"autograder: {path}")
    print(f"student notebooks: {out / 'student.zip'}")


if __name__ == "__main__":
    main()
