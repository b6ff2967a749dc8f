"""``make experiments``: how long the stored training run took (target: under 30 minutes).

The run takes about half an hour, too long to repeat inside ``make bench``, so
this item reads the timing the run recorded in its results file
(``provenance.wall_seconds``), with the machine and date it ran on, and the
sum of the per-job training and evaluation times as a cross-check.
"""

from __future__ import annotations

from collections.abc import Callable

from benchmarks.report import Row, at_most
from benchmarks.stats import summarize

LIMIT_SECONDS = 30 * 60


def experiment_rows(log: Callable[[str], None] = print) -> list[Row]:
    """One row: the stored run's wall-clock time against the 30-minute target."""
    from companion.experiments import load_results

    try:
        results = load_results()
    except FileNotFoundError as error:
        return [Row("make experiments", "stored run", note=f"not measured ({error})")]
    made = results["provenance"]
    wall = float(made["wall_seconds"])
    jobs = sum(
        sum(m["metrics"]["train_seconds"]) + sum(m["metrics"]["eval_seconds"])
        for m in results["models"].values()
    )
    count = len(results["models"]) * len(results["seeds"])
    log(f"experiments: stored run {wall:.0f} s for {count} jobs")
    return [
        Row(
            "make experiments",
            f"{len(results['models'])} configurations x {len(results['seeds'])} seeds",
            summary=summarize([wall]),
            checks=[at_most(wall, LIMIT_SECONDS, "wall <= 30 min")],
            note=(
                f"recorded by the run on {made['date']} ({made['machine']}); the {count} jobs'"
                f" own times add up to {jobs:.0f} s over 2 worker processes"
            ),
        )
    ]
