"""Execute chapter notebooks and store only the outputs that nbval checks.

Chapters are kept without outputs (the book executes them at build time),
except the cells marked ``# NBVAL_CHECK_OUTPUT``: nbval compares their stored
output with a fresh run. After editing such a cell, run ``make outputs``.

Usage: python tools/store_checked_outputs.py book/03_convolution_math.ipynb [...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

MARK = "# NBVAL_CHECK_OUTPUT"


def store(path: Path) -> int:
    notebook = nbformat.read(path, as_version=4)
    resources = {"metadata": {"path": str(path.parent)}}
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources=resources).execute()
    kept = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if MARK in cell.source:
            # Text only: pictures and widgets are not compared by nbval.
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "display_data"]
            kept += 1
        else:
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)
    return kept


def main(paths: list[str]) -> None:
    for name in paths:
        kept = store(Path(name))
        print(f"{name}: {kept} checked cell(s) stored")


if __name__ == "__main__":
    main(sys.argv[1:])
