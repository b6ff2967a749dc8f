"""Student notebooks show citations as words and a reference list, not raw MyST roles."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import make_student  # noqa: E402


def test_citations_become_author_and_year():
    entries = make_student._bibliography()
    text = "As {cite:t}`kayhan2020` show, and others agree {cite:p}`zhang2019,azulay2019`."
    plain = make_student.plain_citations(text, entries)
    assert plain == (
        "As Kayhan and van Gemert (2020) show,"
        " and others agree (Zhang 2019; Azulay and Weiss 2019)."
    )


def test_student_notebooks_carry_no_cite_role_or_bibliography_directive():
    for path in sorted((ROOT / "book").glob("0[1-5]_*.ipynb")):
        notebook = make_student.student_notebook(path)
        text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
        assert "{cite" not in text and "{bibliography}" not in text, path.name
