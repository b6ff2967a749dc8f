"""Named convolution kernels, and the article's ``get_filter``.

The kernels are the classic image-processing ones (see the article's
"Convolution kernels" resources and Wikipedia's *Kernel (image processing)*):
edge detectors, the four Sobels, blur, sharpen, outline, emboss, identity; and
:func:`constant_filter`, the fixed kernel that average pooling amounts to.
Chapters "Convolution math" and "Pooling types".
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from companion._validate import as_float_array, check_int, check_shape, spatial_pair

__all__ = [
    "KERNELS",
    "MAX_FILTER",
    "MAX_NAMES",
    "constant_filter",
    "get_filter",
    "kernel",
    "named_kernels",
]

#: The most kernels one call stacks into a filter: each adds a feature map as large as
#: the image, so 32 of them on a 1024x1024 image are already 128 MB of float32.
MAX_NAMES = 32

#: The most weights (or values) a filter built here may hold: 64 MB of float32.
MAX_FILTER = 2**24

KERNELS: dict[str, np.ndarray] = {
    "vertical": np.array([[1, -1], [1, -1]], dtype=np.float32),
    "horizontal": np.array([[1, 1], [-1, -1]], dtype=np.float32),
    "top sobel": np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]], dtype=np.float32),
    "bottom sobel": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=np.float32),
    "left sobel": np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=np.float32),
    "right sobel": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=np.float32),
    "blur": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], dtype=np.float32) / 16,
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float32),
    "outline": np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], dtype=np.float32),
    "emboss": np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], dtype=np.float32),
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=np.float32),
}


def kernel(name: str) -> np.ndarray:
    """A copy of the named 2-D kernel (see :data:`KERNELS` for the names).

    >>> kernel("vertical")
    array([[ 1., -1.],
           [ 1., -1.]], dtype=float32)
    """
    if not isinstance(name, str):
        raise TypeError(f"kernel: `name` must be a string, got {type(name).__name__}.")
    if name not in KERNELS:
        raise ValueError(f"kernel: `name` must be one of {sorted(KERNELS)}, got {name!r}.")
    return KERNELS[name].copy()


def named_kernels(names: Sequence[str], func: str = "named_kernels") -> list[np.ndarray]:
    """The kernels of 1 to :data:`MAX_NAMES` names, or raise naming `names` (as ``func``).

    >>> [w.shape for w in named_kernels(["vertical", "blur"])]
    [(2, 2), (3, 3)]
    """
    if isinstance(names, str) or not isinstance(names, Sequence) or not names:
        raise ValueError(f"{func}: `names` must be a non-empty list of kernel names.")
    if len(names) > MAX_NAMES:
        raise ValueError(f"{func}: `names` may hold at most {MAX_NAMES} names, got {len(names)}.")
    return [kernel(name) for name in names]


def get_filter(kernel_2d: object, is_color: bool = True) -> np.ndarray:
    """Turn a 2-D kernel into the 4-D HWIO filter that ``tf.nn.conv2d`` wants.

    For a greyscale image (``is_color=False``) the shape is (kh, kw, 1, 1).
    For a colour image the same kernel is applied to each of the 3 channels
    and the results summed, giving one feature map: shape (kh, kw, 3, 1).
    This is the article's helper, with its name and default.

    >>> get_filter(kernel("vertical"), is_color=False).shape
    (2, 2, 1, 1)
    """
    array = as_float_array(kernel_2d, "kernel_2d", "get_filter")
    check_shape(array, "(kh, kw)", "kernel_2d", "get_filter", what="a 2-D kernel", nonempty=True)
    if not isinstance(is_color, bool):
        raise TypeError(f"get_filter: `is_color` must be True or False, got {is_color!r}.")
    channels = 3 if is_color else 1
    return np.repeat(array[:, :, np.newaxis, np.newaxis], channels, axis=2)


def constant_filter(ksize: int | list[int], channels: int = 1) -> np.ndarray:
    """The HWIO filter of average pooling: every weight ``1 / (kh * kw)``, channels kept apart.

    Channel ``c`` of the output only reads channel ``c`` of the input (the
    filter is the identity across channels), as pooling never mixes channels.

    >>> constant_filter(2)[:, :, 0, 0]
    array([[0.25, 0.25],
           [0.25, 0.25]], dtype=float32)
    """
    func = "constant_filter"
    kh, kw = spatial_pair(ksize, "ksize", func)
    channels = check_int(channels, "channels", func, 1)
    if kh * kw * channels**2 > MAX_FILTER:
        raise ValueError(
            f"{func}: `ksize` ({kh}x{kw}) and `channels` ({channels}) make a filter of"
            f" {kh * kw * channels**2:,} weights, more than {MAX_FILTER:,}."
        )
    identity = np.eye(channels, dtype=np.float32)
    return np.broadcast_to(identity, (kh, kw, channels, channels)) / np.float32(kh * kw)
