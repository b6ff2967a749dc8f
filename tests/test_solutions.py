"""Every exercise's solution, as the learner is shown it, run and judged by its own checker.

A solution is shown twice, and both are run here, for every exercise of every chapter:

- the notebook's hidden solution cell (tagged ``solution``): run as it stands; the verdict
  of its last line, ``qN.check(...)``, must be "Correct" ("Compare" for a reflection);
- the solution text, ``qN.solution()`` (also the site's "Solution" dropdown): the code in
  its backticks is run in order, and

  - every assignment to the exercise's variable (``grey = ...``) must be judged correct,
    and a number, array, choice or names exercise must make one;
  - every other computation (an expression that calls something, such as
    ``ops.output_size(96, 3, 2, "VALID")`` "agrees") must give the answer, or one entry of
    it where the text computes the answer entry by entry;
  - a bare name or attribute (``tf.nn.max_pool2d``) is a mention, and a pure literal
    (the output "before the shift") a quoted value: neither is run.

Some solution texts are prose, and what can be asserted of them is:

- code exercises (``output_size``, ``conv2d``, ``max_pool2d``): the text points to the
  solution code and states formulas in the function's parameters (``(n - k) // s + 1``);
  the formulas may use only those parameters, and each formula of the text and the hints
  is evaluated on every case of the padding named before it and must give TF's size; the
  solution code (``solution_code``, what the site shows and the notebook's cell holds) is
  run and the function it defines judged;
- reflections: the text is the model answer, which the check shows beside the learner's
  answer ("Compare"), never judged "Correct" (a program cannot grade an explanation). The
  code the text quotes (``colour.brighten(photo, 100)``) is run.

Both faces run in the chapter's namespace at that point: the statements of the
chapter's code cells before the solution cell that define the names the solution uses
(and, in turn, the names those use), run in order. That is what a learner has when
the solution is shown, without running the whole notebook (``make notebooks`` does, with
nbval); a name the chapter never defines fails the test.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import io
import math
import re
import symtable
from functools import cache
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
import pytest

# test_exercises' autouse fixture: the stored results, or its own where the file is not there yet
from test_exercises import stored_results  # noqa: F401

from companion.exercises import CHAPTERS, chapter_exercises
from companion.exercises import pixels as ch01

BOOK = Path(__file__).resolve().parent.parent / "book"
JUDGED = {"number", "array", "choice", "names"}


# -- the chapter's namespace where a solution is shown ------------------------------------------
def _parsed(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except SyntaxError:  # IPython syntax (the hidden setup cell's `%pip`): not the course's code
        return None


def _used(node: ast.stmt) -> set[str]:
    """The global names ``node`` reads, inside its lambdas and comprehensions too."""
    table = symtable.symtable(ast.unparse(node), "<statement>", "exec")
    names, tables = set(), [table]
    while tables:
        current = tables.pop()
        for symbol in current.get_symbols():
            top_level = current is table
            if symbol.is_referenced() and (top_level or symbol.is_global()):
                names.add(symbol.get_name())
        tables.extend(current.get_children())
    return names


def _bound(node: ast.stmt) -> set[str]:
    """The names ``node`` binds in the notebook's namespace."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    table = symtable.symtable(ast.unparse(node), "<statement>", "exec")
    return {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}


def _reads(node: ast.stmt) -> set[str]:
    """The names ``node`` needs from before it (``x = x + 1`` counts; a loop's own do not)."""
    if isinstance(node, ast.Assign):
        targets = {
            n.id
            for target in node.targets
            for n in ast.walk(target)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)  # `a[i] = ...` reads a
        }
        return _used(ast.Expr(node.value)) | targets
    if isinstance(node, ast.AugAssign):
        return _used(node)
    return _used(node) - _bound(node)


def _needs(code: ast.Module) -> set[str]:
    """The names ``code`` reads before it binds them: what it needs from the chapter."""
    needed: set[str] = set()
    bound: set[str] = set()
    for node in code.body:
        needed |= _reads(node) - bound
        bound |= _bound(node)
    return needed


@cache
def _notebook(chapter: str) -> nbformat.NotebookNode:
    return nbformat.read(BOOK / f"{chapter}.ipynb", as_version=4)


def _solution_cell(chapter: str, exercise) -> int:
    """The index of the solution cell of ``exercise`` (the one that calls its check)."""
    call = f"{exercise.name}.check("
    cells = _notebook(chapter).cells
    found = [
        i
        for i, cell in enumerate(cells)
        if "solution" in cell.metadata.get("tags", []) and call in cell.source
    ]
    assert len(found) == 1, f"{chapter}: no single solution cell for {exercise.name}"
    return found[0]


def _namespace(chapter: str, before: int, needed: set[str]) -> dict[str, Any]:
    """The names in ``needed``, as the chapter's cells before cell ``before`` define them."""
    statements = []
    for cell in _notebook(chapter).cells[:before]:
        tree = _parsed(cell.source) if cell.cell_type == "code" else None
        statements += tree.body if tree is not None else []
    needed = set(needed)
    kept = []
    for node in reversed(statements):
        bound = _bound(node)
        if bound & needed:
            kept.append(node)
            needed = (needed - bound) | _reads(node)
    namespace: dict[str, Any] = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(ast.Module(list(reversed(kept)), []), chapter, "exec"), namespace)
    return namespace


def _run(code: ast.Module, namespace: dict[str, Any], where: str) -> Any:
    """Run ``code`` like a notebook cell: the value of its last line, if an expression."""
    *body, last = code.body
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(ast.Module(body, []), where, "exec"), namespace)
        if isinstance(last, ast.Expr):
            return eval(compile(ast.Expression(last.value), where, "eval"), namespace)
        exec(compile(ast.Module([last], []), where, "exec"), namespace)
    return None


EXERCISES = [(chapter, e) for chapter in CHAPTERS for e in chapter_exercises(chapter)]
IDS = [f"{chapter}/{e.name}" for chapter, e in EXERCISES]


def _verdict(exercise) -> str:
    return "compare" if exercise.kind == "reflection" else "correct"


# -- the notebook's solution cell ------------------------------------------------------------
def run_solution_cell(chapter: str, exercise, source: str | None = None) -> Any:
    """Run ``exercise``'s solution cell (or ``source`` in its place); its last line's value."""
    index = _solution_cell(chapter, exercise)
    code = ast.parse(_notebook(chapter).cells[index].source if source is None else source)
    namespace = _namespace(chapter, index, _needs(code))
    return _run(code, namespace, f"{chapter} cell {index}")


@pytest.mark.parametrize(("chapter", "exercise"), EXERCISES, ids=IDS)
def test_the_notebooks_solution_cell_is_judged_right(chapter, exercise):
    feedback = run_solution_cell(chapter, exercise)
    assert feedback is not None and feedback.status == _verdict(exercise), str(feedback)


# -- the solution text ------------------------------------------------------------------------
def code_spans(text: str) -> list[ast.Module]:
    """The Python in ``text``'s backticks, in order; prose in backticks is left out."""
    spans = []
    for span in re.findall(r"`([^`]+)`", text):
        tree = _parsed(span)
        if tree is not None and tree.body:
            spans.append(tree)
    return spans


def _is_mention(tree: ast.Module) -> bool:
    """A bare name or dotted name (``tf.nn.max_pool2d``): named, not run."""
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return False
    node = tree.body[0].value
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def _is_literal(tree: ast.Module) -> bool:
    node = tree.body[0]
    if len(tree.body) != 1 or not isinstance(node, ast.Expr):
        return False
    try:
        ast.literal_eval(node.value)
    except ValueError:
        return False
    return True


def _assigns(tree: ast.Module, name: str) -> bool:
    return any(
        isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
        for node in tree.body
    )


def _gives_the_answer_or_an_entry(exercise, value: Any) -> bool:
    if exercise.check(value).correct:
        return True
    if exercise.kind not in {"number", "array"} or np.ndim(value) != 0:
        return False
    entries = np.asarray(exercise.reference(), dtype=float).ravel()
    return bool(np.isclose(float(value), entries, rtol=exercise.rtol, atol=exercise.atol).any())


def formulas(text: str, parameters: set[str]) -> list[tuple[str, str]]:
    """The formulas in ``text``'s backticks, each with the padding named last before it:
    ``"VALID gives `(n - k) // s + 1`"`` -> ``[("VALID", "(n - k) // s + 1")]``."""
    found, padding = [], None
    for word, span in re.findall(r"\b(SAME|VALID)\b|`([^`]+)`", text):
        if word:
            padding = word
            continue
        tree = _parsed(span)
        if tree is None or len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
            continue
        used = _used(tree.body[0]) - {"ceil"}
        if used and used <= parameters and padding is not None:
            found.append((padding, span))
    return found


def check_formulas(exercise, text: str, label: str) -> int:
    """Evaluate each formula of ``text`` on every case of ``exercise`` with its padding and
    compare it with the exercise's truth (``ops.output_size``, tested against TensorFlow);
    how many formulas were checked. ``ceil`` is math's, as a learner would import it."""
    parameters = set(re.findall(r"\w+", exercise.signature.split("(", 1)[1]))
    checked = 0
    for padding, formula in formulas(text, parameters):
        code = compile(formula, f"{label}: `{formula}`", "eval")
        for case in exercise.cases():
            if case.args.get("padding") != padding:
                continue
            arguments = {k: v for k, v in case.args.items() if k in parameters}
            got = eval(code, {"ceil": math.ceil, "__builtins__": {}}, arguments)
            want = exercise.truth(**case.args)
            assert got == want, (
                f"{label}: `{formula}` ({padding}) gives {got} for {arguments}, TF {want}"
            )
        checked += 1
    return checked


def run_solution_text(chapter: str, exercise) -> list[str]:
    """Run the code of ``exercise``'s solution text in the chapter; what was run, as text.

    Raises AssertionError when a step is wrong (see the module's docstring).
    """
    spans = [s for s in code_spans(exercise.solution().text) if not _is_mention(s)]
    label = f"{chapter}/{exercise.name}"
    if exercise.kind == "code":
        parameters = set(re.findall(r"\w+", exercise.signature.split("(", 1)[1]))
        for span in spans:
            unknown = _used(span.body[0]) - parameters
            assert not unknown, f"{label}: the formula `{ast.unparse(span)}` uses {unknown}"
        check_formulas(exercise, exercise.solution_text, label)
        check_formulas(exercise, " ".join(exercise.hints), f"{label} hints")
        namespace = _namespace(chapter, _solution_cell(chapter, exercise), {"np"})
        _run(ast.parse(exercise.solution_code), namespace, f"{label} solution code")
        feedback = exercise.check(namespace[exercise.function_name])
        assert feedback.correct, f"{label}: the solution code: {feedback}"
        return [exercise.solution_code]
    if exercise.kind == "reflection":
        assert exercise.solution().text == exercise.model_answer
        feedback = exercise.check(exercise.model_answer)
        assert feedback.status == "compare", f"{label}: the model answer: {feedback}"
        assert feedback.comparison.model_answer == exercise.model_answer
    spans = [s for s in spans if not _is_literal(s)]
    needed = _needs(ast.Module([node for span in spans for node in span.body], []))
    namespace = _namespace(chapter, _solution_cell(chapter, exercise), needed)
    ran, answered = [], False
    for span in spans:
        text = ast.unparse(span)
        value = _run(span, namespace, f"{label}: `{text}`")
        ran.append(text)
        if _assigns(span, exercise.variable):
            feedback = exercise.check(namespace[exercise.variable])
            assert feedback.correct, f"{label}: `{text}` is judged: {feedback}"
            answered = True
        elif value is not None and exercise.kind in JUDGED:
            assert _gives_the_answer_or_an_entry(exercise, value), (
                f"{label}: `{text}` gives {value!r}, neither the answer nor an entry of it"
            )
    if exercise.kind in JUDGED:
        assert answered, f"{label}: the solution text never assigns `{exercise.variable}`"
    return ran


@pytest.mark.parametrize(("chapter", "exercise"), EXERCISES, ids=IDS)
def test_the_solution_text_runs_and_is_judged_right(chapter, exercise):
    ran = run_solution_text(chapter, exercise)
    if exercise.kind != "reflection":
        assert ran, f"{chapter}/{exercise.name}: its solution text holds no code to run"


# -- the audit itself catches a wrong solution --------------------------------------------------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("`wrapped = 45`: 300 - 256.", "is judged"),
        ("`wrapped = 44`; `int((np.array([200], dtype=np.uint8) + 99)[0])` agrees.", "neither"),
        ("`wrapped = sum_of_the_two_values`.", "sum_of_the_two_values"),
        ("It is 300 - 256 = 44.", "never assigns"),
    ],
    ids=["a wrong answer", "a wrong computation", "an undefined name", "no code"],
)
def test_a_wrong_solution_text_fails_the_audit(text, words):
    wrong = dataclasses.replace(ch01.q3, solution_text=text)
    with pytest.raises((AssertionError, NameError), match=words):
        run_solution_text("01_pixels_and_rgb", wrong)


def test_a_solution_cell_whose_answer_is_wrong_fails_the_audit():
    chapter = "01_pixels_and_rgb"
    right = _notebook(chapter).cells[_solution_cell(chapter, ch01.q3)].source
    wrong = right.replace("wrapped = 44", "wrapped = 45")
    assert wrong != right
    assert run_solution_cell(chapter, ch01.q3, wrong).status == "incorrect"


# -- formulas stated in words are evaluated, not only name-checked ------------------------------
def _output_size_exercise():
    (exercise,) = [e for _, e in EXERCISES if e.kind == "code" and e.function_name == "output_size"]
    return exercise


def test_the_output_size_formulas_of_solution_and_hints_give_tfs_sizes():
    exercise = _output_size_exercise()
    label = "03_convolution_math/output_size"
    assert check_formulas(exercise, exercise.solution_text, label) == 2
    assert check_formulas(exercise, " ".join(exercise.hints), label) == 3


@pytest.mark.parametrize(
    "text",
    [
        "VALID gives `(n - k) // s`, SAME `-(-n // s)`.",  # the first position forgotten
        "VALID gives `(n - k) // s + 1`, SAME `n // s`.",  # SAME rounded down
        "SAME gives `(n - k) // s + 1`.",  # the VALID rule under SAME's name
    ],
)
def test_a_wrong_formula_fails_the_audit(text):
    with pytest.raises(AssertionError, match=r"gives \d+ for"):
        check_formulas(_output_size_exercise(), text, "a wrong text")
