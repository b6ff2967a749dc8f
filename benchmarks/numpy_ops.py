"""Item 4: numpy ``companion.ops`` against a Python double loop and against ``tf.nn``.

``conv2d``: a 256x256 one-channel image, a 3x3 kernel, stride 1, SAME.
``max_pool2d``: the same image, 2x2 windows, stride 2, VALID. The loops pad
once and visit every output pixel in Python (numpy on each small window);
TF runs eagerly on the CPU with tensors made beforehand, and ``.numpy()``
is included so both sides return an array. Results are compared for equality.
"""

from __future__ import annotations

import numpy as np

from benchmarks.report import Row, at_least
from benchmarks.stats import summarize, time_calls

__all__ = ["conv_loop", "ops_rows", "pool_loop"]

SIZE = 256
LOOP_SPEEDUP = 50.0
TF_WITHIN = 3.0


def conv_loop(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """SAME, stride-1 cross-correlation of a 2-D image, one Python step per output pixel."""
    kh, kw = kernel.shape
    top, left = (kh - 1) // 2, (kw - 1) // 2
    padded = np.pad(image, ((top, kh - 1 - top), (left, kw - 1 - left)))
    rows, cols = image.shape
    out = np.empty((rows, cols), dtype=np.float32)
    for r in range(rows):
        for c in range(cols):
            out[r, c] = np.sum(padded[r : r + kh, c : c + kw] * kernel)
    return out


def pool_loop(image: np.ndarray, size: int = 2, stride: int = 2) -> np.ndarray:
    """VALID max pooling of a 2-D image, one Python step per output pixel."""
    rows = (image.shape[0] - size) // stride + 1
    cols = (image.shape[1] - size) // stride + 1
    out = np.empty((rows, cols), dtype=image.dtype)
    for r in range(rows):
        for c in range(cols):
            top, left = r * stride, c * stride
            out[r, c] = image[top : top + size, left : left + size].max()
    return out


def _row(name: str, ours, baseline_name: str, baseline, checks_for, note: str = "") -> Row:
    row = Row(
        "numpy ops",
        name,
        summarize(ours),
        baseline=baseline_name,
        baseline_summary=summarize(baseline),
        note=note,
        samples=list(ours),
    )
    row.checks = checks_for(row.ratio or 0.0)
    return row


def ops_rows(*, repeats: int, loop_repeats: int, log=print) -> list[Row]:
    """conv2d and max_pool2d: vs a double loop (>= 50x faster), vs tf.nn (within 3x)."""
    from companion import ops
    from companion.tf_support import import_tensorflow

    rng = np.random.default_rng(0)
    image = rng.random((SIZE, SIZE), dtype=np.float32)
    kernel = rng.standard_normal((3, 3)).astype(np.float32)
    x = image[None, :, :, None]
    w = kernel[:, :, None, None]

    log("numpy ops: conv2d and max_pool2d (numpy, loops)")
    conv_np = time_calls(lambda: ops.conv2d(x, w, 1, "SAME"), repeats)
    conv_py = time_calls(lambda: conv_loop(image, kernel), loop_repeats, warmup=0)
    pool_np = time_calls(lambda: ops.max_pool2d(x, 2, 2, "VALID"), repeats)
    pool_py = time_calls(lambda: pool_loop(image), loop_repeats, warmup=0)

    log("numpy ops: tf.nn (importing TensorFlow)")
    tf = import_tensorflow(deterministic=False)
    tx, tw = tf.constant(x), tf.constant(w)
    conv_tf = time_calls(lambda: tf.nn.conv2d(tx, tw, 1, "SAME").numpy(), repeats, warmup=3)
    pool_tf = time_calls(lambda: tf.nn.max_pool2d(tx, 2, 2, "VALID").numpy(), repeats, warmup=3)

    conv_ref = ops.conv2d(x, w, 1, "SAME")[0, :, :, 0]
    pool_ref = ops.max_pool2d(x, 2, 2, "VALID")[0, :, :, 0]
    conv_same = np.allclose(conv_ref, conv_loop(image, kernel), atol=1e-5) and np.allclose(
        conv_ref, tf.nn.conv2d(tx, tw, 1, "SAME").numpy()[0, :, :, 0], atol=1e-5
    )
    pool_same = np.array_equal(pool_ref, pool_loop(image)) and np.array_equal(
        pool_ref, tf.nn.max_pool2d(tx, 2, 2, "VALID").numpy()[0, :, :, 0]
    )

    def vs_loop(ratio: float):
        return [at_least(ratio, LOOP_SPEEDUP, ">= 50x vs loop")]

    def vs_tf(ratio: float):
        return [at_least(ratio, 1 / TF_WITHIN, "within 3x of TF (>= 0.33x)")]

    conv_note = "" if conv_same else "RESULTS DIFFER"
    pool_note = "" if pool_same else "RESULTS DIFFER"
    conv = f"conv2d {SIZE}x{SIZE}, 3x3, SAME"
    pool = f"max_pool2d {SIZE}x{SIZE}, 2x2 stride 2"
    return [
        _row(conv, conv_np, "Python loop", conv_py, vs_loop, conv_note),
        _row(conv, conv_np, "tf.nn.conv2d", conv_tf, vs_tf, conv_note),
        _row(pool, pool_np, "Python loop", pool_py, vs_loop, pool_note),
        _row(pool, pool_np, "tf.nn.max_pool2d", pool_tf, vs_tf, pool_note),
    ]
