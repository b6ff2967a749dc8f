"""Tests of companion.digits: scikit-learn's digits on a larger canvas."""

import numpy as np
import pytest

from companion import digits


def test_digits_are_centred_on_the_canvas_with_an_empty_margin():
    x, y = digits.digits_on_canvas()
    m = digits.margin()
    assert x.shape == (1797, 24, 24, 1) and x.dtype == np.float32
    assert x[:, :m].max() == 0 and x[:, -m:].max() == 0
    assert x[:, :, :m].max() == 0 and x[:, :, -m:].max() == 0
    assert x.min() >= 0.0 and x.max() <= 1.0
    assert sorted(set(y.tolist())) == list(range(10))


def test_digits_on_canvas_returns_a_fresh_copy():
    x, _ = digits.digits_on_canvas()
    x[0] = 5.0
    assert digits.digits_on_canvas()[0][0].max() <= 1.0


def test_scale_one_keeps_the_original_pixels():
    from sklearn.datasets import load_digits

    x, _ = digits.digits_on_canvas(canvas=12, scale=1)
    np.testing.assert_allclose(x[0, 2:10, 2:10, 0], load_digits().images[0] / 16.0)


def test_train_test_split_is_stratified_and_fixed():
    first, second = digits.train_test(), digits.train_test()
    np.testing.assert_array_equal(first.y_test, second.y_test)
    assert len(first.y_train) + len(first.y_test) == 1797
    assert np.bincount(first.y_test).min() >= 50


def test_canvas_too_small_for_the_digit_is_rejected():
    with pytest.raises(ValueError, match="canvas"):
        digits.digits_on_canvas(canvas=12, scale=2)


def test_scale_must_be_an_int():
    with pytest.raises(TypeError, match="scale"):
        digits.digits_on_canvas(scale=1.5)


def test_test_fraction_must_lie_between_zero_and_one():
    with pytest.raises(ValueError, match="test_fraction"):
        digits.train_test(test_fraction=1.0)
