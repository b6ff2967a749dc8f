"""Colours as numbers: RGB channels, bits, hex codes, and colour to grey.

Chapter "Pixels and RGB". A computer stores a colour pixel as three numbers,
the amounts of red, green and blue, each in 8 bits (0-255); a greyscale pixel
as one intensity. These helpers turn that sentence of the source article into
numbers a reader can print and check: how many levels and colours, the bits
behind a value, the hex code a web page would use, a window of pixel values,
and the two common ways of making grey (a plain mean or luminance weights).
"""

from __future__ import annotations

import numpy as np

from companion._validate import as_float_array, check_int, check_shape

__all__ = [
    "CHANNELS",
    "GREY_WEIGHTS",
    "MAX_BITS",
    "MAX_CHANNELS",
    "bits_per_pixel",
    "brighten",
    "colour_count",
    "hex_code",
    "levels",
    "pixel_bits",
    "split_channels",
    "to_bits",
    "to_grey",
    "to_uint8",
    "window",
]

#: The three channels of an RGB image, in storage order.
CHANNELS = ("red", "green", "blue")

#: Bounds on the bit arithmetic: 64 bits per channel (a float64) and 64 channels are
#: far beyond any image format; beyond them ``2 ** bits`` would only grow (10**9 bits:
#: a 125 MB integer, and the call seems to hang).
MAX_BITS = 64
MAX_CHANNELS = 64

#: Weights for colour -> grey. ``mean`` treats the channels alike;
#: ``rec601`` (ITU-R BT.601) is what PIL's ``convert("L")``, OpenCV and
#: ``tf.image.rgb_to_grayscale`` use; ``rec709`` (ITU-R BT.709) is
#: scikit-image's ``rgb2gray``. Eyes are most sensitive to green, least to blue.
GREY_WEIGHTS: dict[str, tuple[float, float, float]] = {
    "mean": (1 / 3, 1 / 3, 1 / 3),
    "rec601": (0.299, 0.587, 0.114),
    "rec709": (0.2125, 0.7154, 0.0721),
}


def levels(bits: int = 8) -> int:
    """How many values one channel can hold with ``bits`` bits: ``2 ** bits``.

    >>> levels(8)
    256
    """
    return 2 ** check_int(bits, "bits", "levels", 1, MAX_BITS)


def bits_per_pixel(channels: int = 3, bits: int = 8) -> int:
    """Bits needed to store one pixel: ``channels * bits`` (24 for 8-bit RGB).

    >>> bits_per_pixel()
    24
    """
    channels = check_int(channels, "channels", "bits_per_pixel", 1, MAX_CHANNELS)
    return channels * check_int(bits, "bits", "bits_per_pixel", 1, MAX_BITS)


def colour_count(channels: int = 3, bits: int = 8) -> int:
    """How many distinct colours a pixel can take: ``2 ** (channels * bits)``.

    >>> colour_count()
    16777216
    """
    channels = check_int(channels, "channels", "colour_count", 1, MAX_CHANNELS)
    return 2 ** (channels * check_int(bits, "bits", "colour_count", 1, MAX_BITS))


def to_bits(value: int, bits: int = 8) -> str:
    """The binary digits of one channel value, most significant first.

    >>> to_bits(200)
    '11001000'
    """
    bits = check_int(bits, "bits", "to_bits", 1, MAX_BITS)
    value = check_int(value, "value", "to_bits", 0, 2**bits - 1)
    return format(value, f"0{bits}b")


def _rgb(red: int, green: int, blue: int, func: str) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        check_int(v, name, func, 0, 255)
        for v, name in ((red, "red"), (green, "green"), (blue, "blue"))
    )


def pixel_bits(red: int, green: int, blue: int) -> str:
    """The 24 bits that store one RGB pixel, red byte first, bytes separated by spaces.

    >>> pixel_bits(255, 128, 0)
    '11111111 10000000 00000000'
    """
    return " ".join(to_bits(v) for v in _rgb(red, green, blue, "pixel_bits"))


def hex_code(red: int, green: int, blue: int) -> str:
    """The colour as a web hex code ``#RRGGBB``: each byte as two hexadecimal digits.

    >>> hex_code(255, 128, 0)
    '#FF8000'
    """
    return "#" + "".join(f"{v:02X}" for v in _rgb(red, green, blue, "hex_code"))


def _rgb_image(image: object, func: str) -> np.ndarray:
    return check_shape(as_float_array(image, "image", func), "(H, W, 3)", "image", func)


def split_channels(image: object) -> dict[str, np.ndarray]:
    """The red, green and blue channels of an (H, W, 3) image, each (H, W)."""
    array = _rgb_image(image, "split_channels")
    return {name: array[:, :, i] for i, name in enumerate(CHANNELS)}


def to_grey(image: object, method: str = "rec601") -> np.ndarray:
    """Colour to grey: a weighted sum of the channels (see :data:`GREY_WEIGHTS`).

    Accepts an (H, W, 3) image or a single pixel ``[r, g, b]``; keeps the
    value range (0-255 in, 0-255 out; 0-1 in, 0-1 out) and returns floats.

    >>> to_grey([0, 255, 0], "mean"), round(float(to_grey([0, 255, 0], "rec601")), 1)
    (np.float64(85.0), 149.7)
    """
    if method not in GREY_WEIGHTS:
        raise ValueError(
            f"to_grey: `method` must be one of {sorted(GREY_WEIGHTS)}, got {method!r}."
        )
    array = as_float_array(image, "image", "to_grey")
    check_shape(array, "(3,) or (H, W, 3)", "image", "to_grey", what="a pixel [r, g, b] or image")
    return array.astype(np.float64) @ np.asarray(GREY_WEIGHTS[method])


def to_uint8(image: object) -> np.ndarray:
    """Floats in [0, 1] to bytes 0-255 (rounded), the way image files store them."""
    array = as_float_array(image, "image", "to_uint8")
    if array.size and (array.min() < 0 or array.max() > 1):
        raise ValueError(
            f"to_uint8: `image` must hold values in [0, 1], got {array.min():g}..{array.max():g}."
        )
    return np.round(array * 255).astype(np.uint8)


def window(image: object, row: int, col: int, size: int = 4) -> np.ndarray:
    """The ``size`` x ``size`` block of pixels whose top-left corner is (``row``, ``col``).

    The pixel inspector's view: a copy, with the input's dtype kept (so uint8
    photos show their stored 0-255 values).
    """
    func = "window"
    array = check_shape(np.asarray(image), "(H, W) or (H, W, C)", "image", func)
    size = check_int(size, "size", func, 1, min(array.shape[:2]))
    row = check_int(row, "row", func, 0, array.shape[0] - size)
    col = check_int(col, "col", func, 0, array.shape[1] - size)
    return array[row : row + size, col : col + size].copy()


def brighten(image: object, amount: int, *, safe: bool = True) -> np.ndarray:
    """Add ``amount`` to every value of a uint8 image.

    ``safe=False`` does it the tempting way, in uint8, where sums above 255
    wrap around (200 + 100 = 44); ``safe=True`` computes in a wider type and
    clips to 0-255. Chapter "Pixels and RGB" shows both.
    """
    array = np.asarray(image)
    if array.dtype != np.uint8:
        raise TypeError(f"brighten: `image` must have dtype uint8, got {array.dtype}.")
    amount = check_int(amount, "amount", "brighten", -255, 255)
    if safe:
        return np.clip(array.astype(np.int16) + amount, 0, 255).astype(np.uint8)
    return (array + np.uint8(amount % 256)).astype(np.uint8)
