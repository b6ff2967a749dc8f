"""The experiments' Keras models and training (needs TensorFlow)."""

from __future__ import annotations

import numpy as np
import pytest

from companion import circular, digits, ops
from companion.experiments import training
from companion.experiments.architectures import SPECS, build_model

pytestmark = pytest.mark.tf

CONVS = 3 * 3 * 1 * 16 + 16 + 3 * 3 * 16 * 32 + 32 + 3 * 3 * 32 * 32 + 32  # by hand: 14,048


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("mlp", 24 * 24 * 64 + 64 + 64 * 10 + 10),
        ("none_dense", CONVS + 24 * 24 * 32 * 10 + 10),
        ("max_dense", CONVS + 6 * 6 * 32 * 10 + 10),
        ("strided_dense", CONVS + 6 * 6 * 32 * 10 + 10),
        ("blur_gap", CONVS + 32 * 10 + 10),
        ("none_gap_circular", CONVS + 32 * 10 + 10),
    ],
)
def test_models_have_the_hand_counted_trainable_parameters(name, params):
    model = build_model(name)
    assert sum(int(np.prod(w.shape)) for w in model.trainable_weights) == params
    assert training.predictor(model)(np.zeros((3, 24, 24, 1), np.float32)).shape == (3, 10)


def test_every_configuration_builds():
    for name in SPECS:
        assert build_model(name).output_shape == (None, 10)


def test_circular_first_layer_equals_numpy_circular_convolution():
    from companion.tf_support import import_tensorflow

    keras = import_tensorflow().keras
    model = build_model("none_gap_circular", seed=2)
    first = keras.Model(model.input, model.get_layer("conv_1_circular").output)
    x = digits.train_test().x_test[:2]
    kernel, bias = model.get_layer("conv_1_circular").get_weights()
    expected = ops.relu(circular.circular_conv2d(x, kernel) + bias)
    np.testing.assert_allclose(np.asarray(first(x)), expected, atol=1e-5)


def test_circular_model_ignores_circular_shifts_exactly():
    model = build_model("none_gap_circular", seed=1)
    x = np.random.default_rng(0).random((2, 24, 24, 1)).astype(np.float32)
    moved = np.roll(x, (3, -5), axis=(1, 2))
    np.testing.assert_allclose(np.asarray(model(moved)), np.asarray(model(x)), atol=1e-4)


@pytest.fixture()
def short_training(monkeypatch):
    monkeypatch.setitem(training.SETTINGS, "max_epochs", 2)
    split = digits.train_test()
    return split.x_train[:120], split.y_train[:120]


def test_training_is_deterministic_for_a_seed(short_training):
    x, y = short_training
    first = training.train("max_dense_aug", x, y, seed=3)
    second = training.train("max_dense_aug", x, y, seed=3)
    for a, b in zip(first.model.get_weights(), second.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert first.val_losses == second.val_losses
    assert first.epochs == 2 and first.best_epoch in (1, 2)


def test_training_rejects_mismatched_labels(short_training):
    x, y = short_training
    with pytest.raises(ValueError, match="y_train"):
        training.train("mlp", x, y[:-1])


def test_build_model_rejects_a_canvas_not_divisible_by_four():
    with pytest.raises(ValueError, match="input_shape"):
        build_model("max_dense", (22, 22, 1))


def test_predictor_rejects_something_that_is_not_a_model():
    with pytest.raises(TypeError, match="model"):
        training.predictor("model")
