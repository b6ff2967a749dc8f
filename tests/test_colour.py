"""Colours as numbers: levels, bits, hex codes, greys, windows and the uint8 pitfall."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion import colour, images

byte = st.integers(min_value=0, max_value=255)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (lambda: colour.levels(8), 256),  # 8 bits: 00000000 to 11111111
        (lambda: colour.levels(1), 2),
        (lambda: colour.bits_per_pixel(channels=3, bits=8), 24),
        (lambda: colour.colour_count(), 256 * 256 * 256),  # every red x green x blue
        (lambda: colour.colour_count(channels=1, bits=8), 256),  # 8-bit greys
        (lambda: colour.colour_count(channels=4, bits=16), 65536**4),
    ],
)
def test_bit_arithmetic_matches_a_count_by_hand(count, expected):
    assert count() == expected


@given(byte)
def test_bits_read_back_as_the_value(value):
    bits = colour.to_bits(value)
    assert len(bits) == 8 and set(bits) <= {"0", "1"}
    assert int(bits, 2) == value


@given(byte, byte, byte)
def test_pixel_bits_are_the_three_bytes_in_rgb_order(red, green, blue):
    bits = colour.pixel_bits(red, green, blue)
    assert [int(b, 2) for b in bits.split()] == [red, green, blue]
    assert len(bits.replace(" ", "")) == 24


@given(byte, byte, byte)
def test_hex_code_matches_matplotlib(red, green, blue):
    from matplotlib.colors import to_hex

    expected = to_hex((red / 255, green / 255, blue / 255)).upper()
    assert colour.hex_code(red, green, blue) == expected


def test_mean_grey_treats_green_and_blue_alike():
    assert colour.to_grey([0, 255, 0], "mean") == pytest.approx(85)
    assert colour.to_grey([0, 0, 255], "mean") == pytest.approx(85)


def test_grey_is_float64_whatever_the_input_type():
    assert colour.to_grey(np.zeros((2, 2, 3), dtype=np.uint8)).dtype == np.float64


def test_luminance_grey_makes_green_brighter_than_blue():
    green = colour.to_grey([0, 255, 0], "rec601")
    blue = colour.to_grey([0, 0, 255], "rec601")
    assert green == pytest.approx(149.685) and blue == pytest.approx(29.07)


@pytest.mark.parametrize("method", sorted(colour.GREY_WEIGHTS))
def test_grey_weights_sum_to_one_so_white_stays_white(method):
    assert colour.to_grey([255, 255, 255], method) == pytest.approx(255)
    assert colour.to_grey([0, 0, 0], method) == 0


def test_rec601_grey_matches_pil_convert_l():
    from PIL import Image

    photo = images.photo_uint8()
    pil = np.asarray(Image.fromarray(photo).convert("L")).astype(float)
    assert np.abs(colour.to_grey(photo, "rec601") - pil).max() <= 1


def test_rec709_grey_matches_skimage_rgb2gray():
    from skimage.color import rgb2gray

    photo = images.photo(size=32)
    np.testing.assert_allclose(colour.to_grey(photo, "rec709"), rgb2gray(photo), atol=1e-5)


@pytest.mark.tf
def test_rec601_grey_matches_tf_rgb_to_grayscale(tf):
    photo = images.photo_uint8()
    grey = tf.image.rgb_to_grayscale(tf.cast(photo, tf.float32))[:, :, 0].numpy()
    np.testing.assert_allclose(grey, colour.to_grey(photo, "rec601"), atol=0.05)


def test_split_channels_returns_red_green_blue_planes():
    photo = images.photo_uint8()
    channels = colour.split_channels(photo)
    assert list(channels) == ["red", "green", "blue"]
    np.testing.assert_array_equal(np.stack(list(channels.values()), axis=-1), photo)


def test_to_uint8_rounds_unit_floats_to_bytes():
    np.testing.assert_array_equal(colour.to_uint8([0.0, 0.5, 1.0]), [0, 128, 255])
    assert colour.to_uint8([0.2]).dtype == np.uint8


def test_window_keeps_uint8_values_and_position():
    photo = images.photo_uint8()
    block = colour.window(photo, 100, 200, 3)
    assert block.dtype == np.uint8 and block.shape == (3, 3, 3)
    np.testing.assert_array_equal(block, photo[100:103, 200:203])


def test_window_is_a_copy():
    photo = np.zeros((5, 5, 3), dtype=np.uint8)
    colour.window(photo, 0, 0, 2)[:] = 9
    assert photo.max() == 0


def test_uint8_brighten_wraps_past_255():
    pixel = np.array([200, 10], dtype=np.uint8)
    wrapped = colour.brighten(pixel, 100, safe=False)
    assert wrapped.dtype == np.uint8
    np.testing.assert_array_equal(wrapped, [44, 110])


def test_safe_brighten_clips_at_255_and_0():
    pixel = np.array([200, 10], dtype=np.uint8)
    assert colour.brighten(pixel, 100).dtype == np.uint8
    np.testing.assert_array_equal(colour.brighten(pixel, 100), [255, 110])
    np.testing.assert_array_equal(colour.brighten(pixel, -50), [150, 0])


@given(st.lists(byte, min_size=1, max_size=20), st.integers(-255, 255))
def test_unsafe_brighten_is_addition_modulo_256(values, amount):
    array = np.array(values, dtype=np.uint8)
    expected = (np.array(values) + amount) % 256
    np.testing.assert_array_equal(colour.brighten(array, amount, safe=False), expected)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: colour.to_bits(256), "value"),
        (lambda: colour.to_bits(-1), "value"),
        (lambda: colour.levels(0), "bits"),
        (lambda: colour.bits_per_pixel(channels=0), "channels"),
        (lambda: colour.hex_code(0, 300, 0), "green"),
        (lambda: colour.pixel_bits(0, 0, -2), "blue"),
        (lambda: colour.to_grey([1, 2], "mean"), "image"),
        (lambda: colour.to_grey(np.zeros((4, 4)), "mean"), "image"),
        (lambda: colour.to_grey([1, 2, 3], "average"), "method"),
        (lambda: colour.split_channels(np.zeros((4, 4, 4))), "image"),
        (lambda: colour.to_uint8([1.5]), "image"),
        (lambda: colour.window(np.zeros((4, 4, 3)), 2, 0, 3), "row"),
        (lambda: colour.window(np.zeros((4, 4, 3)), 0, 2, 3), "col"),
        (lambda: colour.window(np.zeros(4), 0, 0, 1), "image"),
    ],
)
def test_bad_values_raise_value_error_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=rf"`{name}`"):
        call()


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: colour.to_bits(2.5), "value"),
        (lambda: colour.hex_code(True, 0, 0), "red"),
        (lambda: colour.brighten(np.zeros(3, dtype=np.float32), 10), "image"),
        (lambda: colour.brighten(np.zeros(3, dtype=np.uint8), 1.5), "amount"),
        (lambda: colour.to_grey("red"), "image"),
    ],
)
def test_bad_types_raise_type_error_naming_the_argument(call, name):
    with pytest.raises(TypeError, match=rf"`{name}`"):
        call()
