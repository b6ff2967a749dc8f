"""Give every chapter a first code cell that installs the companion where it is missing.

On Colab (or any Jupyter without the course installed) the chapters cannot
``import companion``; this cell installs it from the course's repository, and
does nothing where the package is already there (``make lab``, Binder, a hub,
CI). The URL comes from ``repository.url`` in ``_config.yml``, the one
setting that also drives the Binder, Colab and repository buttons: after
changing it, run ``make sync-url``. The cell is hidden on the website.

Usage: python tools/sync_setup_cell.py [--check] book/*.ipynb
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
MARK = "# Setup for Colab and fresh Jupyter servers"
TAGS = ["remove-cell", "setup"]


def repository_url() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    return config["repository"]["url"].rstrip("/")


def setup_source(url: str) -> str:
    return (
        f"{MARK}: installs the companion if missing.\n"
        "import importlib.util\n"
        "\n"
        'if importlib.util.find_spec("companion") is None:\n'
        f'    %pip install --quiet "companion @ git+{url}"'
    )


def sync(path: Path, url: str, *, check: bool) -> bool:
    """Insert or update the setup cell; return True when the notebook was already right."""
    notebook = nbformat.read(path, as_version=4)
    wanted = setup_source(url)
    index = next((i for i, c in enumerate(notebook.cells) if c.source.startswith(MARK)), None)
    if index is not None and notebook.cells[index].source == wanted:
        return True
    if check:
        return False
    cell = nbformat.v4.new_code_cell(wanted, metadata={"tags": TAGS})
    if index is None:
        first_code = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")
        notebook.cells.insert(first_code, cell)
    else:
        notebook.cells[index] = cell
    nbformat.write(notebook, path)
    return False


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"]
    url = repository_url()
    stale = [path for path in paths if not sync(path, url, check=check)]
    for path in stale:
        print(f"{path}: {'setup cell missing or stale' if check else 'setup cell written'}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
