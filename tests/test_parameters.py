"""Parameter counts of dense and convolution layers (chapter "Why CNNs")."""

from __future__ import annotations

import pytest

from companion.parameters import conv_parameters, dense_parameters


def test_dense_layer_on_a_224_colour_image_with_64_units():
    assert dense_parameters((224, 224, 3), 64) == 224 * 224 * 3 * 64 + 64 == 9_633_856


def test_conv_layer_with_64_filters_of_3x3_on_colour():
    assert conv_parameters(3, 3, 64) == 3 * 3 * 3 * 64 + 64 == 1_792


def test_conv_parameters_do_not_depend_on_image_size_but_dense_ones_do():
    assert dense_parameters((448, 448, 3), 64) > 3 * dense_parameters((224, 224, 3), 64)
    assert conv_parameters((3, 3), 3, 64) == conv_parameters(3, 3, 64)


def test_bias_can_be_left_out():
    assert dense_parameters(10, 4, bias=False) == 40
    assert conv_parameters((2, 5), 1, 8, bias=False) == 80


@pytest.mark.tf
def test_counts_match_keras(tf):
    keras = tf.keras
    dense = keras.layers.Dense(7)
    dense.build((None, 5 * 6 * 3))
    conv = keras.layers.Conv2D(8, (3, 2))
    conv.build((None, 5, 6, 3))
    assert dense.count_params() == dense_parameters((5, 6, 3), 7)
    assert conv.count_params() == conv_parameters((3, 2), 3, 8)


@pytest.mark.parametrize(
    ("call", "name", "error"),
    [
        (lambda: dense_parameters((224, 0, 3), 64), "input_shape", ValueError),
        (lambda: dense_parameters("224", 64), "input_shape", TypeError),
        (lambda: dense_parameters(10, 0), "units", ValueError),
        (lambda: conv_parameters((3, 3, 3), 3, 64), "kernel_size", TypeError),
        (lambda: conv_parameters(3, 0, 64), "in_channels", ValueError),
        (lambda: conv_parameters(3, 3, 2.0), "filters", TypeError),
    ],
)
def test_bad_input_raises_naming_the_argument(call, name, error):
    with pytest.raises(error, match=rf"`{name}`"):
        call()
