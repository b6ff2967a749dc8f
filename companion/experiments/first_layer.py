"""Inside a trained network: its first convolution applied to a digit and to the digit shifted.

The results file stores the first-layer kernels and biases of one trained
model (``results["first_layer"]``). With them, :func:`first_layer_maps`
recomputes that layer in numpy (:func:`companion.ops.conv2d`, ReLU, then the
model's 2x2/2 max pooling) for a digit moved by ``(dy, dx)``, and measures
whether the maps moved with it (equivariance) and whether the pooled maps
did (aliasing). Chapter "Invariance".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from companion import images, ops
from companion._validate import check_int

__all__ = ["FirstLayerMaps", "first_layer_maps", "first_layer_weights"]


@dataclass(frozen=True)
class FirstLayerMaps:
    """One digit through the first layer, shifted by ``(dy, dx)``.

    ``map_error``: the largest ``|maps(shift x) - shift(maps x)|`` at least
    two pixels from the border (0: the maps moved with the digit).
    ``pooled_error``: the same for the pooled maps against the best shift of
    the unshifted pooled maps by whole pooled cells (0 only when some shift
    of the pooled maps explains the new ones). Both relative to the largest
    unshifted value.
    """

    dy: int
    dx: int
    shifted: np.ndarray
    maps: np.ndarray
    pooled: np.ndarray
    map_error: float
    pooled_error: float


def first_layer_weights(results: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """The stored first-layer kernel (3, 3, 1, C) and bias (C,) as float32 arrays."""
    layer = results.get("first_layer")
    if not layer:
        raise ValueError("first_layer_weights: `results` holds no 'first_layer' weights.")
    kernel = np.asarray(layer["kernel"], dtype=np.float32)
    bias = np.asarray(layer["bias"], dtype=np.float32)
    if kernel.ndim != 4 or bias.shape != (kernel.shape[3],):
        raise ValueError(f"first_layer_weights: bad shapes {kernel.shape} and {bias.shape}.")
    return kernel, bias


def _layer(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray) -> np.ndarray:
    return ops.relu(ops.conv2d(x, kernel, 1, "SAME") + bias)


def _interior_error(a: np.ndarray, b: np.ndarray, border: int, scale: float) -> float:
    inner = (slice(None), slice(border, -border), slice(border, -border), slice(None))
    return float(np.max(np.abs(a[inner] - b[inner]))) / scale


def first_layer_maps(
    kernel: np.ndarray, bias: np.ndarray, digit: np.ndarray, dy: int, dx: int
) -> FirstLayerMaps:
    """The first layer's maps (ReLU) and 2x2/2 max-pooled maps of ``digit`` moved by (dy, dx)."""
    func = "first_layer_maps"
    dy = check_int(dy, "dy", func)
    dx = check_int(dx, "dx", func)
    x = images.to_nhwc(np.asarray(digit, dtype=np.float32).reshape(digit.shape[:2]))
    if max(abs(dy), abs(dx)) > 4:
        raise ValueError(f"{func}: `dy` and `dx` must be within [-4, 4]; got ({dy}, {dx}).")
    base = _layer(x, kernel, bias)
    moved_x = images.shift(x, dy, dx)
    maps = _layer(moved_x, kernel, bias)
    scale = float(base.max()) or 1.0
    border = 2 + max(abs(dy), abs(dx))
    map_error = _interior_error(maps, images.shift(base, dy, dx), border, scale)
    base_pooled = ops.max_pool2d(base, 2, 2, "SAME")
    pooled = ops.max_pool2d(maps, 2, 2, "SAME")
    candidates = {(sy, sx) for sy in (dy // 2, -(-dy // 2)) for sx in (dx // 2, -(-dx // 2))}
    pooled_error = min(
        _interior_error(pooled, images.shift(base_pooled, sy, sx), border // 2 + 1, scale)
        for sy, sx in candidates
    )
    return FirstLayerMaps(dy, dx, moved_x[0, :, :, 0], maps[0], pooled[0], map_error, pooled_error)
