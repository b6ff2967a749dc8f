"""The small classifiers of the invariance experiments, one factor changed at a time.

Every convolutional model has the same three 3x3 convolutions (16, 32, 32
channels, ReLU) and differs only in

- **downsampling** after the first and second convolution: ``none`` (stride-1
  convolutions only, the maps stay 24x24), ``strided`` (those convolutions
  take stride 2), ``max`` (2x2/2 max pooling), ``avg`` (2x2/2 average
  pooling) or ``blur`` (Zhang's blur pooling: max with stride 1, then a fixed
  binomial blur with stride 2);
- **head**: ``dense`` (flatten, then one dense layer: a weight per position)
  or ``gap`` (global average pooling, then one dense layer: no weight tied
  to a position);
- **padding** of the convolutions: ``zero`` (Keras' ``"same"``) or
  ``circular`` (the map wraps around, so no pixel sits at a border);
- **augmentation**: trained on centred digits, or on digits shifted at
  random by up to :data:`AUGMENT_SHIFT` pixels.

The convolutions have the same weights in every model (14,048 parameters);
the dense head's size follows the final map (6x6x32 after two halvings,
24x24x32 without), the GAP head's does not. Imports TensorFlow lazily.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "AUGMENT_SHIFT",
    "DOWNSAMPLINGS",
    "HEADS",
    "MODEL_NAMES",
    "SPECS",
    "ModelSpec",
    "build_model",
    "spec",
]

#: Largest shift (pixels, each axis) of an augmented model's training digits.
AUGMENT_SHIFT = 4
DOWNSAMPLINGS = ("none", "strided", "max", "avg", "blur")
HEADS = ("dense", "gap")
CHANNELS = (16, 32, 32)

_DOWN_WORDS = {
    "none": "no downsampling (stride-1 convolutions only)",
    "strided": "stride-2 convolutions",
    "max": "2x2/2 max pooling",
    "avg": "2x2/2 average pooling",
    "blur": "blur pooling (max stride 1, binomial blur stride 2)",
}
_HEAD_WORDS = {"dense": "dense head", "gap": "global-average-pooling head"}
_SHORT_DOWN = {"none": "no pool", "strided": "strided", "max": "max", "avg": "avg", "blur": "blur"}


@dataclass(frozen=True)
class ModelSpec:
    """One configuration: what the model is, in words and as factors."""

    name: str
    kind: str  # "cnn" or "mlp"
    downsampling: str = "none"
    head: str = "dense"
    padding: str = "zero"
    augment: bool = False

    @property
    def description(self) -> str:
        """A sentence for tables and the results file."""
        if self.kind == "mlp":
            return "dense MLP: flatten, 64 ReLU units, 10 classes (no convolution)"
        text = f"CNN, {_DOWN_WORDS[self.downsampling]}, {_HEAD_WORDS[self.head]}"
        if self.padding == "circular":
            text += ", circular padding"
        if self.augment:
            text += f", trained on digits shifted by up to {AUGMENT_SHIFT} px"
        return text

    @property
    def label(self) -> str:
        """A short label for legends: 'max + GAP', 'no pool + dense, aug.'."""
        if self.kind == "mlp":
            return "MLP"
        text = f"{_SHORT_DOWN[self.downsampling]} + {'GAP' if self.head == 'gap' else 'dense'}"
        if self.padding == "circular":
            text += ", circular"
        if self.augment:
            text += ", augmented"
        return text


def _specs() -> dict[str, ModelSpec]:
    specs = {"mlp": ModelSpec("mlp", "mlp")}
    for down in DOWNSAMPLINGS:
        for head in HEADS:
            name = f"{down}_{head}"
            specs[name] = ModelSpec(name, "cnn", down, head)
    specs["max_dense_aug"] = ModelSpec("max_dense_aug", "cnn", "max", "dense", augment=True)
    specs["none_gap_circular"] = ModelSpec("none_gap_circular", "cnn", "none", "gap", "circular")
    return specs


#: Every configuration, by name, in the order tables show them.
SPECS: dict[str, ModelSpec] = _specs()
MODEL_NAMES: tuple[str, ...] = tuple(SPECS)


def spec(name: object) -> ModelSpec:
    """The :class:`ModelSpec` called ``name``; a clear error for an unknown name."""
    if not isinstance(name, str) or name not in SPECS:
        raise ValueError(f"`name` must be one of {', '.join(MODEL_NAMES)}; got {name!r}.")
    return SPECS[name]


def build_model(
    name: str, input_shape: Sequence[int] = (24, 24, 1), seed: int = 0, learning_rate: float = 3e-3
) -> Any:
    """An untrained, compiled Keras model for configuration ``name``, weights from ``seed``.

    The model outputs logits. Height and width must be multiples of 4 (two halvings).
    """
    from companion._validate import check_int

    config = spec(name)
    seed = check_int(seed, "seed", "build_model", 0)
    shape = tuple(int(s) for s in input_shape)
    if len(shape) != 3 or min(shape) < 1 or shape[0] % 4 or shape[1] % 4:
        raise ValueError(
            "build_model: `input_shape` must be (height, width, channels) with height and"
            f" width multiples of 4; got {tuple(input_shape)}."
        )
    from companion.tf_support import import_tensorflow

    tf = import_tensorflow()
    keras = tf.keras
    keras.utils.set_random_seed(seed)
    layers = keras.layers
    inputs = keras.Input(shape)
    if config.kind == "mlp":
        x = layers.Flatten()(inputs)
        x = layers.Dense(64, activation="relu")(x)
    else:
        x = inputs
        for index, channels in enumerate(CHANNELS, start=1):
            downsample = index < len(CHANNELS)
            stride = 2 if downsample and config.downsampling == "strided" else 1
            x = _conv(keras, tf, channels, stride, config.padding, f"conv_{index}")(x)
            if downsample:
                x = _downsample(keras, config.downsampling, channels, index)(x)
        x = layers.GlobalAveragePooling2D()(x) if config.head == "gap" else layers.Flatten()(x)
    outputs = layers.Dense(10, name="logits")(x)
    model = keras.Model(inputs, outputs, name=name)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    return model


def _conv(keras: Any, tf: Any, channels: int, stride: int, padding: str, name: str) -> Any:
    conv = keras.layers.Conv2D(
        channels,
        3,
        strides=stride,
        padding="same" if padding == "zero" else "valid",
        activation="relu",
        name=name,
    )
    if padding == "zero":
        return conv

    def wrap(x):  # pad one pixel on every side with the far side's pixels (a torus)
        x = tf.concat([x[:, -1:], x, x[:, :1]], axis=1)
        return tf.concat([x[:, :, -1:], x, x[:, :, :1]], axis=2)

    return keras.Sequential(
        [keras.layers.Lambda(wrap, name=f"{name}_wrap"), conv], name=f"{name}_circular"
    )


def _downsample(keras: Any, kind: str, channels: int, index: int) -> Any:
    layers = keras.layers
    if kind == "max":
        return layers.MaxPooling2D(2, name=f"max_pool_{index}")
    if kind == "avg":
        return layers.AveragePooling2D(2, name=f"avg_pool_{index}")
    if kind == "blur":
        from companion.blurpool import keras_blur_pool

        return keras_blur_pool(channels, name=f"blur_pool_{index}")
    return layers.Identity(name=f"keep_{index}")  # none, strided: nothing between convolutions
