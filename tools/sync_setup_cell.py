"""Give every chapter a first code cell that installs the companion where it is missing.

On Colab (or any Jupyter without the course installed) the chapters cannot
``import companion``; this cell installs the course's distribution,
``how-cnns-see-companion``, from the course's repository at a pinned tag or
commit, and does nothing where it is already installed (``make lab``, Binder,
a hub, CI). The check asks for the distribution by name
(``importlib.metadata.version``), not for an importable ``companion``: an
unrelated package of that name on PyPI would fool ``find_spec``.

Two settings of ``_config.yml`` drive the cell: ``repository.url`` (which also
drives the Binder, Colab and repository buttons) and ``repository.ref``, the
tag or commit learners install (a release tag such as ``v1.0``, so that a
chapter and the code it runs stay in step however the branch moves). After
changing either, run ``make sync-url``. The cell is hidden on the website.

Usage: python tools/sync_setup_cell.py [--check] book/*.ipynb
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
MARK = "# Setup for Colab and fresh Jupyter servers"
TAGS = ["remove-cell", "setup"]


DISTRIBUTION = "how-cnns-see-companion"  # pyproject.toml's [project].name


def _repository() -> dict:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]


def repository_url() -> str:
    """``repository.url`` of ``_config.yml``, without a trailing slash."""
    return _repository()["url"].rstrip("/")


def repository_ref() -> str:
    """``repository.ref`` of ``_config.yml``: the tag or commit the setup cell installs."""
    ref = _repository().get("ref")
    if not isinstance(ref, str) or not ref.strip() or any(c in ref for c in " \"'@#"):
        raise ValueError(
            f"_config.yml: `repository.ref` must be a tag or commit (e.g. v1.0), got {ref!r}."
        )
    return ref.strip()


def setup_source(url: str, ref: str) -> str:
    """The setup cell: install the pinned course package unless its distribution is there."""
    return (
        f"{MARK}: installs the companion if missing.\n"
        "from importlib.metadata import PackageNotFoundError, version\n"
        "\n"
        "try:\n"
        f'    version("{DISTRIBUTION}")\n'
        "except PackageNotFoundError:\n"
        f'    %pip install --quiet "{DISTRIBUTION} @ git+{url}@{ref}"'
    )


def _lines(source: str) -> list[str]:
    """A cell's source as notebooks store it: one string per line, newlines kept."""
    return source.splitlines(keepends=True)


def sync(path: Path, wanted: str, *, check: bool) -> bool:
    """Insert or update the setup cell; return True when the notebook was already right.

    Only that cell changes (its id and other metadata kept): chapters are
    edited cell by cell, so the file is rewritten in its own JSON layout.
    """
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    index = next(
        (i for i, c in enumerate(cells) if "".join(c["source"]).startswith(MARK)),
        None,
    )
    if index is not None and "".join(cells[index]["source"]) == wanted:
        return True
    if check:
        return False
    if index is None:
        cell = dict(nbformat.v4.new_code_cell(wanted, metadata={"tags": TAGS}))
        cell["source"] = _lines(wanted)
        first_code = next(i for i, c in enumerate(cells) if c["cell_type"] == "code")
        cells.insert(first_code, cell)
    else:
        cells[index]["source"] = _lines(wanted)
        tags = cells[index].setdefault("metadata", {}).setdefault("tags", [])
        tags.extend(tag for tag in TAGS if tag not in tags)
    text = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return False


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"]
    wanted = setup_source(repository_url(), repository_ref())
    stale = [path for path in paths if not sync(path, wanted, check=check)]
    for path in stale:
        print(f"{path}: {'setup cell missing or stale' if check else 'setup cell written'}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
