"""The Pooling types chapter's demos: what each frame shows (test_demos.py sweeps them)."""

from __future__ import annotations

import numpy as np

from companion.demos import pooling as demos


def test_explorer_map_is_a_small_relu_map_of_integers():
    feature = demos.explorer_map()
    assert feature.shape == (9, 9)
    assert feature.min() == 0 and feature.max() == 4
    np.testing.assert_array_equal(feature, np.round(feature))


def test_explorer_output_shapes_follow_tf_rules():
    demo = demos.pooling_explorer_demo()
    shapes = {
        (p["window"], p["stride"], p["padding"]): demo.compute(**p).pooled.shape
        for p in demo.grid()
        if p["kind"] == "max"
    }
    assert shapes[(2, 2, "SAME")] == (5, 5)
    assert shapes[(2, 2, "VALID")] == (4, 4)
    assert shapes[(3, 1, "SAME")] == (9, 9)
    assert shapes[(3, 3, "VALID")] == (3, 3)


def test_explorer_caption_counts_kept_values():
    demo = demos.pooling_explorer_demo()
    text = demo.update(kind="max", window=2, stride=2, padding="VALID")
    assert "output 4x4" in text and "16 of 81 values (20%) kept" in text


def test_explorer_caption_counts_unread_pixels_when_stride_exceeds_window():
    text = demos.pooling_explorer_demo().update(window=2, stride=3, padding="VALID")
    assert "45 never read" in text


def test_pipeline_demo_maps_keep_their_shapes_for_every_kernel():
    demo = demos.pipeline_demo(size=32)
    shapes = {(r.conv.shape, r.pooled.shape) for r in demo.sweep()}
    assert shapes == {((32, 48), (16, 24))}


def test_shift_preview_article_circle_is_unchanged_under_max_pooling():
    demo = demos.shift_preview_demo()
    article = next(iter(demos.CIRCLE_CENTRES))
    changed = [demo.compute(**p).max_changed for p in demo.grid() if p["circle"] == article]
    assert changed == [0] * 16


def test_shift_preview_circle_near_a_grid_line_changes_after_one_pixel():
    demo = demos.shift_preview_demo()
    near = list(demos.CIRCLE_CENTRES)[1]
    assert demo.compute(circle=near, dy=1, dx=0).max_changed > 0


def test_shift_preview_caption_names_the_changed_cells():
    demo = demos.shift_preview_demo()
    text = demo.update(circle=list(demos.CIRCLE_CENTRES)[1], dy=1, dx=0)
    assert "in 2 of 16 cells" in text
