"""Every chapter can bootstrap itself on Colab: a hidden first cell installs the companion."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import sync_setup_cell  # noqa: E402

CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


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
    url, ref = sync_setup_cell.repository_url(), sync_setup_cell.repository_ref()
    assert f"git+{url}@{ref}" in code[0].source
    assert all(sync_setup_cell.MARK not in c.source for c in code[1:])


# -- what the cell does, run as IPython runs it ------------------------------------------------
class _Shell:
    """Stands in for ``get_ipython()``: records the line magics a cell runs."""

    def __init__(self) -> None:
        self.magics: list[tuple[str, str]] = []

    def run_line_magic(self, name: str, line: str, _stack_depth: int = 1) -> None:
        self.magics.append((name, line))


def _run_setup_cell(installed: set[str]) -> list[tuple[str, str]]:
    """Run the setup cell where only the distributions in ``installed`` are there."""
    from IPython.core.inputtransformer2 import TransformerManager

    real_version = importlib.metadata.version

    def version(name: str) -> str:
        if name not in installed:
            raise importlib.metadata.PackageNotFoundError(name)
        return real_version(name) if name == PROJECT["name"] else "0.0.2"

    source = sync_setup_cell.setup_source("https://example.org/course", "v9.9")
    code = TransformerManager().transform_cell(source)
    shell = _Shell()
    saved = importlib.metadata.version
    importlib.metadata.version = version
    try:
        exec(compile(code, "<setup cell>", "exec"), {"get_ipython": lambda: shell})
    finally:
        importlib.metadata.version = saved
    return shell.magics


def test_setup_cell_does_nothing_where_the_course_package_is_installed():
    assert _run_setup_cell({PROJECT["name"]}) == []


def test_setup_cell_installs_the_pinned_ref_where_the_course_package_is_missing():
    magics = _run_setup_cell(set())
    wanted = f'install --quiet "{PROJECT["name"]} @ git+https://example.org/course@v9.9"'
    assert magics == [("pip", wanted)]


def test_an_unrelated_package_named_companion_does_not_fool_the_setup_cell():
    # PyPI's `companion` (0.0.2) is importable as `companion` too: find_spec cannot tell.
    assert importlib.util.find_spec("companion") is not None
    assert _run_setup_cell({"companion"}) != []


def test_the_cell_asks_for_the_distribution_pyproject_names():
    assert sync_setup_cell.DISTRIBUTION == PROJECT["name"] != "companion"
    import companion

    assert importlib.metadata.version(PROJECT["name"]) == companion.__version__


@pytest.mark.parametrize("ref", [None, "", "v1 .0", 'v1"', 3])
def test_a_bad_ref_in_the_config_is_refused_naming_the_setting(ref, monkeypatch):
    repository = {"url": "https://example.org/course", "ref": ref}
    monkeypatch.setattr(sync_setup_cell, "_repository", lambda: repository)
    with pytest.raises(ValueError, match=r"`repository\.ref`"):
        sync_setup_cell.repository_ref()


def test_the_config_pins_a_ref():
    assert sync_setup_cell.repository_ref() not in ("main", "master", "HEAD")


# -- requires-python says the truth -------------------------------------------------------------
def test_requires_python_admits_only_pythons_every_dependency_supports():
    from packaging.specifiers import SpecifierSet

    ours = SpecifierSet(PROJECT["requires-python"])
    for name in ("numpy", "matplotlib", "scikit-image", "scikit-learn", "scipy", "ipywidgets"):
        theirs = SpecifierSet(importlib.metadata.metadata(name).get("Requires-Python") or "")
        for minor in range(6, 16):
            python = f"3.{minor}"
            if python in ours:
                assert python in theirs, f"{name} needs Python {theirs}, pyproject allows {python}"
    assert f"{sys.version_info.major}.{sys.version_info.minor}" in ours
