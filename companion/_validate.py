"""Argument checks shared by the public functions: clear errors that name the argument."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from numbers import Integral, Real

import numpy as np


def as_float_array(value: object, name: str, func: str) -> np.ndarray:
    """Return ``value`` as a finite float array, or raise naming ``name``.

    Accepts numpy arrays, nested lists and anything with ``__array__`` (a TF
    tensor included). Integer and boolean data become float32, as TF would
    need them cast; float64 stays float64.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{func}: `{name}` must be a numeric array, got {type(value).__name__}.")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{func}: `{name}` must be a numeric array ({exc}).") from exc
    if array.dtype.kind in "biu":
        array = array.astype(np.float32)
    elif array.dtype.kind != "f":
        raise TypeError(f"{func}: `{name}` must hold real numbers, got dtype {array.dtype}.")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{func}: `{name}` contains NaN or infinity; clean the data first.")
    return array


def check_int(
    value: object, name: str, func: str, minimum: int | None = None, maximum: int | None = None
) -> int:
    """``value`` as an int (bools refused), or raise naming ``name`` and the allowed range."""
    if not isinstance(value, (Integral, np.integer)) or isinstance(value, bool):
        raise TypeError(f"{func}: `{name}` must be an int, got {type(value).__name__}.")
    low_ok = minimum is None or value >= minimum
    high_ok = maximum is None or value <= maximum
    if not (low_ok and high_ok):
        if maximum is None:
            bound = f">= {minimum}"
        elif minimum is None:
            bound = f"<= {maximum}"
        else:
            bound = f"between {minimum} and {maximum}"
        raise ValueError(f"{func}: `{name}` must be {bound}, got {value}.")
    return int(value)


@functools.lru_cache(maxsize=64)
def _alternatives(pattern: str) -> tuple[tuple[int | None, ...], ...]:
    """``"(H, W) or (H, W, 3)"`` -> ``((None, None), (None, None, 3))``: sizes, None for any."""
    shapes = []
    for part in pattern.split(" or "):
        inner = part.strip().strip("()[]").strip().rstrip(",")
        tokens = [token.strip() for token in inner.split(",")] if inner else []
        shapes.append(tuple(int(t) if t.isdigit() else None for t in tokens))
    return tuple(shapes)


def check_real(value: object, name: str, func: str, minimum: float, maximum: float) -> float:
    """``value`` as a finite float in ``(minimum, maximum]`` (bools refused), or raise naming it.

    >>> check_real(2, "width", "f", 0, 40)
    2.0
    """
    if not isinstance(value, (Real, np.floating, np.integer)) or isinstance(value, bool):
        raise TypeError(f"{func}: `{name}` must be a number, got {type(value).__name__}.")
    if not minimum < value <= maximum:  # NaN fails both comparisons
        raise ValueError(
            f"{func}: `{name}` must be above {minimum} and at most {maximum}, got {value}."
        )
    return float(value)


def check_nonnegative(value: object, name: str, func: str) -> float:
    """``value`` as a float ``>= 0`` (a tolerance: 0 is allowed, NaN and bools are not).

    >>> check_nonnegative(0, "atol", "f")
    0.0
    """
    if check_real(value, name, func, -np.inf, np.inf) < 0:
        raise ValueError(f"{func}: `{name}` must be a number >= 0, got {value!r}.")
    return float(value)


def check_shape(
    array: np.ndarray,
    pattern: str,
    name: str,
    func: str,
    *,
    what: str = "",
    hint: str = "",
    nonempty: bool = False,
) -> np.ndarray:
    """Return ``array`` if its shape matches ``pattern``, else raise naming ``name``.

    ``pattern`` reads as the docs write shapes: ``"(H, W)"``, ``"(H, W, 3)"``,
    alternatives joined by ``" or "``; a number must match exactly, a name
    matches any size. ``what`` says what the array is ("a 2-D kernel"),
    ``hint`` how to fix it; ``nonempty`` refuses arrays with a zero-sized axis.
    The one shape check of the companion: every module calls it.

    >>> check_shape(np.zeros((2, 2, 4)), "(H, W) or (H, W, 3)", "image", "f")
    Traceback (most recent call last):
    ...
    ValueError: f: `image` must have shape (H, W) or (H, W, 3), got a 3-D array of shape (2, 2, 4).
    """
    shape = array.shape
    fits = any(
        len(expected) == len(shape)
        and all(e is None or e == size for e, size in zip(expected, shape, strict=True))
        for expected in _alternatives(pattern)
    )
    if not fits:
        must = f"be {what} {pattern}" if what else f"have shape {pattern}"
        raise ValueError(
            f"{func}: `{name}` must {must}, got a {array.ndim}-D array of shape {shape}.{hint}"
        )
    if nonempty and array.size == 0:
        raise ValueError(f"{func}: `{name}` must not be empty, got shape {shape}.")
    return array


def check_same_shape(
    first: np.ndarray, second: np.ndarray, names: tuple[str, str], func: str
) -> None:
    """Raise naming both arrays unless they have one shape (two inputs compared or added).

    >>> check_same_shape(np.zeros(3), np.zeros((2, 2)), ("a", "b"), "f")
    Traceback (most recent call last):
    ...
    ValueError: f: `a` and `b` must have the same shape, got (3,) and (2, 2).
    """
    if first.shape != second.shape:
        raise ValueError(
            f"{func}: `{names[0]}` and `{names[1]}` must have the same shape, got"
            f" {first.shape} and {second.shape}."
        )


def require_nhwc(array: np.ndarray, name: str, func: str, *, nonempty: bool = False) -> None:
    """Raise a teaching error unless ``array`` is 4-D [batch, height, width, channels]."""
    hint = ""
    if array.ndim == 2:
        hint = (
            " For one greyscale image of shape (H, W), add the batch and channel axes:"
            " image[np.newaxis, :, :, np.newaxis] or tf.reshape(image, [1, *image.shape, 1])"
            " (companion.images.to_nhwc(image) does it for you)."
        )
    elif array.ndim == 3:
        hint = (
            " For one colour image of shape (H, W, C), add the batch axis:"
            " image[np.newaxis] (or companion.images.to_nhwc(image))."
        )
    check_shape(
        array,
        "[batch, height, width, channels]",
        name,
        func,
        what="a 4-D NHWC array",
        hint=hint,
        nonempty=nonempty,
    )


def nhwc_array(value: object, name: str, func: str) -> np.ndarray:
    """``value`` as a finite, non-empty NHWC float array (see :func:`as_float_array`)."""
    array = as_float_array(value, name, func)
    require_nhwc(array, name, func, nonempty=True)
    return array


def spatial_pair(value: object, name: str, func: str, *, allow_4=True) -> tuple[int, int]:
    """Normalise a TF-style size argument (int, [h, w] or [1, h, w, 1]) to a pair of ints >= 1."""
    if isinstance(value, (Integral, np.integer)) and not isinstance(value, bool):
        pair = (int(value), int(value))
    elif isinstance(value, (Sequence, np.ndarray)):
        items = list(np.asarray(value).ravel()) if isinstance(value, np.ndarray) else list(value)
        if not all(
            isinstance(v, (Integral, np.integer)) and not isinstance(v, bool) for v in items
        ):
            raise TypeError(f"{func}: `{name}` must contain integers, got {value!r}.")
        if len(items) == 1:
            pair = (int(items[0]), int(items[0]))
        elif len(items) == 2:
            pair = (int(items[0]), int(items[1]))
        elif len(items) == 4 and allow_4:
            if int(items[0]) != 1 or int(items[3]) != 1:
                raise ValueError(
                    f"{func}: `{name}` of length 4 must be [1, h, w, 1] (no batch or channel"
                    f" steps), got {list(items)}."
                )
            pair = (int(items[1]), int(items[2]))
        else:
            raise ValueError(
                f"{func}: `{name}` must be an int, [h, w] or [1, h, w, 1]; got {value!r}."
            )
    else:
        raise TypeError(
            f"{func}: `{name}` must be an int or a list of ints, got {type(value).__name__}."
        )
    if min(pair) <= 0:
        raise ValueError(f"{func}: `{name}` must be positive (>= 1), got {value!r}.")
    return pair


def padding_mode(value: object, func: str) -> str:
    """Return 'SAME' or 'VALID' (case-insensitive), else raise naming `padding`."""
    if not isinstance(value, str):
        raise TypeError(
            f"{func}: `padding` must be the string 'SAME' or 'VALID', got {type(value).__name__}."
        )
    mode = value.upper()
    if mode not in ("SAME", "VALID"):
        raise ValueError(f"{func}: `padding` must be 'SAME' or 'VALID', got {value!r}.")
    return mode


def data_format_nhwc(value: object, func: str) -> None:
    """Only NHWC is supported: the layout of the course (and of TF on the CPU)."""
    if value != "NHWC":
        raise ValueError(
            f"{func}: `data_format` must be 'NHWC' (the only layout here), got {value!r}."
        )
