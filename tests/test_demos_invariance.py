"""Tests of the chapter "Invariance"'s demos: every frame computes, draws and reads sensibly."""

import numpy as np
import pytest

from companion.demos import invariance as demos
from companion.invariance import pool1d


class _FakeModel:
    """Logits that favour class 1, a little less the further the digit moves."""

    def predict(self, batch):
        logits = np.zeros((batch.shape[0], 10))
        logits[:, 1] = batch[:, 8:16, 8:16, 0].sum(axis=(1, 2)) / 10
        return logits


def test_shift_pooling_demo_sweeps_every_frame():
    demo = demos.shift_pooling_demo()
    results = demo.sweep()
    assert len(results) == demo.size == 25
    for result in results:
        assert result.max_pooled.shape == result.blur_pooled.shape == (12, 12)
        assert np.all(result.bars >= 0)


def test_blur_pooled_global_average_ignores_shifts_that_keep_away_from_the_top_left_edge():
    demo = demos.shift_pooling_demo()
    for params, result in zip(demo.grid(), demo.sweep(), strict=True):
        maxed, blur = result.gap_max, result.gap_blur
        assert blur == pytest.approx(1.0, abs=0.01)
        if min(params.values()) >= -1:
            assert blur == pytest.approx(1.0, abs=1e-6)
        if params["dx"] % 2:
            assert abs(maxed - 1.0) > 0.1


def test_shift_pooling_demo_shows_model_confidence_when_given_models():
    demo = demos.shift_pooling_demo({"fake": _FakeModel()})
    result = demo.result(dy=1, dx=0)
    assert result.bars.shape == (3,)
    assert 0.0 <= result.confidence[0] <= 1.0
    assert "fake" in demo.update(dy=1, dx=0)


def test_shift_pooling_demo_describes_the_frame():
    demo = demos.shift_pooling_demo()
    text = demo.update(dy=-2, dx=1)
    assert "dy=-2" in text and "dx=1" in text


def test_shift_pooling_demo_rejects_a_model_without_predict():
    with pytest.raises(TypeError, match="models"):
        demos.shift_pooling_demo({"broken": object()})


def test_shift_pooling_demo_rejects_an_index_out_of_range():
    with pytest.raises(ValueError, match="index"):
        demos.shift_pooling_demo(index=10_000)


def test_aliasing_demo_sweeps_every_frame():
    demo = demos.aliasing_demo()
    assert len(demo.sweep()) == demo.size == 16


@pytest.mark.parametrize("stride", [1, 2, 3, 4])
def test_aliasing_demo_max_pool_follows_shifts_that_are_multiples_of_the_stride(stride):
    demo = demos.aliasing_demo()
    for shift in (0, 1, 2, 3):
        mismatch = demo.result(stride=stride, shift=shift).maxed.mismatch
        if shift % stride == 0:
            assert mismatch == 0.0
        elif stride == 2:
            assert mismatch > 0.0


def test_aliasing_demo_blur_pool_changes_less_than_max_pool_at_stride_two():
    demo = demos.aliasing_demo()
    result = demo.result(stride=2, shift=1)
    assert result.blurred.mismatch < result.maxed.mismatch


def test_aliasing_signal_length_suits_every_stride():
    signal = demos.aliasing_signal()
    for stride in (1, 2, 3, 4):
        assert pool1d(signal, "max", stride, stride).size == signal.size // stride


def test_aliasing_demo_rejects_a_stride_off_the_grid():
    with pytest.raises(ValueError, match="stride"):
        demos.aliasing_demo().result(stride=5)


def test_inside_demo_captions_say_what_each_shift_did_to_the_trained_maps():
    from companion.demos.inside import first_layer_demo

    demo = first_layer_demo()
    assert demo.update(dy=0, dx=0).startswith("Digit not moved: these are the reference maps")
    # A 2-pixel shift is a whole cell of the 2x2/2 pooling grid; 1 pixel is half a cell.
    assert "moved by whole cells" in demo.update(dy=2, dx=0)
    assert "aliasing" in demo.update(dy=1, dx=0)
    assert "aliasing" in demo.update(dy=0, dx=1)
