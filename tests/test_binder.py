"""Binder's environment: ``binder/requirements.txt`` alone runs the course.

repo2docker (mybinder.org) installs ``binder/requirements.txt`` with the
interpreter of ``binder/runtime.txt``, from the repository root. The slow test
below does the same into a fresh venv (pip may download from PyPI; its cache
makes later runs quicker), then runs a chapter with nbclient in that venv's
own kernel and imports TensorFlow there through the companion. It takes a few
minutes, once per ``make test`` (unit phase); ``make binder-test`` runs it alone.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import NETWORK_TROUBLE, missing
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

REPO = Path(__file__).resolve().parent.parent
BINDER = REPO / "binder"
CHAPTER = REPO / "book" / "02_why_cnns.ipynb"  # a chapter that never imports TensorFlow
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
DEV_TOOLS = ("pytest", "ruff", "playwright", "jupyter-book", "nbval", "hypothesis", "import-linter")


def _requirements(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in _requirements(path):
        if line.startswith("-"):
            continue
        requirement = Requirement(line)
        pins[requirement.name.lower()] = str(requirement.specifier)
    return pins


# -- the files, read ---------------------------------------------------------------------------
def test_runtime_is_a_python_the_package_accepts():
    runtime = (BINDER / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), runtime
    assert runtime.removeprefix("python-") in SpecifierSet(PROJECT["requires-python"])


def test_every_binder_requirement_is_pinned_and_the_companion_comes_from_here():
    lines = _requirements(BINDER / "requirements.txt")
    assert "-e ." in lines
    others = [line for line in lines if not line.startswith("-")]
    assert others and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][\w.]*", x) for x in others)


def test_binder_pins_agree_with_the_courses_environment():
    binder, course = _pins(BINDER / "requirements.txt"), _pins(REPO / "requirements.txt")
    course["tensorflow-cpu"] = course["tensorflow"]  # the same release, without CUDA
    for name, pin in binder.items():
        if name in course:
            assert pin == course[name], f"{name}: binder {pin}, requirements.txt {course[name]}"


def test_binder_installs_no_build_or_test_tool():
    binder = _pins(BINDER / "requirements.txt")
    assert not set(DEV_TOOLS) & set(binder)


# -- the environment, built and used -----------------------------------------------------------
RUN_CHAPTER = """
import importlib.metadata, importlib.util, sys
import nbformat
from nbclient import NotebookClient

for tool in ("pytest", "ruff", "playwright", "jupyter_book", "nbval"):
    assert importlib.util.find_spec(tool) is None, f"{tool} is installed"
print("companion", importlib.metadata.version(sys.argv[2]))
notebook = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(
    notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": sys.argv[3]}}
).execute()
errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
assert not errors, errors
print("cells run", sum(c.cell_type == "code" for c in notebook.cells))
from companion.tf_support import import_tensorflow
print("tensorflow", import_tensorflow().__version__)
"""


def test_binder_requirements_alone_run_a_chapter(tmp_path):
    venv = tmp_path / "binder-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COMPANION_DEMO_FACES")}
    env.update(VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt"],
        cwd=REPO,  # as repo2docker runs it: `-e .` is the repository
        env=env,
        capture_output=True,
        text=True,
        timeout=2400,
    )
    if install.returncode != 0 and NETWORK_TROUBLE.search(install.stderr):
        missing(f"PyPI is out of reach: {install.stderr.strip().splitlines()[-1]}")
    assert install.returncode == 0, install.stderr[-4000:]
    version = subprocess.run(
        [str(python), "-c", "import sys; print('python-%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert version == (BINDER / "runtime.txt").read_text().strip()
    run = subprocess.run(
        [str(python), "-c", RUN_CHAPTER, str(CHAPTER), PROJECT["name"], str(CHAPTER.parent)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert run.returncode == 0, (run.stdout + run.stderr)[-4000:]
    assert re.search(r"^cells run [1-9]", run.stdout, re.M), run.stdout
    assert re.search(r"^tensorflow 2\.", run.stdout, re.M), run.stdout


@pytest.mark.parametrize("tool", DEV_TOOLS)
def test_the_tools_binder_leaves_out_are_real_names_of_the_root_requirements(tool):
    # Guards the check above: a misspelt tool name would make it pass trivially.
    assert tool in _pins(REPO / "requirements.txt")
