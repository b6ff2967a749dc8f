"""Item 3: ``import companion`` in a fresh interpreter: its time, and that TF stays out.

Each sample is a new ``python`` process that times the import itself
(``time.perf_counter`` around it, interpreter start-up excluded: a learner's
kernel is already running) and reports whether ``tensorflow`` got imported.
"""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.report import Check, Row, at_most
from benchmarks.stats import summarize

__all__ = ["import_rows"]

IMPORT_LIMIT = 1.0  # seconds

_PROBE = (
    "import json, sys, time\n"
    "start = time.perf_counter()\n"
    "import companion\n"
    "seconds = time.perf_counter() - start\n"
    "print(json.dumps({'seconds': seconds, 'tensorflow': 'tensorflow' in sys.modules}))\n"
)


def probe_import(python: str = sys.executable) -> tuple[float, bool]:
    """(seconds to ``import companion``, whether TF got imported) in a fresh process."""
    done = subprocess.run(
        [python, "-c", _PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return float(data["seconds"]), bool(data["tensorflow"])


def import_rows(*, repeats: int, log=print) -> list[Row]:
    log("import companion (fresh processes)")
    probe_import()  # warm the OS file cache: later samples are what a second start costs
    results = [probe_import() for _ in range(repeats)]
    samples = [seconds for seconds, _ in results]
    summary = summarize(samples)
    tf_loaded = any(tf for _, tf in results)
    return [
        Row(
            "import",
            "import companion (fresh process)",
            summary,
            checks=[
                at_most(summary.p95, IMPORT_LIMIT, "p95 <= 1 s"),
                Check("TF not imported", not tf_loaded),
            ],
            samples=samples,
        )
    ]
