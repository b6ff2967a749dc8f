"""Write the learners' notebooks: solutions removed, checks kept, outputs cleared.

One source, two versions (as in Neuromatch Academy): the chapters in ``book/``
are the instructor's version, with each exercise's solution in a cell tagged
``solution``. The student version of each chapter in ``_toc.yml``

- drops every cell tagged ``solution`` (the answer cells ``x = ...`` and the
  ``q1.check(x)`` cells stay, so a learner gets the same feedback);
- clears every output and execution count, and the nbval markers;
- adds the chapter's overview (questions, objectives) after its title and its
  key points at the end, from ``book/lessons/<chapter>.yml``;
- turns the book's cross-reference roles (``{term}`kernels <kernel>```) into
  plain words, and its citations (``{cite:t}`zhang2019```) into "Zhang (2019)",
  which Jupyter cannot resolve; a ``{bibliography}`` block becomes the list of
  the references the notebook cites, from ``book/references.bib``.

Writes ``student/<chapter>.ipynb`` and ``student.zip`` (the same files under
``student/``). Usage: ``python tools/make_student.py [--out student]``
(``make student``).
"""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import course_lessons  # noqa: E402

SOLUTION_TAG = "solution"
MARKERS = ("# NBVAL_CHECK_OUTPUT", "# NBVAL_IGNORE_OUTPUT", "# NBVAL_SKIP")
# Tags that only mean something on the site.
SITE_TAGS = {"hide-input", "hide-output", "hide-cell", "remove-input", "remove-cell"}
_ROLE = re.compile(r"\{(?:term|doc|ref)\}`([^`<]+?)(?:\s*<[^`>]*>)?`")
_CITE = re.compile(r"\{cite(?::(t|p|ts|ps))?\}`([^`]+)`")
_BIBLIOGRAPHY = re.compile(r"```\{bibliography\}[^`]*```")
BIB = ROOT / "book" / "references.bib"


def is_solution(cell: nbformat.NotebookNode) -> bool:
    """True for a cell the student version must not contain."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def plain_roles(text: str) -> str:
    """``{term}`kernels <kernel>``` -> ``kernels``; ``{doc}`x``` -> ``x``."""
    return _ROLE.sub(lambda match: match.group(1).strip(), text)


def _bibliography(path: Path = BIB) -> dict:
    from pybtex.database import parse_file

    return parse_file(str(path)).entries if path.is_file() else {}


def _names(entry) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    last = [" ".join(p.prelast_names + p.last_names) for p in people]
    if not last:
        return entry.fields.get("organization", entry.fields.get("publisher", "?"))
    if len(last) == 1:
        return last[0]
    return f"{last[0]} and {last[1]}" if len(last) == 2 else f"{last[0]} et al."


def plain_citations(text: str, entries: dict) -> str:
    """``{cite:t}`a``` -> ``A (2019)``; ``{cite:p}`a,b``` -> ``(A 2019; B 2020)``."""

    def one(key: str, textual: bool) -> str:
        entry = entries.get(key.strip())
        if entry is None:
            return key.strip()
        year = entry.fields.get("year", "n.d.")
        return f"{_names(entry)} ({year})" if textual else f"{_names(entry)} {year}"

    def cite(match: re.Match) -> str:
        textual = (match.group(1) or "p").startswith("t")
        parts = [one(k, textual) for k in match.group(2).split(",")]
        return "; ".join(parts) if textual else f"({'; '.join(parts)})"

    return _CITE.sub(cite, text)


def reference_list(keys: list[str], entries: dict) -> str:
    """A markdown list of the cited entries: authors (year). *Title*. Where. DOI or URL."""
    lines = []
    for key in dict.fromkeys(keys):
        entry = entries.get(key)
        if entry is None:
            continue
        f = entry.fields
        where = f.get("journal") or f.get("booktitle") or f.get("publisher") or ""
        link = f"https://doi.org/{f['doi']}" if "doi" in f else f.get("url", "")
        parts = [f"{_names(entry)} ({f.get('year', 'n.d.')}). *{f.get('title', key)}*."]
        parts += [f"{where}." if where else "", link]
        lines.append("- " + " ".join(p for p in parts if p).replace("{", "").replace("}", ""))
    return "\n".join(lines)


def _clean_code(source: str) -> str:
    lines = [line for line in source.split("\n") if line.strip() not in MARKERS]
    return "\n".join(lines)


def student_notebook(
    path: Path, chapter: str | None = None, keep_solutions: bool = False
) -> nbformat.NotebookNode:
    """The student version of one chapter notebook.

    ``keep_solutions`` keeps the (cleaned) solution cells, for a tool that
    removes them itself (``tools/make_assignments.py``).
    """
    notebook = nbformat.read(path, as_version=4)
    entries = _bibliography()
    cited = [
        key.strip()
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for match in _CITE.finditer(cell.source)
        for key in match.group(2).split(",")
    ]
    cells = []
    for cell in notebook.cells:
        if is_solution(cell) and not keep_solutions:
            continue
        cell.metadata.pop("execution", None)
        cell.metadata.pop("mystnb", None)
        tags = [t for t in cell.metadata.get("tags", []) if t not in SITE_TAGS]
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.source = _clean_code(cell.source)
        elif cell.cell_type == "markdown":
            source = _BIBLIOGRAPHY.sub(lambda _: reference_list(cited, entries), cell.source)
            cell.source = plain_citations(plain_roles(source), entries)
        cells.append(cell)
    meta = course_lessons.load(chapter or f"book/{path.stem}", ROOT)
    if meta is not None and not course_lessons.problems(chapter or f"book/{path.stem}", ROOT):
        overview = nbformat.v4.new_markdown_cell(course_lessons.overview_markdown(meta, myst=False))
        keypoints = nbformat.v4.new_markdown_cell(
            course_lessons.keypoints_markdown(meta, myst=False)
        )
        first = next((i for i, c in enumerate(cells) if c.cell_type == "markdown"), -1)
        cells.insert(first + 1, overview)
        cells.append(keypoints)
    notebook.cells = cells
    notebook.metadata.pop("widgets", None)
    nbformat.validate(notebook)
    return notebook


def write_student(out: Path, root: Path = ROOT) -> list[Path]:
    """Write every chapter's student notebook into ``out`` and zip them beside it."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for chapter in course_lessons.chapters(root):
        source = root / f"{chapter}.ipynb"
        if not source.is_file():
            continue
        target = out / source.name
        nbformat.write(student_notebook(source, chapter), target)
        written.append(target)
    archive = out.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in written:
            bundle.write(path, f"{out.name}/{path.name}")
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "student"), help="output folder")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    written = write_student(out)
    print(f"wrote {len(written)} student notebook(s) to {out} and {out.with_suffix('.zip')}")


if __name__ == "__main__":
    main()
