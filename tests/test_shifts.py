"""Pixel-by-pixel versus pooled-feature similarity under shifts, and flips."""

from __future__ import annotations

import statistics

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.signal import correlate2d

from companion import images, kernels, shifts


@pytest.fixture(scope="module")
def digit():
    return shifts.digit_on_canvas(7)


def test_digit_is_a_seven_centred_on_a_32_pixel_canvas(digit):
    from companion import digits

    _, labels = digits.digits_on_canvas(32)
    assert labels[7] == 7
    assert digit.shape == (32, 32) and digit.dtype == np.float32
    assert digit.min() >= 0 and digit.max() <= 1
    columns = np.nonzero(digit.any(axis=0))[0]
    assert columns.min() >= 8 and columns.max() <= 23


def test_cosine_similarity_of_an_image_with_itself_is_one(digit):
    assert shifts.cosine_similarity(digit, digit) == pytest.approx(1)


def test_cosine_similarity_ignores_brightness(digit):
    assert shifts.cosine_similarity(digit, 0.3 * digit) == pytest.approx(1)


def test_cosine_similarity_of_disjoint_images_is_zero():
    left, right = np.zeros((4, 4)), np.zeros((4, 4))
    left[:, 0], right[:, 3] = 1, 1
    assert shifts.cosine_similarity(left, right) == 0


def test_pixel_similarity_falls_as_the_shift_grows(digit):
    curves = shifts.shift_curves(digit, [0, 1, 2, 4, 8])
    assert curves.pixels[0] == pytest.approx(1)
    assert np.all(np.diff(curves.pixels) < 0)
    assert curves.pixels[-1] < 0.2


def test_pooled_features_do_not_change_while_the_digit_stays_inside(digit):
    curves = shifts.shift_curves(digit, list(range(9)))
    np.testing.assert_allclose(curves.pooled, 1, atol=1e-6)


def test_feature_maps_move_with_the_digit(digit):
    for dx in range(9):
        assert shifts.shift_report(digit, dx).equivariance_error == 0


def test_pooled_similarity_drops_once_the_digit_reaches_the_border(digit):
    report = shifts.shift_report(digit, 14)
    assert report.equivariance_error > 0
    assert 0.9 < report.pooled_similarity < 0.999


@settings(max_examples=20, deadline=None)
@given(st.integers(-4, 4), st.integers(-4, 4))
def test_pooled_features_are_exactly_shift_invariant_inside_the_canvas(dy, dx):
    digit = shifts.digit_on_canvas(3)
    np.testing.assert_allclose(
        shifts.pooled_features(images.shift(digit, dy, dx)), shifts.pooled_features(digit)
    )


def test_feature_maps_stack_one_relu_map_per_kernel(digit):
    maps = shifts.feature_maps(digit)
    assert maps.shape == (32, 32, len(shifts.FEATURE_KERNELS))
    assert maps.min() >= 0


def test_left_and_right_sobel_maps_are_the_two_signs_of_one_response(digit):
    maps = shifts.feature_maps(digit, ["left sobel", "right sobel"])
    response = shifts.kernel_response(digit, "left sobel", padding="SAME")
    np.testing.assert_allclose(maps[:, :, 0] - maps[:, :, 1], response, atol=1e-5)


def test_best_translation_match_finds_the_shift(digit):
    best, offset = shifts.best_translation_match(digit, images.shift(digit, 2, -3))
    assert best == pytest.approx(1)
    assert offset == (2, -3)


def test_no_translation_turns_the_digit_into_its_mirror_image(digit):
    best, _ = shifts.best_translation_match(digit, digit[:, ::-1])
    assert best < 0.8


def test_a_symmetric_image_is_its_own_mirror():
    line = images.line_image()
    best, offset = shifts.best_translation_match(line, line[:, ::-1])
    assert best == pytest.approx(1) and offset == (0, 0)


def test_vertical_kernel_changes_sign_under_a_flip():
    step = shifts.step_image()
    before = shifts.kernel_response(step, "vertical")
    after = shifts.kernel_response(step[:, ::-1], "vertical")
    np.testing.assert_array_equal(after, -before[:, ::-1])
    assert before.max() == 2 and np.maximum(after, 0).max() == 0


def test_step_image_is_bright_on_the_left_half():
    step = shifts.step_image(4, 6)
    np.testing.assert_array_equal(step[0], [1, 1, 1, 0, 0, 0])


def _by_hand(scans, labels, label, dx):
    """The class comparison worked out pair by pair with scipy, loops and statistics."""

    def pooled(scan):
        # SAME padding of a 3x3 kernel is one zero on every side: scipy's "same" mode.
        names = shifts.FEATURE_KERNELS
        return [
            np.maximum(correlate2d(scan, kernels.kernel(n), mode="same"), 0).max() for n in names
        ]

    def moved(scan):
        out = np.zeros_like(scan)
        out[:, dx:] = scan[:, :-dx]
        return out

    def cos(a, b):
        a, b = np.ravel(a).astype(float), np.ravel(b).astype(float)
        return float(a @ b / np.sqrt((a @ a) * (b @ b)))

    views = {"pixels": (list(scans), [moved(s) for s in scans])}
    views["pooled"] = ([pooled(s) for s in scans], [pooled(moved(s)) for s in scans])
    table = {}
    for name, (reps, shifted) in views.items():
        rows = {"itself": [], "same": [], "other": [], "nearest": []}
        for i in (i for i in range(len(scans)) if labels[i] == label):
            others = [j for j in range(len(scans)) if j != i]
            sims = {j: cos(reps[i], reps[j]) for j in others}
            rows["itself"].append(cos(reps[i], shifted[i]))
            rows["same"].append(statistics.mean(sims[j] for j in others if labels[j] == label))
            rows["other"].append(statistics.mean(sims[j] for j in others if labels[j] != label))
            rows["nearest"].append(labels[max(sims, key=sims.get)] == label)
        table[name] = rows
    return table


def test_class_comparison_equals_a_pair_by_pair_computation():
    from companion import digits

    scans, labels = digits.digits_on_canvas(32)
    scans, labels = scans[:30, :, :, 0], labels[:30]  # three of each class
    result = shifts.class_comparison(scans, labels, label=7, dx=4)
    expected = _by_hand(scans, labels, 7, 4)
    for name in ("pixels", "pooled"):
        row, hand = result[name], expected[name]
        assert row.count == 3 and row.label == 7 and row.shift == 4
        for field, key in [
            ("itself_shifted", "itself"),
            ("same_class", "same"),
            ("other_classes", "other"),
        ]:
            spread = getattr(row, field)
            assert spread.mean == pytest.approx(statistics.mean(hand[key]), abs=1e-6)
            assert spread.sd == pytest.approx(statistics.stdev(hand[key]), abs=1e-6)
        assert row.nearest_same_class == pytest.approx(np.mean(hand["nearest"]))


def test_class_comparison_of_every_digit_averages_over_each_digits_own_class():
    scans = np.zeros((4, 6, 6))
    scans[0, 1:3, 1] = scans[1, 1:3, 1] = 1  # two identical vertical strokes: class 0
    scans[2, 1, 1:3] = 1  # a horizontal stroke: class 1
    scans[3, 1, 1:3] = 0.5  # the same stroke, dimmer: class 1
    result = shifts.class_comparison(scans, [0, 0, 1, 1], label=None, dx=1)["pixels"]
    # Every digit's classmate is the same picture (cosine 1); the two strokes share one
    # pixel of their two, so across classes the cosine is 1 / (sqrt(2) sqrt(2)) = 1/2.
    assert result.label is None and result.count == 4
    assert result.same_class.mean == pytest.approx(1)
    assert result.other_classes.mean == pytest.approx(0.5)
    assert result.nearest_same_class == 1


def test_pooled_summary_keeps_the_shift_and_pixels_keep_the_class():
    from companion import digits

    scans, labels = digits.digits_on_canvas(32)
    result = shifts.class_comparison(scans[:200], labels[:200], label=None, dx=4)
    pixels, pooled = result["pixels"], result["pooled"]
    np.testing.assert_allclose(pooled.itself_shifted.mean, 1, atol=1e-6)
    assert pixels.itself_shifted.mean < pixels.other_classes.mean
    assert pooled.nearest_same_class < pixels.nearest_same_class


def test_format_comparison_prints_one_row_per_representation():
    scans = np.zeros((4, 6, 6))
    scans[:2, 1:3, 1], scans[2:, 1, 1:3] = 1, 1
    text = shifts.format_comparison(shifts.class_comparison(scans, [0, 0, 1, 1], label=0, dx=1))
    lines = text.splitlines()
    assert lines[0].startswith("2 digits of class 0")
    assert lines[2].split()[0] == "pixels" and lines[3].split()[0] == "pooled"
    assert lines[2].endswith("100%")


@pytest.mark.parametrize(
    ("call", "name", "error"),
    [
        (lambda: shifts.digit_on_canvas(5000), "index", ValueError),
        (lambda: shifts.digit_on_canvas(-1), "index", ValueError),
        (lambda: shifts.digit_on_canvas(1.0), "index", TypeError),
        (lambda: shifts.digit_on_canvas(7, canvas=100_000), "canvas", ValueError),
        (
            lambda: shifts.class_comparison(np.ones((2, 2000, 2000)), [0, 1]),
            "scans",
            ValueError,
        ),
        (lambda: shifts.step_image(0), "height", ValueError),
        (lambda: shifts.cosine_similarity(np.zeros(3), np.zeros(4)), "a", ValueError),
        (lambda: shifts.cosine_similarity(np.zeros(3), np.ones(3)), "a", ValueError),
        (lambda: shifts.feature_maps(np.zeros((4, 4, 3))), "image", ValueError),
        (lambda: shifts.feature_maps(np.zeros((4, 4)), []), "names", ValueError),
        (lambda: shifts.shift_report(np.zeros((4, 4)), 1.5), "dx", TypeError),
        (lambda: shifts.shift_curves(np.ones((4, 4)), []), "shifts", ValueError),
        (
            lambda: shifts.best_translation_match(np.ones((4, 4)), np.ones((4, 5))),
            "image",
            ValueError,
        ),
        (lambda: shifts.kernel_response(np.ones(4), "vertical"), "image", ValueError),
        (lambda: shifts.class_comparison(np.ones((4, 6)), [0, 0, 1, 1]), "scans", ValueError),
        (lambda: shifts.class_comparison(np.ones((4, 6, 6)), [0, 0, 1]), "labels", ValueError),
        (lambda: shifts.class_comparison(np.ones((4, 6, 6)), ["a"] * 4), "labels", ValueError),
        (lambda: shifts.class_comparison(np.ones((4, 6, 6)), [0, 0, 1, 1], 3), "label", ValueError),
        (lambda: shifts.class_comparison(np.ones((3, 6, 6)), [0, 0, 1], 1), "label", ValueError),
        (lambda: shifts.class_comparison(np.ones((4, 6, 6)), [0, 0, 0, 0], 0), "label", ValueError),
        (
            lambda: shifts.class_comparison(np.ones((4, 6, 6)), [0, 0, 1, 1], 0, dx=6),
            "dx",
            ValueError,
        ),
        (
            lambda: shifts.class_comparison(np.ones((4, 6, 6)), [0, 0, 1, 1], 0, dx=1.0),
            "dx",
            TypeError,
        ),
        (
            lambda: shifts.class_comparison(np.zeros((4, 6, 6)), [0, 0, 1, 1], 0),
            "scans",
            ValueError,
        ),
    ],
)
def test_bad_input_raises_naming_the_argument(call, name, error):
    with pytest.raises(error, match=rf"`{name}`"):
        call()
