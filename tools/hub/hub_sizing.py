"""Memory per learner, as measured by ``make hub-test``, and what a class needs.

The hub test measures a learner's server (``jupyterhub-singleuser``) and their
kernel: after ``import companion``, after TensorFlow is imported, and at the
peak of running chapters through the server. From those numbers:

- in use without TensorFlow: server + kernel with the companion;
- in use with TensorFlow: server + the kernel's peak;
- memory guarantee: in use with TensorFlow, plus ``HEADROOM``, rounded up to
  ``STEP_MIB`` (what the hub reserves for every learner);
- memory limit: the server with two such kernels (a second notebook left
  open), plus ``HEADROOM``, rounded up (beyond it the kernel is killed).

``python tools/hub/hub_sizing.py [memory.json]`` prints the guide's table, from the
stored measurement or from the one the hub test wrote (``_build/hub/memory.json``).
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

HEADROOM = 1.25
STEP_MIB = 256
CLASS_SIZES = (30, 100, 300)
MIB_PER_GIB = 1024


@dataclass(frozen=True)
class Measurement:
    """One learner's memory in MiB (resident set size), and where it was measured."""

    machine: str
    date: str
    chapters: str
    server_mib: float
    kernel_companion_mib: float
    kernel_tensorflow_mib: float
    kernel_peak_mib: float


# Measured by `make hub-test` (tests/test_hub.py); update with the numbers it prints.
MEASURED = Measurement(
    machine="2-core x86-64 Linux virtual machine (23 GiB, Debian 12), Python 3.11, "
    "JupyterHub 6.1, TensorFlow 2.21 for the CPU",
    date="2026-11-28",
    chapters="03_convolution_math, 05_invariance",
    server_mib=161,
    kernel_companion_mib=63,
    kernel_tensorflow_mib=694,
    kernel_peak_mib=967,
)


def _round_up(mib: float) -> int:
    return STEP_MIB * math.ceil(mib / STEP_MIB)


def in_use_without_tensorflow(m: Measurement = MEASURED) -> float:
    return m.server_mib + m.kernel_companion_mib


def in_use_with_tensorflow(m: Measurement = MEASURED) -> float:
    return m.server_mib + max(m.kernel_tensorflow_mib, m.kernel_peak_mib)


def guarantee_mib(m: Measurement = MEASURED) -> int:
    """The memory guarantee per learner, in MiB (``1536`` is written ``1536M``)."""
    return _round_up(in_use_with_tensorflow(m) * HEADROOM)


def limit_mib(m: Measurement = MEASURED) -> int:
    """The memory limit per learner, in MiB: room for two notebooks with TensorFlow."""
    two_kernels = m.server_mib + 2 * max(m.kernel_tensorflow_mib, m.kernel_peak_mib)
    return _round_up(two_kernels * HEADROOM)


def _gib(mib: float) -> str:
    return f"{mib / MIB_PER_GIB:.1f}"


def markdown_table(m: Measurement = MEASURED) -> str:
    """The guide's sizing table: GiB for each class size."""
    rows = [
        "| learners | in use without TensorFlow | in use with TensorFlow (peak) "
        "| reserved (guarantee) | everyone at the limit |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for n in CLASS_SIZES:
        cells = (
            n * in_use_without_tensorflow(m),
            n * in_use_with_tensorflow(m),
            n * guarantee_mib(m),
            n * limit_mib(m),
        )
        rows.append(f"| {n} | " + " | ".join(f"{_gib(c)} GiB" for c in cells) + " |")
    return "\n".join(rows)


def measurement_table(m: Measurement = MEASURED) -> str:
    """The measured numbers, one learner, in MiB."""
    rows = [
        "| one learner | MiB |",
        "| --- | ---: |",
        f"| server (`jupyterhub-singleuser`) | {m.server_mib:.0f} |",
        f"| kernel after `import companion` (no TensorFlow) | {m.kernel_companion_mib:.0f} |",
        f"| kernel after importing TensorFlow | {m.kernel_tensorflow_mib:.0f} |",
        f"| kernel, peak while running the chapters | {m.kernel_peak_mib:.0f} |",
        f"| memory guarantee (in use with TensorFlow + {HEADROOM - 1:.0%}) | {guarantee_mib(m)} |",
        f"| memory limit (two notebooks with TensorFlow + {HEADROOM - 1:.0%}) | {limit_mib(m)} |",
    ]
    return "\n".join(rows)


def load(path: Path) -> Measurement:
    return Measurement(**json.loads(path.read_text(encoding="utf-8")))


def dump(m: Measurement, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(m), indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    measured = load(Path(sys.argv[1])) if len(sys.argv) > 1 else MEASURED
    print(measurement_table(measured), end="\n\n")
    print(markdown_table(measured))
