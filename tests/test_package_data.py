"""What a `pip install` of the companion carries: Colab has the package, not the repository.

Chapter "Invariance" reads the stored experiment results; on Colab the setup
cell installs the companion from the repository with pip, so the results must
travel inside the wheel. The wheel is built here as pip builds it (PEP 517,
isolated) and the chapter's loader is run from an unpacked copy, away from
the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import NETWORK_TROUBLE, missing

from companion.experiments.results import RESULTS_PATH

REPO = Path(__file__).resolve().parents[1]


def test_the_repositorys_results_path_links_to_the_package_data():
    linked = REPO / "book" / "results" / "invariance.json"
    assert linked.is_symlink()
    assert linked.resolve() == RESULTS_PATH.resolve()
    assert RESULTS_PATH.is_relative_to(REPO / "companion")


def _source_copy(target: Path) -> None:
    """What the build backend reads, copied, so that building leaves the repository untouched."""
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(REPO / name, target / name)
    shutil.copytree(
        REPO / "companion", target / "companion", ignore=shutil.ignore_patterns("__pycache__")
    )


def test_the_wheel_carries_the_stored_results_and_the_loader_finds_them(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    _source_copy(source)
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), "."],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if build.returncode != 0 and NETWORK_TROUBLE.search(build.stderr):
        missing(f"PyPI is out of reach for the build backend: {build.stderr.strip()[-300:]}")
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = tmp_path.glob("how_cnns_see_companion-*.whl")
    member = "companion/experiments/stored/invariance.json"
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read(member) == RESULTS_PATH.read_bytes()
        archive.extractall(tmp_path / "site")
    code = (
        "import companion.experiments as e\n"
        "r = e.load_results()\n"
        "print(e.RESULTS_PATH.is_relative_to(__import__('sys').argv[1]), r['seeds'])"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    run = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "site")],
        cwd=tmp_path,  # away from the repository
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert run.stdout.split()[0] == "True"
