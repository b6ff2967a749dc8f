"""The small Keras classifiers the chapter "Invariance" trains and measures.

Five models, all trained on *centred* digits (:mod:`companion.digits`):

- ``mlp``: a dense network (flatten, 64 units, 10 classes): no convolution;
- ``cnn_max``: two convolution + ReLU + 2x2/stride-2 max pooling stages and
  a dense head (the classic small CNN);
- ``cnn_gap``: the same stages and a third convolution, then global average
  pooling and a dense layer as the head (no position-specific weights);
- ``cnn_blur``: ``cnn_gap`` with every max pooling replaced by Zhang's blur
  pooling (:func:`companion.blurpool.keras_blur_pool`);
- ``cnn_max_aug``: ``cnn_max`` trained on randomly shifted digits (data
  augmentation, the other remedy).

Training is seeded and deterministic (TensorFlow's op determinism, through
:func:`companion.tf_support.import_tensorflow`) and small: all five models
train in well under a minute on two CPU cores. Imports TensorFlow lazily.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any

import numpy as np

from companion import invariance
from companion._validate import check_int

__all__ = [
    "AUGMENT_SHIFT",
    "LABELS",
    "MODEL_NAMES",
    "Trained",
    "build_model",
    "predictor",
    "train_all",
    "train_model",
]

#: The models, in the order the chapter shows them.
MODEL_NAMES = ("mlp", "cnn_max", "cnn_gap", "cnn_blur", "cnn_max_aug")

#: How each model is named in tables and legends.
LABELS = {
    "mlp": "dense MLP",
    "cnn_max": "CNN, max pool + dense head",
    "cnn_gap": "CNN, max pool + global avg pool head",
    "cnn_blur": "CNN, blur pool + global avg pool head",
    "cnn_max_aug": "CNN, max pool + dense head, shift-augmented",
}

#: Largest shift (pixels, each axis) of the augmented model's training digits.
AUGMENT_SHIFT = 4

EPOCHS = 10
BATCH = 32


def _check_name(name: object, func: str) -> str:
    if name not in MODEL_NAMES:
        raise ValueError(f"{func}: `name` must be one of {MODEL_NAMES}, got {name!r}.")
    return str(name)


def build_model(name: str, input_shape: Sequence[int] = (24, 24, 1), seed: int = 0):
    """An untrained, compiled Keras model (see the module docstring for the names).

    Weights are initialised from ``seed``. The models output logits (one
    score per class); :func:`predictor` turns one into a numpy function.
    """
    func = "build_model"
    name = _check_name(name, func)
    seed = check_int(seed, "seed", func, 0)
    shape = tuple(input_shape)
    if len(shape) != 3 or not all(isinstance(s, (Integral, np.integer)) and s > 0 for s in shape):
        raise ValueError(f"{func}: `input_shape` must be (height, width, channels), got {shape}.")
    if shape[0] % 4 or shape[1] % 4:
        raise ValueError(f"{func}: `input_shape` height and width must be multiples of 4.")
    from companion.blurpool import keras_blur_pool
    from companion.tf_support import import_tensorflow

    tf = import_tensorflow(deterministic=True)
    keras = tf.keras
    keras.utils.set_random_seed(seed)
    layers = keras.layers

    def pool(channels: int, index: int):
        if name == "cnn_blur":
            return keras_blur_pool(channels, name=f"blur_pool_{index}")
        return layers.MaxPooling2D(2, name=f"max_pool_{index}")

    inputs = keras.Input(shape)
    if name == "mlp":
        x = layers.Flatten()(inputs)
        x = layers.Dense(64, activation="relu")(x)
        outputs = layers.Dense(10)(x)
    else:
        x = layers.Conv2D(16, 3, padding="same", activation="relu", name="conv_1")(inputs)
        x = pool(16, 1)(x)
        x = layers.Conv2D(32, 3, padding="same", activation="relu", name="conv_2")(x)
        x = pool(32, 2)(x)
        if name in ("cnn_gap", "cnn_blur"):
            x = layers.Conv2D(32, 3, padding="same", activation="relu", name="conv_3")(x)
            x = layers.GlobalAveragePooling2D()(x)
            outputs = layers.Dense(10)(x)
        else:
            x = layers.Flatten()(x)
            x = layers.Dense(64, activation="relu")(x)
            outputs = layers.Dense(10)(x)
    model = keras.Model(inputs, outputs, name=name)
    model.compile(
        optimizer=keras.optimizers.Adam(3e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    return model


@dataclass
class Trained:
    """A trained model, how long it trained, and its per-epoch training loss.

    ``seconds`` is wall-clock time; ``cpu_seconds`` the CPU time of all the
    process's threads (the fairer figure on a shared machine).
    """

    name: str
    model: Any
    seconds: float
    cpu_seconds: float
    losses: list[float] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LABELS[self.name]

    def predict(self, batch: np.ndarray) -> np.ndarray:
        """Logits for an NHWC batch, as numpy (see :func:`predictor`)."""
        return predictor(self.model)(batch)


def predictor(model: Any, batch_size: int = 1024):
    """A numpy function ``NHWC batch -> logits`` calling ``model`` in inference mode.

    Calls the model directly (no ``predict`` progress bar), in chunks of
    ``batch_size`` images. This is what :mod:`companion.invariance` measures.
    """
    if not callable(model):
        raise TypeError(f"predictor: `model` must be a Keras model, got {type(model).__name__}.")
    batch_size = check_int(batch_size, "batch_size", "predictor", 1)

    def predict(batch: np.ndarray) -> np.ndarray:
        x = np.asarray(batch, dtype=np.float32)
        chunks = [
            np.asarray(model(x[i : i + batch_size], training=False))
            for i in range(0, x.shape[0], batch_size)
        ]
        return np.concatenate(chunks) if chunks else np.zeros((0, 10), np.float32)

    return predict


def train_model(
    name: str,
    x_train: np.ndarray,
    y_train: np.ndarray,
    *,
    epochs: int = EPOCHS,
    seed: int = 0,
) -> Trained:
    """Build and train one model; ``cnn_max_aug`` sees freshly shifted digits every epoch.

    The augmentation shifts each training digit by a random ``(dy, dx)`` in
    ``[-AUGMENT_SHIFT, AUGMENT_SHIFT]`` (zero-filled), new shifts each epoch,
    drawn from ``seed``. Chapter "Invariance".
    """
    func = "train_model"
    name = _check_name(name, func)
    epochs = check_int(epochs, "epochs", func, 1)
    seed = check_int(seed, "seed", func, 0)
    x = np.asarray(x_train, dtype=np.float32)
    y = np.asarray(y_train)
    if x.ndim != 4 or y.shape != (x.shape[0],):
        raise ValueError(
            f"{func}: `x_train` must be NHWC and `y_train` one label per image;"
            f" got {x.shape} and {y.shape}."
        )
    start, cpu_start = time.perf_counter(), time.process_time()
    model = build_model(name, x.shape[1:], seed)
    rng = np.random.default_rng(seed)
    losses: list[float] = []
    if name == "cnn_max_aug":
        for _ in range(epochs):
            moved = invariance.shift_each(x, *invariance.random_shifts(len(x), AUGMENT_SHIFT, rng))
            history = model.fit(moved, y, batch_size=BATCH, epochs=1, verbose=0)
            losses += history.history["loss"]
    else:
        history = model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0)
        losses = list(history.history["loss"])
    return Trained(
        name,
        model,
        time.perf_counter() - start,
        time.process_time() - cpu_start,
        [float(v) for v in losses],
    )


def train_all(
    x_train: np.ndarray,
    y_train: np.ndarray,
    *,
    names: Sequence[str] = MODEL_NAMES,
    epochs: int = EPOCHS,
    seed: int = 0,
) -> dict[str, Trained]:
    """Train every named model on the same digits; returns ``{name: Trained}`` in order.

    Chapter "Invariance" calls it once; the total of the ``seconds`` is the
    training budget it reports.
    """
    for name in names:
        _check_name(name, "train_all")
    return {name: train_model(name, x_train, y_train, epochs=epochs, seed=seed) for name in names}
