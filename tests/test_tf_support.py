"""TensorFlow as the learner's machine has it: a GPU kept where there is one, determinism scoped."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from companion import tf_support

pytestmark = pytest.mark.tf


def test_gpu_present_looks_for_nvidia_device_files(tmp_path):
    assert not tf_support.gpu_present(str(tmp_path / "nvidia[0-9]*"))
    (tmp_path / "nvidia0").touch()
    assert tf_support.gpu_present(str(tmp_path / "nvidia[0-9]*"))
    assert not tf_support.gpu_present(str(tmp_path / "nvidia-uvm[0-9]*"))


CUDA_SETTING_AFTER_IMPORT = """
import os, sys
from companion import tf_support
if sys.argv[1] == "gpu":
    tf_support.gpu_present = lambda *args: True
tf_support.import_tensorflow()
print(os.environ.get("CUDA_VISIBLE_DEVICES", "unset"))
"""


@pytest.mark.parametrize(
    ("machine", "learners_setting", "expected"),
    [
        ("none", None, "-1"),  # no GPU: hidden, so TF does not probe for one
        ("gpu", None, "unset"),  # a GPU: left visible
        ("none", "0", "0"),  # the learner's own choice always wins
    ],
)
def test_a_gpu_is_hidden_only_where_there_is_none(machine, learners_setting, expected):
    env = {k: v for k, v in os.environ.items() if k != "CUDA_VISIBLE_DEVICES"}
    if learners_setting is not None:
        env["CUDA_VISIBLE_DEVICES"] = learners_setting
    result = subprocess.run(
        [sys.executable, "-c", CUDA_SETTING_AFTER_IMPORT, machine],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    assert result.stdout.split()[-1] == expected


def _determinism_on() -> bool:
    from tensorflow.python.framework import config

    return config.is_op_determinism_enabled()


def test_importing_tensorflow_leaves_op_determinism_off():
    code = (
        "from companion.tf_support import import_tensorflow\n"
        "from tensorflow.python.framework import config\n"
        "import_tensorflow()\n"
        "print(config.is_op_determinism_enabled())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert result.stdout.split()[-1] == "False"


def test_deterministic_ops_is_on_inside_the_block_only(tf):
    before = _determinism_on()
    with tf_support.deterministic_ops() as module:
        assert module is tf
        assert _determinism_on()
        with tf_support.deterministic_ops():
            assert _determinism_on()
        assert _determinism_on()  # an inner block does not switch it off for the outer one
    assert _determinism_on() == before


def test_training_leaves_determinism_as_it_found_it(tf, monkeypatch):
    from companion import digits
    from companion.experiments import training

    monkeypatch.setitem(training.SETTINGS, "max_epochs", 1)
    split = digits.train_test()
    before = _determinism_on()
    trained = training.train("mlp", split.x_train[:60], split.y_train[:60], seed=0)
    assert trained.epochs == 1
    assert _determinism_on() == before


def test_compiled_predictor_gives_the_models_eager_logits_in_any_chunking(tf):
    from companion.experiments import training
    from companion.experiments.architectures import build_model

    model = build_model("max_gap", seed=3)
    x = np.random.default_rng(0).random((5, 24, 24, 1)).astype(np.float32)
    eager = np.asarray(model(x, training=False))  # the reference: Keras called directly
    np.testing.assert_allclose(training.predictor(model)(x), eager, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        training.predictor(model, batch_size=2)(x), eager, rtol=1e-5, atol=1e-6
    )
