"""Write a chapter notebook from a percent-format script (``# %%`` / ``# %% [markdown]``).

Authors may draft a chapter as plain text and convert it; the notebook in
``book/`` is the source of truth afterwards (edit it in Jupyter).
Cell tags: ``# %% tags=["solution"]``.

Usage: python tools/percent_to_notebook.py draft.py book/NN_chapter.ipynb
"""

import re
import sys
from pathlib import Path

import nbformat


def _markdown(body: str) -> str:
    lines = []
    for line in body.splitlines():
        if line.startswith("# "):
            line = line[2:]
        elif line.startswith("#"):
            line = line[1:]
        lines.append(line)
    return "\n".join(lines).strip("\n")


def convert(source: str) -> nbformat.NotebookNode:
    """The notebook described by a percent-format script, without outputs."""
    cells = []
    blocks = re.split(r"^# %%(.*)$", source, flags=re.M)
    for header, body in zip(blocks[1::2], blocks[2::2], strict=True):
        tags = re.findall(r"tags=\[(.*?)\]", header)
        metadata = {"tags": [t.strip().strip("\"'") for t in tags[0].split(",")]} if tags else {}
        if "[markdown]" in header:
            cells.append(nbformat.v4.new_markdown_cell(_markdown(body), metadata=metadata))
        else:
            cells.append(nbformat.v4.new_code_cell(body.strip("\n"), metadata=metadata))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return notebook


if __name__ == "__main__":
    source, target = sys.argv[1], sys.argv[2]
    notebook = convert(Path(source).read_text())
    nbformat.write(notebook, target)
    print(f"wrote {target}: {len(notebook.cells)} cells")
