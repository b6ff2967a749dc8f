"""Train and measure every (configuration, seed) pair, in parallel worker processes.

Each job trains one configuration with one seed (:func:`train`) and measures
it on the fixed test digits (:func:`grid_metrics`). Jobs are independent and
deterministic, so the same job gives the same numbers whichever worker runs
it. Workers run TensorFlow on one thread each: on a 2-core machine two small
models train faster side by side than one after the other.
"""

from __future__ import annotations

import datetime
import os
import platform
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

import numpy as np

from companion.experiments.architectures import SPECS, spec
from companion.experiments.evaluation import GRID_SHIFT, grid_classes, grid_metrics
from companion.experiments.results import code_hash
from companion.experiments.training import SETTINGS, Trained, train

__all__ = ["LEARNED", "retrain", "run_experiments", "run_job"]

#: (model, seed) pairs whose first convolution is stored, for the chapter's look inside.
LEARNED = (("max_gap", 0),)


def run_job(name: str, seed: int) -> dict[str, Any]:
    """Train ``name`` with ``seed`` and measure it: metrics and training facts, JSON-ready."""
    return retrain(name, seed)[1]


def retrain(name: str, seed: int) -> tuple[Trained, dict[str, Any]]:
    """Train ``name`` with ``seed`` here and now: the trained model and its measured job.

    What :func:`run_experiments` does for each job; the chapter "Invariance"
    calls it once to show that a stored number comes back. TensorFlow runs on
    one thread, as in the runner's workers: with op determinism, the same
    seed then gives the same network bit for bit, while another thread count
    changes the order of float sums and, through training, the network.
    """
    from companion import digits
    from companion.tf_support import deterministic_ops

    _one_thread()

    split = digits.train_test(seed=SETTINGS["test_split_seed"])
    # On the CPU, as the stored results were made (a GPU sums in another order),
    # with op determinism for this block only.
    with deterministic_ops() as tf, tf.device("/CPU:0"):
        trained = train(name, split.x_train, split.y_train, seed=seed)
        start = time.perf_counter()
        classes = grid_classes(trained.predict, split.x_test, GRID_SHIFT)
    metrics = grid_metrics(classes, split.y_test)
    metrics.update(
        epochs=trained.epochs,
        best_epoch=trained.best_epoch,
        val_loss=trained.val_loss,
        train_seconds=trained.seconds,
        train_cpu_seconds=trained.cpu_seconds,
        eval_seconds=time.perf_counter() - start,
        params=int(sum(int(np.prod(w.shape)) for w in trained.model.trainable_weights)),
    )
    job: dict[str, Any] = {"name": name, "seed": seed, "metrics": metrics}
    if (name, seed) in LEARNED:
        kernel, bias = (np.asarray(w) for w in _first_conv(trained.model).get_weights())
        job["first_layer"] = {
            "model": name,
            "seed": seed,
            "kernel": np.round(kernel, 6).tolist(),
            "bias": np.round(bias, 6).tolist(),
        }
    return trained, job


def _first_conv(model: Any) -> Any:
    for layer in model.layers:
        if layer.name == "conv_1":
            return layer
    raise LookupError("the model has no layer 'conv_1'")


def _init_worker() -> None:
    os.environ["TF_NUM_INTRAOP_THREADS"] = "1"
    os.environ["TF_NUM_INTEROP_THREADS"] = "1"


def _one_thread() -> None:
    """Make TensorFlow in this process use one thread, or say why it cannot."""
    import sys
    import warnings

    if "tensorflow" not in sys.modules:
        _init_worker()
        return
    # TF reads these variables when it starts; set before, they are what it runs on.
    if os.environ.get("TF_NUM_INTRAOP_THREADS") != "1":
        warnings.warn(
            "TensorFlow was started before with more than one thread: a retrained model can"
            " differ from the stored one for the same seed (restart the kernel to reproduce it"
            " exactly).",
            stacklevel=3,
        )


def run_experiments(
    names: Sequence[str] | None = None,
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
    *,
    workers: int = 2,
    progress: Callable[[str], None] | None = print,
    expected_seconds: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """Every job of ``names`` x ``seeds``; returns the results dict (no claims yet).

    ``progress`` gets one line per finished job (``None``: silent).
    ``expected_seconds`` (per configuration, e.g. from the last run) puts the
    longest jobs first, so that no worker is left with a long job at the end
    while the other idles. The order never changes a number: each job is
    seeded on its own.
    """
    names = list(names) if names is not None else list(SPECS)
    for name in names:
        spec(name)
    seeds = [int(s) for s in seeds]
    if not seeds or len(set(seeds)) != len(seeds) or min(seeds) < 0:
        raise ValueError(f"`seeds` must be distinct non-negative ints; got {seeds}.")
    jobs = [(name, seed) for seed in seeds for name in names]
    if expected_seconds:
        jobs.sort(key=lambda job: -float(expected_seconds.get(job[0], 0.0)))
    made_by = code_hash(SETTINGS)  # the code as it is when training starts
    start, cpu_start = time.perf_counter(), time.process_time()
    done: dict[tuple[str, int], dict[str, Any]] = {}

    def finished(job: dict[str, Any]) -> None:
        done[(job["name"], job["seed"])] = job
        if progress:
            m = job["metrics"]
            progress(
                f"{job['name']:18s} seed {job['seed']}: accuracy {m['accuracy']:.3f},"
                f" consistency {m['consistency']:.3f}, {m['epochs']} epochs,"
                f" {m['train_seconds']:.0f} s"
            )

    if workers <= 1:  # in this process, on one thread like the workers
        _one_thread()
        for name, seed in jobs:
            finished(run_job(name, seed))
    else:
        context = get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker) as pool:
            for future in [pool.submit(run_job, name, seed) for name, seed in jobs]:
                finished(future.result())
    models: dict[str, Any] = {}
    for name in names:
        per_seed = [done[(name, seed)]["metrics"] for seed in seeds]
        models[name] = {
            "description": SPECS[name].description,
            "label": SPECS[name].label,
            "metrics": {key: [m[key] for m in per_seed] for key in per_seed[0]},
        }
    learned = [job["first_layer"] for job in done.values() if "first_layer" in job]
    return {
        "seeds": seeds,
        "provenance": _provenance(
            made_by, time.perf_counter() - start, time.process_time() - cpu_start
        ),
        "models": models,
        "first_layer": learned[0] if learned else None,
        "claims": [],
    }


def _provenance(made_by: str, seconds: float, cpu_seconds: float) -> dict[str, Any]:
    import sklearn

    from companion.tf_support import import_tensorflow

    tf = import_tensorflow()
    return {
        "code_hash": made_by,
        "settings": dict(SETTINGS),
        "grid_shift": GRID_SHIFT,
        "date": datetime.date.today().isoformat(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "tensorflow": tf.__version__,
        "keras": tf.keras.__version__,
        "scikit_learn": sklearn.__version__,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "wall_seconds": round(seconds, 1),
        "note": "CPU seconds of the worker processes are in each model's train_cpu_seconds",
        "parent_cpu_seconds": round(cpu_seconds, 1),
    }
