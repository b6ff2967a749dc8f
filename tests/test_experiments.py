"""The invariance experiments: metrics against hand counts, claims, provenance, stored results."""

from __future__ import annotations

import itertools
import json
import statistics

import numpy as np
import pytest

from companion import digits
from companion.experiments import results as results_module
from companion.experiments.__main__ import main, staleness
from companion.experiments.architectures import SPECS, spec
from companion.experiments.claims import Claim, check_claims
from companion.experiments.evaluation import grid_classes, grid_metrics
from companion.experiments.first_layer import first_layer_maps
from companion.experiments.results import code_hash, load_results, spread
from companion.experiments.training import SETTINGS, shift_batch


def _brute_force(classes: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """The metrics by explicit loops over shifts and pairs: an independent reference."""
    side, _, count = classes.shape
    cells = list(itertools.product(range(side), range(side)))
    agree = [
        np.mean([classes[a][i] == classes[b][i] for a in cells for b in cells])
        for i in range(count)
    ]
    pairs = {"x": [], "y": [], "diag": []}
    for r, c in cells:
        for i in range(count):
            if c + 1 < side:
                pairs["x"].append(classes[r, c, i] != classes[r, c + 1, i])
            if r + 1 < side:
                pairs["y"].append(classes[r, c, i] != classes[r + 1, c, i])
            if r + 1 < side and c + 1 < side:
                pairs["diag"].append(classes[r, c, i] != classes[r + 1, c + 1, i])
    hits = [[np.mean(classes[r, c] == labels) for c in range(side)] for r in range(side)]
    return {
        "consistency": float(np.mean(agree)),
        "top1_change_x": float(np.mean(pairs["x"])),
        "top1_change_y": float(np.mean(pairs["y"])),
        "top1_change_diag": float(np.mean(pairs["diag"])),
        "grid_accuracy": float(np.mean(hits)),
    }


def test_grid_metrics_match_explicit_pair_counts():
    rng = np.random.default_rng(3)
    classes = rng.integers(0, 4, size=(5, 5, 7))
    labels = rng.integers(0, 4, size=7)
    got = grid_metrics(classes, labels)
    for key, value in _brute_force(classes, labels).items():
        assert got[key] == pytest.approx(value), key
    assert got["accuracy"] == pytest.approx(np.mean(classes[2, 2] == labels))
    assert got["accuracy_2px"] == pytest.approx(
        np.mean([np.mean(classes[r, c] == labels) for r, c in ((2, 0), (2, 4), (0, 2), (4, 2))])
    )


def test_grid_metrics_of_a_shift_invariant_classifier():
    classes = np.broadcast_to(np.array([3, 1, 4]), (9, 9, 3)).copy()
    got = grid_metrics(classes, np.array([3, 1, 0]))
    assert got["consistency"] == 1.0
    assert got["top1_change"] == 0.0
    assert got["grid_accuracy"] == pytest.approx(2 / 3)
    assert np.shape(got["grid"]) == (9, 9)


def test_grid_classes_follows_the_digit_with_a_position_reading_classifier():
    # A "classifier" that answers the column of the brightest pixel, modulo 10.
    def column_of_peak(batch):
        columns = np.argmax(batch.max(axis=(1, 3)), axis=1)
        return np.eye(10)[columns % 10]

    image = np.zeros((1, 12, 12, 1), np.float32)
    image[0, 5, 5, 0] = 1.0
    classes = grid_classes(column_of_peak, image, max_shift=2)
    assert classes.shape == (5, 5, 1)
    assert classes[:, :, 0].tolist() == [[3, 4, 5, 6, 7]] * 5  # dx moves the peak, dy does not


@pytest.mark.parametrize(
    ("classes", "labels", "match"),
    [
        (np.zeros((4, 4, 2), int), np.zeros(2, int), "classes"),
        (np.zeros((3, 3, 2)), np.zeros(2, int), "classes"),
        (np.zeros((3, 3, 2), int), np.zeros(3, int), "labels"),
        (np.zeros((3, 3, 0), int), np.zeros(0, int), "at least one digit"),
        # a class of 10**9 made a billion counting passes; a negative one was never counted
        (np.full((3, 3, 1), 10**9), np.zeros(1, int), "classes` must be class numbers"),
        (np.full((3, 3, 1), -1), np.zeros(1, int), "classes` must be class numbers"),
        (np.zeros((3, 3, 1), int), np.array([-3]), "labels` must be class numbers"),
    ],
)
def test_grid_metrics_refuses_bad_arrays(classes, labels, match):
    with pytest.raises(ValueError, match=match):
        grid_metrics(classes, labels)


def test_grid_classes_refuses_a_shift_as_large_as_the_image():
    with pytest.raises(ValueError, match="max_shift"):
        grid_classes(lambda b: np.zeros((len(b), 10)), np.zeros((1, 4, 4, 1)), max_shift=4)


def test_grid_classes_refuses_an_empty_batch_and_nan_scores():
    with pytest.raises(ValueError, match=r"grid_classes: `batch` must not be empty"):
        grid_classes(lambda b: np.zeros((len(b), 10)), np.zeros((0, 4, 4, 1)), max_shift=1)
    # argmax of NaN scores is class 0 for every digit: a silent, wrong accuracy
    with pytest.raises(ValueError, match=r"`predict` returned NaN"):
        grid_classes(lambda b: np.full((len(b), 10), np.nan), np.zeros((1, 4, 4, 1)), max_shift=1)


@pytest.mark.parametrize(
    ("arguments", "error", "match"),
    [
        ((np.zeros((4, 4)), 1, np.random.default_rng(0)), ValueError, r"`batch` must have shape"),
        ((np.zeros((2, 4, 4, 1)), -1, np.random.default_rng(0)), ValueError, r"`max_shift`"),
        ((np.zeros((2, 4, 4, 1)), 10**9, np.random.default_rng(0)), ValueError, r"`max_shift`"),
        ((np.zeros((2, 4, 4, 1)), 1.5, np.random.default_rng(0)), TypeError, r"`max_shift`"),
        ((np.zeros((2, 4, 4, 1)), 1, 0), TypeError, r"`rng` must be a numpy Generator"),
    ],
    ids=["not NHWC", "negative shift", "absurd shift", "float shift", "a seed for rng"],
)
def test_shift_batch_refuses_bad_arguments(arguments, error, match):
    with pytest.raises(error, match=match):
        shift_batch(*arguments)


def test_shift_batch_moves_each_image_by_a_shift_in_range():
    """Each output is its image moved by some (dy, dx) with |dy|, |dx| <= 1, zero-filled:
    checked against every candidate shift made by hand with numpy slicing."""
    rng = np.random.default_rng(3)
    batch = rng.random((20, 5, 6, 1)).astype(np.float32)
    moved = shift_batch(batch, 1, np.random.default_rng(0))
    for image, out in zip(batch[..., 0], moved[..., 0], strict=True):
        candidates = []
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                by_hand = np.zeros_like(image)
                by_hand[max(dy, 0) : 5 + min(dy, 0), max(dx, 0) : 6 + min(dx, 0)] = image[
                    max(-dy, 0) : 5 + min(-dy, 0), max(-dx, 0) : 6 + min(-dx, 0)
                ]
                candidates.append(np.array_equal(out, by_hand))
        assert sum(candidates) == 1


def test_spread_matches_the_statistics_module():
    values = [0.61, 0.7, 0.58, 0.66, 0.74]
    s = spread(values)
    assert s["mean"] == pytest.approx(statistics.mean(values))
    assert s["sd"] == pytest.approx(statistics.stdev(values))
    with pytest.raises(ValueError, match="values"):
        spread([0.5, float("nan")])


def _fake_results(a: list[float], b: list[float]) -> dict:
    return {
        "seeds": list(range(len(a))),
        "models": {
            "max_gap": {"metrics": {"consistency": a}},
            "max_dense": {"metrics": {"consistency": b}},
        },
    }


def test_a_claim_holds_only_if_it_holds_for_every_seed():
    claim = Claim("x", "GAP is more consistent", "greater", "consistency", "max_gap", "max_dense")
    [check] = check_claims(_fake_results([0.6, 0.7, 0.5], [0.4, 0.5, 0.3]), (claim,))
    assert check.holds and check.seeds_holding == 3 and check.line.startswith("holds")
    [check] = check_claims(_fake_results([0.6, 0.7, 0.5], [0.4, 0.5, 0.55]), (claim,))
    assert not check.holds and check.seeds_holding == 2 and check.line.startswith("FAILS")


def test_threshold_claims_compare_each_seed_with_the_value():
    at_least = Claim("t", "", "at_least", "consistency", "max_gap", value=0.5)
    at_most = Claim("u", "", "at_most", "consistency", "max_gap", value=0.65)
    results = _fake_results([0.6, 0.7, 0.5], [0, 0, 0])
    assert [c.holds for c in check_claims(results, (at_least, at_most))] == [True, False]


def test_claims_refuse_an_unknown_kind_and_a_missing_right_side():
    with pytest.raises(ValueError, match="kind"):
        Claim("x", "", "bigger", "consistency", "max_gap", "max_dense")
    with pytest.raises(ValueError, match="right"):
        Claim("x", "", "greater", "consistency", "max_gap")


def test_unknown_model_and_metric_are_named():
    results = _fake_results([0.5], [0.4])
    with pytest.raises(ValueError, match="model"):
        results_module.metric_values(results, "vgg", "consistency")
    with pytest.raises(ValueError, match="metric"):
        results_module.metric_values(results, "max_gap", "speed")
    with pytest.raises(ValueError, match="name"):
        spec("resnet")


def test_code_hash_ignores_docstrings_and_comments_but_not_code(tmp_path, monkeypatch):
    module = tmp_path / "m.py"
    monkeypatch.setattr(results_module, "_PACKAGE", tmp_path)
    monkeypatch.setattr(results_module, "HASHED_MODULES", ("m.py",))
    module.write_text('"""Doc."""\nX = 1  # one\n')
    first = code_hash({"a": 1})
    module.write_text('"""Other words."""\n\nX = 1\n')
    assert code_hash({"a": 1}) == first
    module.write_text('"""Doc."""\nX = 2\n')
    assert code_hash({"a": 1}) != first
    module.write_text('"""Doc."""\nX = 1\n')
    assert code_hash({"a": 2}) != first


def test_the_factorial_has_every_downsampling_with_both_heads():
    factors = {(s.downsampling, s.head) for s in SPECS.values() if s.kind == "cnn"}
    assert {
        (d, h) for d in ("none", "strided", "max", "avg", "blur") for h in ("dense", "gap")
    } <= (factors)
    assert len(SPECS) >= 10


def test_first_layer_maps_follow_a_shift_and_pooling_aliases_odd_shifts():
    rng = np.random.default_rng(0)
    kernel = rng.standard_normal((3, 3, 1, 6)).astype(np.float32)
    bias = np.zeros(6, np.float32)
    digit = digits.train_test().x_test[0, :, :, 0]
    assert first_layer_maps(kernel, bias, digit, 2, 2).pooled_error == 0.0
    odd = first_layer_maps(kernel, bias, digit, 0, 1)
    assert odd.map_error == 0.0
    assert odd.pooled_error > 0.05


# -- the stored results ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def stored():
    return load_results()


def test_stored_results_are_current_for_the_code(stored):
    problems = staleness(stored)
    assert not problems, "; ".join(problems)


def test_stored_results_have_every_model_metric_and_seed(stored):
    seeds = stored["seeds"]
    assert len(seeds) >= 5
    assert set(stored["models"]) == set(SPECS)
    for name, model in stored["models"].items():
        for metric in ("accuracy", "grid_accuracy", "consistency", "top1_change"):
            values = model["metrics"][metric]
            assert len(values) == len(seeds), (name, metric)
            assert all(0.0 <= v <= 1.0 for v in values), (name, metric)
        assert np.shape(model["metrics"]["grid"]) == (len(seeds), 9, 9)
        assert max(model["metrics"]["epochs"]) <= SETTINGS["max_epochs"]


def test_every_stored_claim_holds_for_every_stored_seed(stored):
    assert stored["claims"], "the results carry no claims"
    for claim in stored["claims"]:
        assert claim["holds"], claim["id"]


def test_circular_padding_without_pooling_is_exactly_invariant_on_the_canvas(stored):
    # Independent of any claim: shifts within the margin are circular shifts of the canvas.
    values = stored["models"]["none_gap_circular"]["metrics"]["consistency"]
    assert min(values) > 0.999


def test_check_command_reports_current_results(capsys):
    assert main(["check"]) == 0
    assert "current" in capsys.readouterr().out


def test_results_file_is_plain_json():
    text = results_module.RESULTS_PATH.read_text(encoding="utf-8")
    assert json.loads(text)["provenance"]["code_hash"]


def test_a_claim_can_compare_two_metrics_of_one_model():
    results = {
        "seeds": [0, 1],
        "models": {"max_gap": {"metrics": {"accuracy_x4": [0.9, 0.8], "accuracy_y4": [0.5, 0.85]}}},
    }
    claim = Claim(
        "axes", "", "greater", "accuracy_x4", "max_gap", "max_gap", right_metric="accuracy_y4"
    )
    [check] = check_claims(results, (claim,))
    assert check.seeds_holding == 1 and not check.holds
