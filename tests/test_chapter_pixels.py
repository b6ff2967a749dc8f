"""The Pixels and RGB chapter reads without TensorFlow until its TensorFlow section."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat

CHAPTER = Path(__file__).resolve().parent.parent / "book" / "01_pixels_and_rgb.ipynb"


TF_SECTION = "## What TensorFlow sees"


def _code_cells() -> tuple[list[str], list[str]]:
    """The code cells outside the TensorFlow section, and those inside it.

    The section runs from its heading to the next level-2 heading; the
    chapter's closing section and exercises come after it.
    """
    notebook = nbformat.read(CHAPTER, as_version=4)
    outside, inside, in_section = [], [], False
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            in_section = cell.source.startswith(TF_SECTION)
        elif cell.cell_type == "code":
            (inside if in_section else outside).append(cell.source)
    return outside, inside


def test_tensorflow_appears_only_in_the_what_tf_sees_section():
    outside, inside = _code_cells()
    assert any("import_tensorflow" in source for source in inside)
    assert not any(
        "tf." in source or "tensorflow" in source or "import_tensorflow" in source
        for source in outside
    )


def test_cells_outside_the_tensorflow_section_run_with_tensorflow_unavailable():
    from IPython.core.inputtransformer2 import TransformerManager

    outside, _ = _code_cells()
    # A None entry in sys.modules makes `import tensorflow` raise ImportError.
    code = "import sys\nsys.modules['tensorflow'] = None\nsys.modules['keras'] = None\n"
    # IPython syntax (the setup cell's %pip) becomes plain Python, as in a kernel.
    code += "\n".join(TransformerManager().transform_cell(source) for source in outside)
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=CHAPTER.parent,
        env={"MPLBACKEND": "Agg", "PATH": "", "HOME": str(Path.home())},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
