"""Import TensorFlow lazily and quietly, and make the course's own training deterministic.

TensorFlow costs seconds to import and, on a machine without a GPU, prints
CUDA/oneDNN/absl log lines that do not belong on a page of the book. Every
part of the course that needs TF gets it from :func:`import_tensorflow`.

The learner's machine is left as it is: a GPU is hidden from TensorFlow only
where there is none to find (which silences the driver probing), and op
determinism is switched on only inside :func:`deterministic_ops`, around the
course's own training, and switched back afterwards.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sys
from collections.abc import Iterator
from types import ModuleType

_QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # C++ INFO/WARNING/ERROR lines
    "TF_ENABLE_ONEDNN_OPTS": "0",  # the "oneDNN custom operations are on" notice
    "KERAS_BACKEND": "tensorflow",
}
#: Set only where no GPU device exists: no probing for one, and no cuInit error line.
_NO_GPU_ENV = {"CUDA_VISIBLE_DEVICES": "-1"}


def gpu_present(device_glob: str = "/dev/nvidia[0-9]*") -> bool:
    """Whether this machine has an NVIDIA GPU device, judged without importing TensorFlow."""
    return bool(glob.glob(device_glob))


def import_tensorflow(deterministic: bool = False) -> ModuleType:
    """Return the ``tensorflow`` module, imported with its log noise silenced.

    A GPU stays visible where the machine has one (and the learner's own
    ``CUDA_VISIBLE_DEVICES`` is always respected). ``deterministic=True``
    turns op determinism on for the whole process; prefer
    :func:`deterministic_ops`, which limits it to a block of code.
    """
    if "tensorflow" not in sys.modules:
        env = dict(_QUIET_ENV) if gpu_present() else {**_QUIET_ENV, **_NO_GPU_ENV}
        for key, value in env.items():
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
def deterministic_ops() -> Iterator[ModuleType]:
    """Op determinism on inside the block (yields ``tensorflow``), as it was afterwards.

    Seeded training then gives the same numbers on every run of the same
    machine and thread count (the "Invariance" chapter relies on it); outside
    the block the learner's TensorFlow runs as they set it up.
    """
    tf = import_tensorflow()  # first: the quiet settings must precede any TF import
    from tensorflow.python.framework import config

    was_on = config.is_op_determinism_enabled()
    config.enable_op_determinism()
    try:
        yield tf
    finally:
        if not was_on:
            config.disable_op_determinism()


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
