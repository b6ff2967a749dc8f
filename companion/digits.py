"""Real handwritten digits on a larger canvas, so that they can be shifted.

scikit-learn ships 1,797 scanned handwritten digits (the UCI "optical
recognition of handwritten digits" set, 8x8 pixels, values 0-16) inside the
package: nothing is downloaded. Here each digit is enlarged (bilinear, by
``scale``), centred on a ``canvas`` x ``canvas`` black image, and scaled to
[0, 1], the way MNIST centres its digits on 28x28. The free margin is what
lets the chapter "Invariance" move a digit several pixels without cutting it.

- :func:`digits_on_canvas`: all digits, NHWC float32, and their labels;
- :func:`train_test`: a fixed, stratified train/test split (:class:`DigitSplit`);
- :func:`margin`: how far a digit can move before it leaves the canvas.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from companion._validate import check_int

__all__ = ["CANVAS", "SCALE", "DigitSplit", "digits_on_canvas", "margin", "train_test"]

#: Default canvas side and enlargement: 16x16 digits on a 24x24 canvas.
CANVAS = 24
SCALE = 2


#: Largest canvas side accepted: far beyond any use, still a small array.
MAX_CANVAS = 256


def _check(canvas: object, scale: object, func: str) -> tuple[int, int]:
    scale = check_int(scale, "scale", func, minimum=1, maximum=4)
    canvas = check_int(canvas, "canvas", func, maximum=MAX_CANVAS)
    if canvas < 8 * scale:
        raise ValueError(
            f"{func}: `canvas` ({canvas}) must hold the {8 * scale}x{8 * scale} digit"
            f" (8 x `scale`)."
        )
    return canvas, scale


@lru_cache(maxsize=4)
def _load(canvas: int, scale: int) -> tuple[np.ndarray, np.ndarray]:
    from scipy import ndimage
    from sklearn.datasets import load_digits

    bunch = load_digits()
    small = bunch.images.astype(np.float32) / 16.0
    if scale > 1:
        small = ndimage.zoom(small, (1, scale, scale), order=1, grid_mode=True, mode="nearest")
    side = 8 * scale
    top = (canvas - side) // 2
    out = np.zeros((small.shape[0], canvas, canvas, 1), dtype=np.float32)
    out[:, top : top + side, top : top + side, 0] = np.clip(small, 0.0, 1.0)
    out.flags.writeable = False
    labels = bunch.target.astype(np.int64)
    labels.flags.writeable = False
    return out, labels


def digits_on_canvas(canvas: int = CANVAS, scale: int = SCALE) -> tuple[np.ndarray, np.ndarray]:
    """Every digit, enlarged ``scale`` times and centred on a ``canvas``-sized black image.

    Returns ``(images, labels)``: float32 of shape (1797, canvas, canvas, 1)
    in [0, 1], and int64 labels 0-9. Chapter "Invariance".

    >>> images, labels = digits_on_canvas()
    >>> images.shape, labels[:5].tolist()
    ((1797, 24, 24, 1), [0, 1, 2, 3, 4])
    """
    canvas, scale = _check(canvas, scale, "digits_on_canvas")
    images, labels = _load(canvas, scale)
    return images.copy(), labels.copy()


def margin(canvas: int = CANVAS, scale: int = SCALE) -> int:
    """Pixels between the enlarged digit's box and the canvas edge (the safe shift).

    >>> margin()
    4
    """
    canvas, scale = _check(canvas, scale, "margin")
    return (canvas - 8 * scale) // 2


@dataclass(frozen=True)
class DigitSplit:
    """Training and test digits (NHWC float32) with their labels."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def train_test(
    canvas: int = CANVAS, scale: int = SCALE, *, test_fraction: float = 0.3, seed: int = 0
) -> DigitSplit:
    """A stratified train/test split of :func:`digits_on_canvas`, fixed by ``seed``.

    Chapter "Invariance" trains on ``x_train`` (centred digits only) and
    measures on ``x_test``, shifted.
    """
    func = "train_test"
    canvas, scale = _check(canvas, scale, func)
    if not isinstance(test_fraction, float) or not 0.0 < test_fraction < 1.0:
        raise ValueError(
            f"{func}: `test_fraction` must be a float in (0, 1), got {test_fraction!r}."
        )
    seed = check_int(seed, "seed", func, minimum=0)
    from sklearn.model_selection import train_test_split

    images, labels = digits_on_canvas(canvas, scale)
    x_train, x_test, y_train, y_test = train_test_split(
        images, labels, test_size=test_fraction, random_state=seed, stratify=labels
    )
    return DigitSplit(x_train, y_train, x_test, y_test)
