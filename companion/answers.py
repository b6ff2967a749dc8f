"""Reading a learner's answer as numbers, once, for every exercise.

Python numbers, nested lists, numpy arrays and TensorFlow values (a
``tf.constant``, a ``tf.Variable``, a ``TensorShape``) are read alike,
without importing TensorFlow: anything with ``.numpy()`` or ``.as_list()`` is
read through it. What cannot be judged (None, text, True/False, complex
numbers, ragged rows, NaN, infinity) raises :class:`~companion.feedback.Invalid`
with a message (from :data:`~companion.feedback.MESSAGES`) that says what to
fix. :func:`is_close` is the closeness rule both faces apply.
"""

from __future__ import annotations

from numbers import Real
from typing import Any

import numpy as np

from companion.feedback import Invalid, message

__all__ = ["format_number", "is_close", "read_array", "read_number"]


def format_number(value: float) -> str:
    """A number as messages show it: whole numbers plainly, others to 6 significant digits.

    >>> format_number(44.0), format_number(1 / 3)
    ('44', '0.333333')
    """
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def _plain(value: Any) -> Any:
    """``value`` with TensorFlow (or similar) values turned into numpy/Python ones."""
    if isinstance(value, np.ndarray):
        return value
    as_list = getattr(value, "as_list", None)
    if callable(as_list):  # a tf.TensorShape
        try:
            return as_list()
        except ValueError as exc:  # unknown rank
            raise Invalid(f"the shape has unknown sizes ({value}); give whole numbers.") from exc
    to_numpy = getattr(value, "numpy", None)
    if callable(to_numpy):  # a tf.Tensor or tf.Variable
        return to_numpy()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (str, Real)):
        return f"the {type(value).__name__} {value!r}"
    return f"a value of type {type(value).__name__}"


def read_array(answer: Any, variable: str = "answer") -> np.ndarray:
    """``answer`` as a finite float array, or raise :class:`~companion.feedback.Invalid`.

    Accepts Python numbers and (nested) lists or tuples, numpy arrays and
    scalars, and TensorFlow tensors, variables and shapes. Refuses None, text,
    True/False, complex numbers, ragged rows, NaN and infinity, with a message
    that names ``variable`` and says what to fix.

    >>> read_array([[1, 2], (3, 4)])
    array([[1., 2.],
           [3., 4.]])
    """
    value = _plain(answer)
    if value is None:
        raise Invalid(message("none", variable=variable))
    if isinstance(value, (str, bytes)):
        raise Invalid(message("text", variable=variable, given=_shown(value)))
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=lambda v: (isinstance(v, str), str(v)))
    if isinstance(value, dict):
        raise Invalid(message("not_numbers", variable=variable, given=_describe(value)))
    try:
        array = np.asarray(value)
    except ValueError as exc:
        raise Invalid(message("ragged", variable=variable)) from exc
    kind = array.dtype.kind
    if kind in "US":
        raise Invalid(message("text_array", variable=variable, given=_shown(value)))
    if kind == "b":
        raise Invalid(message("bool", variable=variable))
    if kind == "c":
        raise Invalid(message("complex", variable=variable, given=_shown(value)))
    if kind == "O":
        array = _object_array(array, value, variable)
    elif kind not in "iuf":
        raise Invalid(message("not_numbers", variable=variable, given=_describe(value)))
    array = array.astype(float)
    if np.isnan(array).any():
        raise Invalid(message("nan", variable=variable))
    if np.isinf(array).any():
        raise Invalid(message("inf", variable=variable))
    return array


def _object_array(array: np.ndarray, value: Any, variable: str) -> np.ndarray:
    """An object array (mixed types) as numbers, or raise naming the first odd element."""
    for item in array.ravel():
        if isinstance(item, (str, bytes)):
            raise Invalid(message("text_array", variable=variable, given=_shown(value)))
        if isinstance(item, (bool, np.bool_)):
            raise Invalid(message("bool", variable=variable))
        if isinstance(item, (complex, np.complexfloating)):
            raise Invalid(message("complex", variable=variable, given=_shown(value)))
        if item is None or not isinstance(item, (Real, np.number)):
            raise Invalid(message("not_numbers", variable=variable, given=_describe(value)))
    return array.astype(float)


def read_number(answer: Any, variable: str = "answer") -> float:
    """``answer`` as one finite real number (one-element arrays count), else ``Invalid``.

    >>> read_number([[7]], "grey")
    7.0
    """
    if isinstance(answer, (bool, np.bool_)):
        raise Invalid(message("bool", variable=variable))
    array = read_array(answer, variable)
    if array.size != 1:
        shape = tuple(array.shape)
        raise Invalid(message("one_number", variable=variable, count=array.size, shape=shape))
    return float(array.ravel()[0])


def is_close(given: np.ndarray, reference: Any, atol: float, rtol: float) -> bool:
    """True when shapes match and every value is within ``atol + rtol * |reference|``.

    The rule of :func:`numpy.isclose`, with ``reference`` the right (or the
    mistaken) answer; the site's script applies the same one.

    >>> is_close(np.array([100.5]), [100], atol=0.5, rtol=0)
    True
    """
    reference = np.asarray(reference, dtype=float)
    if np.shape(given) != reference.shape:
        return False
    return bool(np.allclose(given, reference, rtol=rtol, atol=atol))
