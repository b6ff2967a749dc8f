"""Write a chapter notebook from a percent-format script (``# %%`` / ``# %% [markdown]``).

Authors may draft a chapter as plain text and convert it; the notebook in
``book/`` is the source of truth afterwards (edit it in Jupyter).
Cell tags: ``# %% tags=["solution"]``.

Usage: python tools/percent_to_notebook.py draft.py book/NN_chapter.ipynb
"""

import re
import sys

import nbformat

src, dst = sys.argv[1], sys.argv[2]
text = open(src).read()
cells = []
blocks = re.split(r"^# %%(.*)$", text, flags=re.M)
for header, body in zip(blocks[1::2], blocks[2::2]):
    body = body.strip("\n")
    tags = re.findall(r"tags=\[(.*?)\]", header)
    meta = {}
    if tags:
        meta["tags"] = [t.strip().strip("\"'") for t in tags[0].split(",")]
    if "[markdown]" in header:
        lines = [
            l[2:] if l.startswith("# ") else l[1:] if l.startswith("#") else l
            for l in body.splitlines()
        ]
        cells.append(nbformat.v4.new_markdown_cell("\n".join(lines).strip("\n"), metadata=meta))
    else:
        cells.append(nbformat.v4.new_code_cell(body, metadata=meta))
nb = nbformat.v4.new_notebook(cells=cells)
nb.metadata = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}
nbformat.write(nb, dst)
print("wrote", dst, len(cells), "cells")
