"""Grade a class's submissions of one assignment with Otter-Grader's local runner (no Docker).

Every submission in the given files and folders (the zip that a student
notebook's last cell writes, or the notebook itself) is run and graded with
``otter.api.grade_submission`` against the chapter's autograder zip
(``make assignments``), in this Python environment: the course's venv, which
has the chapters' packages and otter. Writes into ``--out`` (default
``grades/``):

- ``grades.csv``: one row per submission: its path, the points of each
  auto-graded question, the total, the points possible, and why a submission
  could not be graded (``error``);
- ``written.csv``: one row per submission and written explanation, to grade by
  hand: the answer beside the model answer and the rubric.

Usage: ``python tools/grade_submissions.py assignments/03_convolution_math-autograder.zip
SUBMISSIONS... [--out grades] [--jobs 2]``
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import csv
import json
import re
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import nbformat
from nbformat.reader import NotJSONError

ANSWER_TAG = "otter_answer_cell"  # otter's tag on the cells the student writes in
SUFFIXES = (".ipynb", ".zip")


def submissions(paths: list[Path]) -> list[Path]:
    """The notebooks and zips in ``paths`` (files, or folders searched recursively)."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.suffix in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.suffix in SUFFIXES:
            found.append(path)
    return found


def assignment_of(autograder: Path) -> tuple[str, list[str]]:
    """The chapter an autograder zip grades, and its questions in order (q1, q2, ..., q10)."""
    with zipfile.ZipFile(autograder) as bundle:
        config = json.loads(bundle.read("otter_config.json"))
        names = [Path(n).stem for n in bundle.namelist() if re.fullmatch(r"tests/\w+\.py", n)]
    return config["assignment_name"], sorted(names, key=lambda n: (len(n), n))


def grade_one(submission: Path, autograder: Path) -> dict[str, Any]:
    """Each question's points for one submission, or the error that stopped its grading."""
    from otter.api import grade_submission

    try:
        results = grade_submission(str(submission), str(autograder), quiet=True)
    except Exception as error:  # a bad file must not stop the class's grading
        return {"error": f"{type(error).__name__}: {error}"}
    if results.catastrophic_error is not None:
        return {"error": str(results.catastrophic_error)}
    scores: dict[str, Any] = {name: results.get_score(name) for name in results.test_files}
    return scores | {"total": results.total, "possible": results.possible, "error": ""}


def read_notebook(submission: Path) -> nbformat.NotebookNode:
    """The notebook of a submission: the file itself, or the one notebook in its zip."""
    if submission.suffix == ".ipynb":
        return nbformat.read(submission, as_version=4)
    with zipfile.ZipFile(submission) as bundle:
        names = [n for n in bundle.namelist() if n.endswith(".ipynb")]
        if len(names) != 1:
            raise ValueError(f"{submission}: expected one notebook in the zip, found {names}")
        return nbformat.reads(bundle.read(names[0]).decode("utf-8"), as_version=4)


def written_answer(notebook: nbformat.NotebookNode, variable: str) -> str:
    """The text a student assigned to ``variable`` in an answer cell ("" if none)."""
    text = ""
    for cell in notebook.cells:
        if cell.cell_type != "code" or ANSWER_TAG not in cell.metadata.get("tags", []):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            if re.search(rf"^{variable}\s*=", cell.source, flags=re.M):
                text = cell.source
            continue
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == variable for t in node.targets
            ):
                try:
                    value = ast.literal_eval(node.value)
                except ValueError:
                    value = ast.get_source_segment(cell.source, node.value)
                text = "" if value is Ellipsis else str(value)
    return text


def written_rows(submission: str, notebook: nbformat.NotebookNode, chapter: str) -> list[dict]:
    """One row per written explanation of ``chapter``: the student's answer, model and rubric."""
    from companion.exercises import chapter_exercises

    return [
        {
            "submission": submission,
            "question": data["name"],
            "title": data["title"],
            "answer": written_answer(notebook, data["variable"]),
            "model_answer": data["model_answer"],
            "rubric": " | ".join(data["rubric"]),
        }
        for data in (exercise.data() for exercise in chapter_exercises(chapter))
        if data["kind"] == "reflection"
    ]


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def grade_all(
    autograder: Path, paths: list[Path], out: Path, jobs: int = 1
) -> tuple[list[dict], list[dict]]:
    """Grade every submission; write ``grades.csv`` and ``written.csv`` in ``out``; their rows."""
    chapter, questions = assignment_of(autograder)
    found = submissions(paths)
    if not found:
        raise ValueError(f"no .ipynb or .zip submissions in {[str(p) for p in paths]}")
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            graded = list(pool.map(grade_one, found, [autograder] * len(found)))
    else:
        graded = [grade_one(path, autograder) for path in found]
    grades, written = [], []
    for path, scores in zip(found, graded, strict=True):
        grades.append({"submission": str(path), **scores})
        print(f"{path}: {scores.get('total', 0)}/{scores.get('possible', '?')} {scores['error']}")
        # a file that cannot be read: its grading row already says what is wrong
        with contextlib.suppress(ValueError, OSError, zipfile.BadZipFile, NotJSONError):
            written += written_rows(str(path), read_notebook(path), chapter)
    out.mkdir(parents=True, exist_ok=True)
    _write_csv(out / "grades.csv", ["submission", *questions, "total", "possible", "error"], grades)
    columns = ["submission", "question", "title", "answer", "model_answer", "rubric"]
    _write_csv(out / "written.csv", columns, written)
    return grades, written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("autograder", type=Path, help="the chapter's autograder zip")
    parser.add_argument("submissions", type=Path, nargs="+", help="submission files or folders")
    parser.add_argument("--out", type=Path, default=Path("grades"), help="output folder")
    parser.add_argument("--jobs", type=int, default=1, help="submissions graded at once")
    args = parser.parse_args(argv)
    grades, written = grade_all(args.autograder, args.submissions, args.out, args.jobs)
    print(f"graded {len(grades)} submission(s): {args.out / 'grades.csv'};")
    print(f"{len(written)} written answer(s) to grade by hand: {args.out / 'written.csv'}")


if __name__ == "__main__":
    main()
