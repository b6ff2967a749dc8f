"""Import TensorFlow lazily and quietly.

TensorFlow costs seconds to import and, on a machine without a GPU, prints
CUDA/oneDNN/absl log lines that do not belong on a page of the book. Every
part of the course that needs TF gets it from :func:`import_tensorflow`.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from types import ModuleType

_QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # C++ INFO/WARNING/ERROR lines
    "TF_ENABLE_ONEDNN_OPTS": "0",  # the "oneDNN custom operations are on" notice
    "CUDA_VISIBLE_DEVICES": "-1",  # no probing for a GPU (and no cuInit error)
    "KERAS_BACKEND": "tensorflow",
}


def import_tensorflow(deterministic: bool = True) -> ModuleType:
    """Return the ``tensorflow`` module, imported with its log noise silenced.

    ``deterministic=True`` turns on op determinism, so seeded training gives
    the same numbers on every run (used by the "Invariance" chapter).
    """
    if "tensorflow" not in sys.modules:
        for key, value in _QUIET_ENV.items():
            os.environ.setdefault(key, value)
        with _stderr_silenced():
            import absl.logging
            import tensorflow as tf

            absl.logging.set_verbosity(absl.logging.ERROR)
            tf.get_logger().setLevel("ERROR")
            # First op: TF's one-off runtime set-up, and its log lines, happen here.
            tf.nn.conv2d(tf.zeros([1, 2, 2, 1]), tf.zeros([1, 1, 1, 1]), 1, "VALID")
    import tensorflow as tf

    if deterministic:
        tf.config.experimental.enable_op_determinism()
    return tf


@contextlib.contextmanager
def _stderr_silenced() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for the duration.

    TF's C++ runtime writes some lines ("Could not find cuda drivers") before
    its log level applies, straight to the process's stderr, which Jupyter
    shows in the cell. Nothing else is expected to be written meanwhile.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
