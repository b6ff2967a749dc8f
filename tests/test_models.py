"""Tests of companion.models: the chapter's small Keras classifiers (needs TensorFlow)."""

import numpy as np
import pytest

from companion import digits, models

pytestmark = pytest.mark.tf


@pytest.fixture(scope="module")
def small_split():
    split = digits.train_test()
    return split.x_train[:96], split.y_train[:96]


@pytest.mark.parametrize("name", models.MODEL_NAMES)
def test_every_model_maps_a_batch_of_digits_to_ten_logits(name):
    model = models.build_model(name)
    out = models.predictor(model)(np.zeros((3, 24, 24, 1), np.float32))
    assert out.shape == (3, 10)


def test_blur_model_has_no_max_pooling_with_stride_two():
    model = models.build_model("cnn_blur")
    names = [layer.name for layer in model.layers]
    assert "blur_pool_1" in names and "max_pool_1" not in names


def test_training_is_deterministic(small_split):
    x, y = small_split
    first = models.train_model("cnn_max_aug", x, y, epochs=1, seed=3)
    second = models.train_model("cnn_max_aug", x, y, epochs=1, seed=3)
    for a, b in zip(first.model.get_weights(), second.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert first.losses == second.losses


def test_training_lowers_the_loss(small_split):
    x, y = small_split
    trained = models.train_model("mlp", x, y, epochs=3)
    assert trained.losses[-1] < trained.losses[0]
    assert trained.seconds > 0 and trained.cpu_seconds > 0
    assert trained.label == models.LABELS["mlp"]


def test_train_all_returns_the_models_in_order(small_split):
    x, y = small_split
    trained = models.train_all(x, y, names=("mlp", "cnn_gap"), epochs=1)
    assert list(trained) == ["mlp", "cnn_gap"]


def test_build_model_rejects_an_unknown_name():
    with pytest.raises(ValueError, match="name"):
        models.build_model("resnet")


def test_build_model_rejects_a_canvas_not_divisible_by_four():
    with pytest.raises(ValueError, match="input_shape"):
        models.build_model("cnn_max", (22, 22, 1))


def test_train_model_rejects_mismatched_labels(small_split):
    x, y = small_split
    with pytest.raises(ValueError, match="y_train"):
        models.train_model("mlp", x, y[:-1])


def test_train_model_rejects_zero_epochs(small_split):
    x, y = small_split
    with pytest.raises(ValueError, match="epochs"):
        models.train_model("mlp", x, y, epochs=0)


def test_predictor_rejects_something_that_is_not_a_model():
    with pytest.raises(TypeError, match="model"):
        models.predictor("model")
