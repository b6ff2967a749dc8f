"""Every chapter can bootstrap itself on Colab: a hidden first cell installs the companion."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import sync_setup_cell  # noqa: E402

CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def test_setup_cells_match_the_repository_setting():
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "sync_setup_cell.py"),
            "--check",
            *map(str, CHAPTERS),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"run `make sync-url`:\n{result.stdout}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.stem for c in CHAPTERS])
def test_setup_cell_comes_before_any_companion_import_and_is_hidden_on_the_site(chapter):
    code = [c for c in nbformat.read(chapter, as_version=4).cells if c.cell_type == "code"]
    assert code[0].source.startswith(sync_setup_cell.MARK)
    assert "remove-cell" in code[0].metadata["tags"]
    assert sync_setup_cell.repository_url() in code[0].source
    assert all(sync_setup_cell.MARK not in c.source for c in code[1:])


def test_setup_cell_installs_only_when_the_companion_is_missing():
    source = sync_setup_cell.setup_source("https://example.org/course")
    assert 'find_spec("companion") is None' in source
    assert '%pip install --quiet "companion @ git+https://example.org/course"' in source
