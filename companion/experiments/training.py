"""Train one configuration to convergence: a held-out validation split and early stopping.

The training digits of :func:`companion.digits.train_test` are split again,
stratified, into a fitting part and a validation part (``VAL_FRACTION``,
drawn from the seed). Each epoch fits once on the fitting part (for an
augmented model: freshly shifted digits every epoch) and measures the
validation loss (augmented model: on one fixed shifted copy of the
validation digits). Training stops when the validation loss has not improved
for ``PATIENCE`` epochs, or after ``MAX_EPOCHS``; the weights of the best
epoch are kept. Seeded and deterministic: training runs inside
:func:`companion.tf_support.deterministic_ops`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from companion import images
from companion._validate import check_int, check_shape
from companion.experiments.architectures import AUGMENT_SHIFT, build_model, spec

__all__ = ["SETTINGS", "Trained", "predictor", "shift_batch", "train"]

#: Every setting that shapes a trained model; part of the results' provenance hash.
SETTINGS = {
    "max_epochs": 50,
    "patience": 5,
    "min_delta": 1e-3,
    "batch_size": 64,
    "learning_rate": 3e-3,
    "val_fraction": 0.2,
    "augment_shift": AUGMENT_SHIFT,
    "test_split_seed": 0,
}


@dataclass
class Trained:
    """A trained Keras model and how its training went."""

    name: str
    seed: int
    model: Any
    epochs: int
    best_epoch: int
    val_loss: float
    seconds: float
    cpu_seconds: float
    val_losses: list[float] = field(default_factory=list)
    _predict: Callable[[np.ndarray], np.ndarray] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def predict(self, batch: np.ndarray) -> np.ndarray:
        """Logits for an NHWC batch, as numpy (the compiled predictor is made once)."""
        if self._predict is None:
            self._predict = predictor(self.model)
        return self._predict(batch)


def predictor(model: Any, batch_size: int = 2048) -> Callable[[np.ndarray], np.ndarray]:
    """A numpy function ``NHWC batch -> logits`` calling ``model`` in inference mode, in chunks.

    The call is compiled once into a TensorFlow graph (``tf.function``): the
    same numbers as calling the model eagerly, about a quarter faster.
    """
    if not callable(model):
        raise TypeError(f"predictor: `model` must be a Keras model, got {type(model).__name__}.")
    batch_size = check_int(batch_size, "batch_size", "predictor", 1)
    from companion.tf_support import import_tensorflow

    tf = import_tensorflow()
    infer = tf.function(lambda x: model(x, training=False), reduce_retracing=True)

    def predict(batch: np.ndarray) -> np.ndarray:
        x = np.asarray(batch, dtype=np.float32)
        chunks = [
            np.asarray(infer(x[i : i + batch_size])) for i in range(0, x.shape[0], batch_size)
        ]
        return np.concatenate(chunks) if chunks else np.zeros((0, 10), np.float32)

    return predict


def shift_batch(batch: np.ndarray, max_shift: int, rng: np.random.Generator) -> np.ndarray:
    """Each image of an NHWC batch moved by its own random (dy, dx) in [-max_shift, max_shift]^2.

    Zero-filled (:func:`companion.images.shift`); one call per distinct shift.
    """
    func = "shift_batch"
    x = check_shape(np.asarray(batch, dtype=np.float32), "(N, H, W, C)", "batch", func)
    top = min(x.shape[1:3]) - 1  # a larger shift moves every image off its canvas
    max_shift = check_int(max_shift, "max_shift", func, minimum=0, maximum=max(top, 0))
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{func}: `rng` must be a numpy Generator (np.random.default_rng(seed)),"
            f" got {type(rng).__name__}."
        )
    shifts = rng.integers(-max_shift, max_shift + 1, size=(x.shape[0], 2))
    out = np.empty_like(x)
    pairs, which = np.unique(shifts, axis=0, return_inverse=True)
    for index, (dy, dx) in enumerate(pairs):
        chosen = which.ravel() == index
        out[chosen] = images.shift(x[chosen], int(dy), int(dx))
    return out


def train(name: str, x_train: np.ndarray, y_train: np.ndarray, *, seed: int = 0) -> Trained:
    """Train configuration ``name`` on centred digits (or shifted ones if it is augmented).

    Returns the model with the weights of its best validation epoch.
    """
    from companion.tf_support import deterministic_ops

    with deterministic_ops():
        return _train(name, x_train, y_train, seed)


def _train(name: str, x_train: np.ndarray, y_train: np.ndarray, seed: object) -> Trained:
    from sklearn.model_selection import train_test_split

    config = spec(name)
    seed = check_int(seed, "seed", "train", 0)
    x = np.asarray(x_train, dtype=np.float32)
    y = np.asarray(y_train)
    if x.ndim != 4 or y.shape != (x.shape[0],) or x.shape[0] < 20:
        raise ValueError(
            "train: `x_train` must be an NHWC batch of at least 20 digits and `y_train` one"
            f" label per digit; got {x.shape} and {y.shape}."
        )
    start, cpu_start = time.perf_counter(), time.process_time()
    x_fit, x_val, y_fit, y_val = train_test_split(
        x, y, test_size=SETTINGS["val_fraction"], random_state=seed, stratify=y
    )
    rng = np.random.default_rng(seed)
    if config.augment:
        x_val = shift_batch(x_val, SETTINGS["augment_shift"], rng)
    model = build_model(name, x.shape[1:], seed, SETTINGS["learning_rate"])
    best, best_epoch, waited, best_weights = np.inf, 0, 0, model.get_weights()
    val_losses: list[float] = []
    for epoch in range(1, SETTINGS["max_epochs"] + 1):
        batch = shift_batch(x_fit, SETTINGS["augment_shift"], rng) if config.augment else x_fit
        model.fit(batch, y_fit, batch_size=SETTINGS["batch_size"], epochs=1, verbose=0)
        loss = float(model.evaluate(x_val, y_val, batch_size=1024, verbose=0))
        val_losses.append(loss)
        if loss < best - SETTINGS["min_delta"]:
            best, best_epoch, waited, best_weights = loss, epoch, 0, model.get_weights()
        else:
            waited += 1
            if waited >= SETTINGS["patience"]:
                break
    model.set_weights(best_weights)
    return Trained(
        name,
        seed,
        model,
        len(val_losses),
        best_epoch,
        best,
        time.perf_counter() - start,
        time.process_time() - cpu_start,
        val_losses,
    )
