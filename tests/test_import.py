"""Importing the companion is light: no TensorFlow until a chapter asks for it."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)


def test_import_companion_does_not_import_tensorflow():
    code = (
        "import sys, companion, companion.plots, companion.demo, companion.faces, "
        "companion.convolution, companion.demos.convolution\n"
        "print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    )
    assert _run(code).stdout.split() == ["False", "False"]


def test_import_tensorflow_writes_nothing_to_stderr():
    code = (
        "from companion.tf_support import import_tensorflow\n"
        "tf = import_tensorflow()\n"
        "tf.nn.conv2d(tf.ones([1, 3, 3, 1]), tf.ones([2, 2, 1, 1]), 1, 'SAME')\n"
        "print(tf.__version__)"
    )
    result = _run(code)
    assert result.stderr == ""
    assert result.stdout.strip()
