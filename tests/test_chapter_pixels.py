"""The Pixels and RGB chapter reads without TensorFlow until its TensorFlow section."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat

CHAPTER = Path(__file__).resolve().parent.parent / "book" / "01_pixels_and_rgb.ipynb"


def _code_cells() -> list[str]:
    notebook = nbformat.read(CHAPTER, as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def test_tensorflow_appears_only_from_the_what_tf_sees_section_on():
    cells = _code_cells()
    first = next(i for i, source in enumerate(cells) if "import_tensorflow" in source)
    assert first >= len(cells) - 6
    assert not any("tf." in source or "tensorflow" in source for source in cells[:first])


def test_cells_before_tensorflow_run_with_tensorflow_unavailable():
    cells = _code_cells()
    first = next(i for i, source in enumerate(cells) if "import_tensorflow" in source)
    # A None entry in sys.modules makes `import tensorflow` raise ImportError.
    code = "import sys\nsys.modules['tensorflow'] = None\nsys.modules['keras'] = None\n"
    code += "\n".join(cells[:first])
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=CHAPTER.parent,
        env={"MPLBACKEND": "Agg", "PATH": "", "HOME": str(Path.home())},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
