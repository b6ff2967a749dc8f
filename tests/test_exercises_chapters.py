"""The chapters' exercises one by one: named cases, adversarial answers, and each expected
answer against what the learner can read (the demo the question points to: the same science
function, so these tests guard that question and demo agree) or a hand count."""

from __future__ import annotations

import ast
import copy
import inspect
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from test_exercises import RESULTS

import companion.experiments
from companion.exercises import CHAPTERS, chapter_exercises, solutions
from companion.exercises import convolution as ch03
from companion.exercises import invariance as ch05
from companion.exercises import pixels as ch01
from companion.exercises import pooling as ch04
from companion.exercises import why_cnns as ch02
from companion.exercises.seed_claims import build_options, chosen_statements

REPO = Path(__file__).resolve().parent.parent


# -- chapter 01 ----------------------------------------------------------------------------
def test_the_grey_exercise_reads_the_eye_pixel_of_the_chapters_photo():
    from companion import images

    red, green, blue = images.photo_uint8("chelsea")[ch01.EYE_PIXEL].tolist()
    assert (red, green, blue) == (158, 132, 57)
    assert ch01.q1.reference() == pytest.approx(0.299 * red + 0.587 * green + 0.114 * blue)


def test_a_nan_and_an_imaginary_part_are_never_correct():
    assert ch01.q1.check(float("nan")).status == "invalid"
    assert ch01.q1.check(131.2 + 50j).status == "invalid"
    assert ch01.q1.check(np.array([131.2 + 0j])).status == "invalid"


def test_bt709_luma_weights_are_accepted_with_a_note():
    feedback = ch01.q1.check(0.2126 * 158 + 0.7152 * 132 + 0.0722 * 57)
    assert feedback.correct and "BT.709" in feedback.message and "BT.601" in feedback.message


@pytest.mark.parametrize(
    ("grey", "words"),
    [
        ((158 + 132 + 57) / 3, "plain mean"),
        (((158 + 132 + 57) % 256) / 3, "wraps around"),
        (0.114 * 158 + 0.587 * 132 + 0.299 * 57, "wrong order"),
        (131.2 / 255, "0-1 scale"),
        ([158, 132, 57], "three numbers"),
    ],
)
def test_the_typical_grey_mistakes_are_named(grey, words):
    feedback = ch01.q1.check(grey)
    assert feedback.status == "incorrect" and words in feedback.message


def test_a_rounded_grey_value_is_right():
    assert ch01.q1.check(131).correct


@pytest.mark.parametrize(
    "names",
    [
        ["not yellow, brown", "cyan", "grey"],
        ["yellow or brown", "cyan", "grey"],
        ["yellow", "cyan", "not white"],
        ["yellow", "cyan, blue", "grey"],
    ],
)
def test_a_negated_or_hedged_colour_name_is_refused(names):
    assert ch01.q2.check(names).status == "invalid"


@pytest.mark.parametrize(
    ("names", "words"),
    [
        (["yellowish brown", "cyan", "grey"], "*paint*"),
        (["yellow", "cyan", "dark grey"], "light grey, not a dark one"),
        (["yellow", "teal", "grey"], "dark cyan"),
        (["yellow", "cyan", "white"], "all three at 255"),
        (["yellow", "greenish", "grey"], "look at the swatch"),
    ],
)
def test_colour_names_are_matched_as_whole_names_not_substrings(names, words):
    feedback = ch01.q2.check(names)
    assert feedback.status == "incorrect" and words in feedback.message


def test_other_spellings_of_the_colours_are_accepted():
    assert ch01.q2.check(["Yellow", "light-blue", "light gray"]).correct
    assert ch01.q2.check(("a yellow", "Aqua", "silver.")).correct


def test_every_mix_is_a_setting_of_the_rgb_mixer():
    from companion.demos.pixels import rgb_mixer_demo

    demo = rgb_mixer_demo()
    for red, green, blue in ch01.MIXES:
        assert demo.result(red=red, green=green, blue=blue).rgb == (red, green, blue)


def test_the_uint8_sum_is_what_numpy_gives():
    assert ch01.q3.reference() == int((np.array([200], dtype=np.uint8) + 100)[0]) == 44
    assert "does not clip" in ch01.q3.check(255).message
    assert "cannot hold 300" in ch01.q3.check(300).message


@pytest.mark.parametrize(
    "answer",
    [
        "A uint8 has 8 bits, so numpy clips 200 + 100 at 255 and the value stays at 255.",
        "The value 300 is too large for uint8, so numpy raises an overflow error here.",
    ],
)
def test_an_explanation_that_contradicts_the_wrap_around_is_not_yet(answer):
    assert ch01.q4.check(answer).status == "incorrect"


def test_a_careful_wrap_around_explanation_is_compared_not_graded():
    answer = (
        "A uint8 holds only 0 to 255, so 200 + 100 wraps around to 44 with no error; cast to"
        " int16, add, clip to 0-255 and cast back."
    )
    feedback = ch01.q4.check(answer)
    assert feedback.status == "compare" and feedback.comparison.answer == answer


# -- chapter 02 ----------------------------------------------------------------------------
def test_the_counts_match_a_hand_count():
    assert ch02.q1.reference() == [32 * 32 * 64 + 64, 5 * 5 * 64 + 64]


@pytest.mark.parametrize(
    ("counts", "words"),
    [
        ((65_536, 1_600), "weights only"),
        ((65_536, 1_664), "dense layer's count has the weights only"),
        ((196_672, 4_864), "one channel"),
        ((65_600, 1_664 * 32 * 32), "weight sharing"),
        ((1_664, 65_600), "swapped"),
        ((65_600, 1_000), "the convolution's count (second): you gave 1000"),
    ],
)
def test_the_typical_counting_mistakes_are_named(counts, words):
    assert words in ch02.q1.check(counts).message


def test_the_similarity_tolerance_comes_from_the_neighbouring_shifts():
    from companion.demos.why_cnns import shift_similarity_demo

    demo = shift_similarity_demo()
    at = {dx: demo.result(dx=dx).pixel_similarity for dx in (2, 3, 4)}
    assert ch02.q2.reference() == pytest.approx(at[3])
    assert pytest.approx(min(at[2] - at[3], at[3] - at[4]) / 2) == ch02.TOLERANCE
    assert not ch02.q2.check(round(at[2], 2)).correct
    assert not ch02.q2.check(round(at[4], 2)).correct
    assert ch02.q2.check(round(at[3], 2)).correct


def test_a_similarity_in_percent_is_refused_as_out_of_range():
    feedback = ch02.q2.check(62)
    assert feedback.status == "invalid" and "from 0 to 1" in feedback.message


def test_the_pooled_similarity_choice_matches_the_demo():
    from companion.demos.why_cnns import shift_similarity_demo

    pooled = shift_similarity_demo().result(dx=ch02.SHIFT).pooled_similarity
    assert round(pooled, 2) == 1.0 and ch02.q3.reference() == "b"


@pytest.mark.parametrize(
    "answer",
    [
        "A flip is just a shift of the pixels, so the CNN handles it like a shifted seven.",
        "Convolution is equivariant to flips as well, the kernel just answers elsewhere.",
        "For the flipped edge the kernel gives the same response as before, so ReLU keeps it.",
    ],
)
def test_an_explanation_that_treats_a_flip_as_a_shift_is_not_yet(answer):
    assert ch02.q4.check(answer).status == "incorrect"


# -- chapter 03 ----------------------------------------------------------------------------
def test_the_issues_invariant_answer_is_not_yet():
    feedback = ch03.q7.check(
        "Convolution is invariant, not equivariant: shifting the input leaves the map unchanged"
    )
    assert feedback.status == "incorrect" and "equivariant, not invariant" in feedback.message


@pytest.mark.parametrize(
    "answer",
    [
        "The map is the same but shifted one pixel to the right, which is equivariance.",
        "The feature map is not unchanged: it moves with the line. Convolution is not"
        " invariant but equivariant.",
        "It would only be invariant if the map stayed put; here the map moves right with the"
        " line, values unchanged.",
    ],
)
def test_a_careful_answer_about_equivariance_is_compared_not_refused(answer):
    assert ch03.q7.check(answer).status == "compare"


def test_the_shift_choice_matches_the_feature_maps():
    from companion import images, kernels, ops

    image = images.line_image()
    weights = kernels.get_filter(kernels.kernel("vertical"), is_color=False)
    before = ops.conv2d(images.to_nhwc(image), weights, 1, "SAME")[0, :, :, 0]
    after = ops.conv2d(images.to_nhwc(images.shift(image, 0, 1)), weights, 1, "SAME")[0, :, :, 0]
    assert np.array_equal(after[:, 1:], before[:, :-1])  # moved right, same values
    assert ch03.q6.reference() == "b"


def test_a_4d_map_gets_both_shapes_and_the_squeeze_tip():
    message = ch03.q1.check(np.asarray(ch03.q1.reference())[None, :, :, None]).message
    assert "must have shape (7, 8); you gave shape (1, 7, 8, 1)" in message
    assert "[0, :, :, 0]" in message


def test_the_shape_exercise_matches_the_demos_photo():
    from companion.demos.convolution import feature_map_demo

    result = feature_map_demo().result(kernel="outline", stride=2, padding="VALID")
    assert tuple(result.conv.shape) == tuple(ch03.q3.reference())


def test_a_tensorshape_like_answer_is_read_as_a_shape():
    class Shape:
        def as_list(self):
            return [47, 71]

    assert ch03.q3.check(Shape()).correct


def _off_by_one_valid(n, k, s, padding):
    return -(-n // s) if padding == "SAME" else (n - k) // s


def test_a_wrong_output_size_rule_reports_its_first_failing_input():
    message = ch03.q4.check(_off_by_one_valid).message
    assert "output_size(n=1, k=1, s=1, padding='VALID')" in message
    assert "should give 1; your function gave 0" in message


def test_a_conv2d_that_crashes_reports_the_input_and_the_error():
    def crashes(image, kernel, stride, padding):
        raise IndexError("index 3 is out of bounds")

    message = ch03.q5.check(crashes).message
    assert "raised IndexError: index 3 is out of bounds" in message and "np.array([[6]])" in message


def test_a_conv2d_that_only_knows_valid_fails_on_a_same_case():
    def valid_only(image, kernel, stride, padding):
        return solutions.conv2d(image, kernel, stride, "VALID")

    message = ch03.q5.check(valid_only).message
    assert "the first case that fails is" in message and "(SAME)" in message


def test_a_conv2d_that_changes_its_input_does_not_change_the_next_case():
    def in_place(image, kernel, stride, padding):
        out = solutions.conv2d(image, kernel, stride, padding)
        image[...] = 99
        return out

    assert ch03.q5.check(in_place).correct


def test_the_code_cases_are_the_same_every_time():
    first, second = ch03.q5.cases(), ch03.q5.cases()
    assert all(
        np.array_equal(a.args["image"], b.args["image"]) for a, b in zip(first, second, strict=True)
    )


# -- chapter 04 ----------------------------------------------------------------------------
def test_the_pooled_shape_exercise_matches_the_explorer():
    from companion.demos.pooling import pooling_explorer_demo

    result = pooling_explorer_demo().result(kind="max", window=3, stride=2, padding="VALID")
    assert tuple(result.pooled.shape) == tuple(ch04.q2.reference())


def test_the_shift_exercise_matches_the_demo():
    from companion.demos.pooling import shift_preview_demo

    result = shift_preview_demo().result(circle=ch04.SHIFT_CIRCLE, dy=0, dx=1)
    assert np.array_equal(result.max_pooled, ch04.q3.reference())


def test_max_pooling_by_hand_matches_a_hand_computation():
    assert ch04.q1.reference() == [[4, 7], [-1, 6]]


def test_a_max_pool_that_pads_with_zeros_is_named():
    message = ch04.q4.check(lambda image, size, stride, padding: None).message
    assert "returned None" in message


@pytest.mark.parametrize(
    "answer",
    [
        "Max pooling is linear too, just with a kernel that picks one value per window.",
        "Max pooling is just a convolution with a special kernel that keeps the largest value.",
    ],
)
def test_an_explanation_that_calls_max_pooling_linear_is_not_yet(answer):
    assert ch04.q6.check(answer).status == "incorrect"


# -- chapter 05 ----------------------------------------------------------------------------
def test_the_issues_pooling_answer_is_not_yet():
    feedback = ch05.q5.check(
        "Pooling windows make the network fully invariant, so GAP, blur pooling and"
        " augmentation are not needed"
    )
    assert feedback.status == "incorrect"


@pytest.mark.parametrize(
    "answer",
    [
        "Pooling alone does not make the network invariant: strided windows alias, and a"
        " dense head sees position. GAP, blur pooling and augmentation help.",
        "Pooling makes the network invariant only to shifts that are multiples of the stride;"
        " augmentation helps most.",
        "Global average pooling makes the head invariant to shifts on a torus, but max pooling"
        " with a stride aliases.",
    ],
)
def test_a_careful_pooling_answer_is_compared_not_refused(answer):
    assert ch05.q5.check(answer).status == "compare"


@pytest.mark.parametrize(
    "answer", [[-2, 0, 2], [-2.0, 0.0, 2.0], [2, -2, 0], (0, 2, -2), {-2, 0, 2}]
)
def test_the_even_shifts_are_right_in_any_order_and_type(answer):
    assert ch05.q3.check(answer).correct


def test_the_even_shifts_without_zero_are_right_with_a_note():
    feedback = ch05.q3.check([-2, 2])
    assert feedback.correct and "unshifted digit (dx = 0)" in feedback.message


def test_the_pooled_mean_exercise_matches_the_demo():
    from companion.demos.invariance import SHIFTS, shift_pooling_demo

    demo = shift_pooling_demo()
    bars = [demo.result(dy=0, dx=dx).gap_max for dx in SHIFTS]
    assert np.allclose(bars, ch05.pooled_mean_ratios())
    assert ch05.q3.reference() == [-2, 0, 2]


def test_the_aliasing_exercise_matches_the_demo():
    from companion.demos.invariance import aliasing_demo

    result = aliasing_demo().result(**ch05.ALIASING_SETTING)
    assert np.allclose(result.maxed.now, ch05.q2.reference()) and result.maxed.mismatch == 1.0


def test_the_padding_errors_are_zero_on_a_torus_and_four_at_the_border():
    assert ch05.q1.reference() == [0.0, 4.0]


def test_the_results_choice_is_computed_from_the_results():
    options, expected = build_options(RESULTS, ch05.STATEMENTS)
    chosen = chosen_statements(RESULTS, ch05.STATEMENTS)
    right = chosen[expected]
    assert (right.better, right.worse) == ("max_dense_aug", "max_dense")
    for key, statement in chosen.items():
        better = np.array(RESULTS["models"][statement.better]["metrics"][statement.metric])
        worse = np.array(RESULTS["models"][statement.worse]["metrics"][statement.metric])
        assert bool(np.all(better > worse)) == (key == expected)
    assert len(options) == 4


def test_the_results_choice_follows_re_made_results():
    remade = copy.deepcopy(RESULTS)
    remade["models"]["max_dense_aug"]["metrics"]["consistency"] = [0.9, 0.5, 0.9]
    remade["models"]["max_gap"]["metrics"]["consistency"] = [0.7, 0.8, 0.66]
    chosen = chosen_statements(remade, ch05.STATEMENTS)
    _, expected = build_options(remade, ch05.STATEMENTS)
    assert (chosen[expected].better, chosen[expected].worse) == ("max_gap", "max_dense")


def test_results_that_give_no_statement_for_every_seed_raise_a_clear_error():
    flat = copy.deepcopy(RESULTS)
    for model in flat["models"].values():
        model["metrics"] = {k: [0.5, 0.5, 0.5] for k in model["metrics"]}
    with pytest.raises(ValueError, match="holds for every seed"):
        build_options(flat, ch05.STATEMENTS)


def test_a_wrong_option_says_which_seed_breaks_it():
    options, expected = build_options(RESULTS, ch05.STATEMENTS)
    wrong = [o for o in options if o.key != expected]
    assert all("fails on seed" in o.message for o in wrong)
    assert any("On average it holds" in o.message for o in wrong)


@pytest.mark.skipif(
    not companion.experiments.RESULTS_PATH.is_file(), reason="the results file is not there yet"
)
def test_the_stored_results_answer_holds_for_every_seed():
    results = companion.experiments.load_results()
    ch05.q4.rebuild()
    statement = ch05.option_statements()[ch05.q4.reference()]
    gain = companion.experiments.difference(
        results, statement.metric, statement.better, statement.worse
    )
    assert np.all(gain > 0)


# -- layers and notebooks -------------------------------------------------------------------------
def test_no_exercise_module_imports_a_demo():
    for path in (REPO / "companion" / "exercises").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("companion.demo"), path.name
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("companion.demo") for a in node.names), path.name


def test_importing_every_chapters_exercises_loads_no_demo_and_no_tensorflow():
    code = (
        "import sys\nfrom companion.exercises import CHAPTERS, chapter_exercises\n"
        "[chapter_exercises(c) for c in CHAPTERS]\n"
        "bad = [m for m in sys.modules if m.startswith(('companion.demo', 'companion.faces',"
        " 'tensorflow'))]\nprint(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _exercise_cells(chapter: str) -> list:
    notebook = nbformat.read(REPO / "book" / f"{chapter}.ipynb", as_version=4)
    start = next(
        i for i, c in enumerate(notebook.cells) if c.source.lstrip().startswith("## Exercises")
    )
    cells = notebook.cells[start:]
    end = next((i for i, c in enumerate(cells) if c.source.startswith("## References")), None)
    return cells[:end]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_exercise_has_an_answer_a_check_and_a_hidden_checked_solution(chapter):
    cells = _exercise_cells(chapter)
    for exercise in chapter_exercises(chapter):
        call = f"{exercise.name}.check({exercise.variable})"
        checks = [c for c in cells if c.source.startswith(call)]
        solutions_ = [c for c in cells if "solution" in c.metadata.get("tags", [])]
        solved = [c for c in solutions_ if call in c.source]
        assert checks, f"{chapter}: no check cell `{call}`"
        assert len(solved) == 1, f"{chapter}: no single solution cell for {exercise.name}"
        cell = solved[0]
        assert "# NBVAL_CHECK_OUTPUT" in cell.source
        assert {"solution", "hide-cell"} <= set(cell.metadata["tags"])


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_stored_solution_verdict_is_correct_or_compare(chapter):
    for exercise in chapter_exercises(chapter):
        for cell in _exercise_cells(chapter):
            if "solution" not in cell.metadata.get("tags", []):
                continue
            if f"{exercise.name}.check(" not in cell.source:
                continue
            texts = [
                "".join(o.get("data", {}).get("text/plain", ""))
                for o in cell.get("outputs", [])
                if o.get("output_type") == "execute_result"
            ]
            word = "Compare" if exercise.kind == "reflection" else "Correct"
            assert texts and texts[-1].startswith(f"{word} ({exercise.name})"), (chapter, texts)


@pytest.mark.parametrize(
    ("chapter", "function"),
    [
        ("03_convolution_math", solutions.output_size),
        ("03_convolution_math", solutions.conv2d),
        ("04_pooling_types", solutions.max_pool2d),
    ],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_the_notebooks_code_solutions_are_the_tested_ones(chapter, function):
    source = inspect.getsource(function).strip()
    cells = [c.source for c in _exercise_cells(chapter) if "solution" in c.metadata.get("tags", [])]
    assert any(source in cell for cell in cells)
