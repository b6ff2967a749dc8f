"""Chapter "Invariance"'s question on the trained models' stored results (``q4``).

Which statement about two models holds for every seed? The statements are
written here; the options shown, the right one and each option's feedback
are computed from ``book/results/invariance.json`` when first needed (see
:mod:`companion.exercises.seed_claims`), so re-made results give a question
that is right for them. :mod:`companion.exercises.invariance` lists it with
the chapter's other exercises.
"""

from __future__ import annotations

from companion.exercises.seed_claims import Statement, build_options, chosen_statements
from companion.exercises.values import ChoiceExercise

__all__ = ["STATEMENTS", "option_statements", "q4"]


#: The statements q4 chooses from, in the order shown; which hold is read from the results.
STATEMENTS = (
    Statement(
        "Max pooling makes the dense-head CNN more consistent under shifts than no pooling"
        " (max_dense vs none_dense).",
        "consistency",
        "max_dense",
        "none_dense",
    ),
    Statement(
        "Shift augmentation makes the max-pooling CNN more consistent under shifts"
        " (max_dense_aug vs max_dense).",
        "consistency",
        "max_dense_aug",
        "max_dense",
    ),
    Statement(
        "A global-average-pooling head makes the max-pooling CNN more consistent than a"
        " dense head (max_gap vs max_dense).",
        "consistency",
        "max_gap",
        "max_dense",
    ),
    Statement(
        "Blur pooling makes the GAP-head CNN more consistent than max pooling"
        " (blur_gap vs max_gap).",
        "consistency",
        "blur_gap",
        "max_gap",
    ),
    Statement(
        "Max pooling keeps the dense-head CNN more accurate on digits shifted by 4 px than"
        " no pooling (max_dense vs none_dense).",
        "accuracy_4px",
        "max_dense",
        "none_dense",
    ),
    Statement(
        "Circular padding makes the GAP-head CNN without pooling more consistent"
        " (none_gap_circular vs none_gap).",
        "consistency",
        "none_gap_circular",
        "none_gap",
    ),
    Statement(
        "The dense MLP is more accurate on digits shifted by 4 px than the max-pooling CNN"
        " (mlp vs max_dense).",
        "accuracy_4px",
        "mlp",
        "max_dense",
    ),
)


def _results() -> dict:
    from companion.experiments import load_results  # the results file, read when needed

    return load_results()


def option_statements() -> dict[str, Statement]:
    """q4's statements by option key, from the stored results (model names and metric)."""
    return chosen_statements(_results(), STATEMENTS)


def _options_from_results():
    return build_options(_results(), STATEMENTS)


q4 = ChoiceExercise(
    name="q4",
    title="Which claim holds for every seed?",
    prompt="Read the stored results of the trained models (one value per seed). Which of"
    ' these statements holds for every seed? Choose one, as `holds = "a"` (or b, c, d).',
    hints=(
        "For each statement, compare the two models seed by seed, not only their means:"
        " `experiments.metric_values(results, model, metric)` gives one value per seed.",
        "A statement about every seed fails as soon as one seed disagrees. Look for the"
        " pair whose smallest difference over the seeds is still above zero.",
    ),
    solution_text=(
        "`holds = next(key for key, s in option_statements().items() if"
        " (experiments.difference(results, s.metric, s.better, s.worse) > 0).all())`:"
        " `experiments.difference` gives a statement's gain seed by seed. The right one's is"
        " positive on every seed; each of the others is zero or negative on at least one (the"
        " solution cell prints them)."
    ),
    variable="holds",
    build=_options_from_results,
)
