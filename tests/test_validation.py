"""Bad input to the public companion functions gets a clear error naming the argument."""

from __future__ import annotations

import numpy as np
import pytest

from companion import images, kernels, ops

X = np.ones((1, 6, 6, 1), dtype=np.float32)
W = np.ones((3, 3, 1, 1), dtype=np.float32)


def test_conv2d_on_a_2d_image_explains_the_nhwc_axes():
    with pytest.raises(ValueError) as info:
        ops.conv2d(images.line_image(), W, 1, "SAME")
    message = str(info.value)
    assert "`input`" in message and "4-D NHWC" in message
    assert "(7, 8)" in message
    assert "np.newaxis" in message and "tf.reshape" in message


def test_conv2d_on_a_3d_colour_image_suggests_the_batch_axis():
    with pytest.raises(ValueError, match=r"add the batch axis"):
        ops.conv2d(np.ones((6, 6, 3)), np.ones((3, 3, 3, 1)), 1, "SAME")


@pytest.mark.parametrize("padding", ["same-ish", "FULL", ""])
def test_unknown_padding_is_rejected(padding):
    with pytest.raises(ValueError, match=r"`padding` must be 'SAME' or 'VALID'"):
        ops.conv2d(X, W, 1, padding)


def test_padding_of_the_wrong_type_is_rejected():
    with pytest.raises(TypeError, match=r"`padding`"):
        ops.max_pool2d(X, 2, 2, 1)


def test_lowercase_padding_is_accepted():
    assert ops.conv2d(X, W, 1, "same").shape == (1, 6, 6, 1)


@pytest.mark.parametrize("strides", [0, -1, [1, 0], [0, 2, 2, 1]])
def test_non_positive_strides_are_rejected(strides):
    with pytest.raises(ValueError, match=r"`strides`"):
        ops.conv2d(X, W, strides, "SAME")


def test_strides_must_be_integers():
    with pytest.raises(TypeError, match=r"`strides`"):
        ops.conv2d(X, W, 1.5, "SAME")
    with pytest.raises(TypeError, match=r"`strides`"):
        ops.avg_pool2d(X, 2, [1.0, 2.0], "SAME")


def test_batch_stride_in_a_4_list_is_rejected():
    with pytest.raises(ValueError, match=r"\[1, h, w, 1\]"):
        ops.conv2d(X, W, [2, 1, 1, 1], "SAME")


def test_kernel_larger_than_a_valid_input_is_rejected():
    with pytest.raises(ValueError, match=r"larger than the input"):
        ops.conv2d(np.ones((1, 2, 2, 1)), W, 1, "VALID")
    with pytest.raises(ValueError, match=r"larger than the input"):
        ops.max_pool2d(np.ones((1, 2, 2, 1)), 3, 1, "VALID")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_infinity_is_rejected(bad):
    x = X.copy()
    x[0, 2, 2, 0] = bad
    with pytest.raises(ValueError, match=r"`input` contains NaN or infinity"):
        ops.conv2d(x, W, 1, "SAME")
    with pytest.raises(ValueError, match=r"`input` contains NaN"):
        ops.max_pool2d(x, 2, 2, "SAME")


def test_nan_in_filters_is_rejected():
    w = W.copy()
    w[0, 0, 0, 0] = np.nan
    with pytest.raises(ValueError, match=r"`filters` contains NaN"):
        ops.conv2d(X, w, 1, "SAME")


def test_wrong_channel_count_is_rejected():
    with pytest.raises(ValueError) as info:
        ops.conv2d(np.ones((1, 6, 6, 3)), W, 1, "SAME")
    assert "`filters` expects 1 input channel" in str(info.value)
    assert "has 3" in str(info.value)


def test_2d_filters_suggest_get_filter():
    with pytest.raises(ValueError, match=r"get_filter"):
        ops.conv2d(X, kernels.kernel("vertical"), 1, "SAME")


@pytest.mark.parametrize("bad", ["image", None, {"a": 1}, np.array(["a", "b"])])
def test_non_numeric_input_is_a_type_error(bad):
    with pytest.raises(TypeError, match=r"`input`"):
        ops.conv2d(bad, W, 1, "SAME")


def test_ksize_must_be_positive():
    with pytest.raises(ValueError, match=r"`ksize`"):
        ops.max_pool2d(X, 0, 1, "SAME")


def test_only_nhwc_is_supported():
    with pytest.raises(ValueError, match=r"`data_format`"):
        ops.conv2d(X, W, 1, "SAME", data_format="NCHW")


def test_dilations_other_than_one_are_rejected():
    with pytest.raises(ValueError, match=r"`dilations`"):
        ops.conv2d(X, W, 1, "SAME", dilations=2)


def test_global_pooling_keepdims_must_be_boolean():
    with pytest.raises(TypeError, match=r"`keepdims`"):
        ops.global_avg_pool2d(X, keepdims="yes")


def test_unknown_kernel_name_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"`name` must be one of .*sobel"):
        kernels.kernel("sobol")


def test_get_filter_needs_a_2d_kernel():
    with pytest.raises(ValueError, match=r"`kernel_2d` must be a 2-D kernel"):
        kernels.get_filter(np.ones((3, 3, 1)))
    with pytest.raises(TypeError, match=r"`is_color`"):
        kernels.get_filter(np.ones((3, 3)), is_color="no")


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: images.photo("mona lisa"), ValueError, r"`name` must be one of"),
        (lambda: images.photo(size=10**9), ValueError, r"photo: `size` must be between 8 and"),
        (lambda: images.circle_image(radius=2.5), TypeError, r"`radius` must be an int"),
        (lambda: images.circle_image(size=10**9), ValueError, r"`size` must be between 3 and"),
        # A radius of 10**9 drew a billion perimeter points before "misses the image".
        (lambda: images.circle_image(16, radius=10**9), ValueError, r"`radius` must be between"),
        (lambda: images.circle_image(16, 4, (10**9, 0)), ValueError, r"`center` must be between"),
        (lambda: images.shift(np.ones((4, 4)), 1, 1, mode="wrap"), ValueError, r"`mode`"),
        (lambda: images.shift(np.ones((0, 4)), 1, 1), ValueError, r"shift: `image` must not be"),
        (lambda: images.to_nhwc(np.ones(4)), ValueError, r"`image` must have shape \(H, W\)"),
        (lambda: images.to_nhwc(np.ones((0, 3))), ValueError, r"`image` must not be empty"),
        (lambda: images.from_nhwc(np.ones((2, 3, 3, 1))), ValueError, r"`batch` must have"),
    ],
)
def test_images_refuse_bad_and_absurd_arguments_quickly(call, error, message):
    with pytest.raises(error, match=message):
        call()


# -- two arrays that must agree in shape: both named, both shapes shown -----------------
def test_inputs_of_different_shapes_are_refused_naming_both():
    from companion import pooling, shifts

    a, b = np.ones((1, 2, 2, 1)), np.ones((1, 4, 4, 1))
    with pytest.raises(ValueError, match=r"`a` and `b` must have the same shape.*\(1, 4, 4, 1\)"):
        pooling.additivity_gap(ops.max_pool2d, a, b)
    with pytest.raises(ValueError, match=r"`a` and `b` must have the same shape, got \(4,\)"):
        shifts.cosine_similarity(np.ones((2, 2)), np.ones((3, 3)))
    with pytest.raises(ValueError, match=r"`image` and `target` must have the same shape"):
        shifts.best_translation_match(np.ones((8, 8)), np.ones((8, 9)))


def test_a_function_whose_output_shape_depends_on_the_shift_is_named():
    from companion import invariance

    def crop_by_content(x):  # keeps rows up to the first bright one: shape varies with x
        return x[:, : 2 + int(np.argmax(x[0, :, :, 0].max(axis=1))), :, :]

    x = np.zeros((1, 8, 8, 1))
    x[0, 5, 3, 0] = 1
    with pytest.raises(ValueError, match=r"`f\(shift\(x\)\)` and `shift\(f\(x\)\)`"):
        invariance.equivariance_map(crop_by_content, x, 1, 0)
    with pytest.raises(ValueError, match=r"`f\(input\)` and `f\(shifted input\)`"):
        invariance.shift_mismatch(crop_by_content, x, 1, 0)
    with pytest.raises(ValueError, match=r"`f\(input\)` must be an NHWC array"):
        invariance.shift_mismatch(lambda x: x[0], x, 1, 0)


def test_encode_png_refuses_an_image_without_three_channels():
    from companion.figures import encode_png

    with pytest.raises(ValueError, match=r"`rgb` must have shape \(H, W, 3\).*\(4, 4, 4\)"):
        encode_png(np.zeros((4, 4, 4), np.uint8))
    with pytest.raises(ValueError, match=r"`rgb` must not be empty"):
        encode_png(np.zeros((0, 4, 3), np.uint8))
