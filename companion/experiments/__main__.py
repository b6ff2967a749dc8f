"""Command line: ``python -m companion.experiments {run,verify,check,claims}``.

- ``run [--seeds 0,1,2,3,4]``: train and measure every configuration with
  every seed, check the claims, write ``book/results/invariance.json``
  (``make experiments``);
- ``verify --seeds 7,8``: retrain the models the claims name with other seeds
  and check every claim on them; prints one line per claim, then
  ``N/M claims hold for seeds ...``; exit status 0 only if all hold
  (``--store`` adds the outcome to the results file's ``verifications``);
- ``check``: exit status 1 if the stored results are stale for the code
  (another code hash) or their claims differ from the code's;
- ``claims``: re-check the code's claims on the stored results and store them
  (no training).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from companion.experiments.claims import CLAIMS, check_claims
from companion.experiments.results import RESULTS_PATH, code_hash, load_results
from companion.experiments.runner import run_experiments
from companion.experiments.training import SETTINGS


def _seeds(text: str) -> list[int]:
    try:
        seeds = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"seeds must be integers like 7,8; got {text!r}") from None
    if not seeds or min(seeds) < 0 or len(set(seeds)) != len(seeds):
        raise argparse.ArgumentTypeError(f"seeds must be distinct integers >= 0; got {text!r}")
    return seeds


def _write(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=1, sort_keys=False)
    path.write_text(text + "\n", encoding="utf-8")


def _with_claims(results: dict[str, Any]) -> list[str]:
    checks = check_claims(results)
    results["claims"] = [
        {**c.claim.to_json(), "holds": c.holds, "seeds_holding": c.seeds_holding} for c in checks
    ]
    return [c.line for c in checks]


#: Metrics that time a job rather than measure a model.
_TIMINGS = ("train_seconds", "train_cpu_seconds", "eval_seconds")


def _job_seconds(results: dict[str, Any] | None) -> dict[str, float]:
    """Mean seconds (training + evaluation) per configuration in earlier results."""
    if not results:
        return {}
    return {
        name: float(np.mean(model["metrics"]["train_seconds"]))
        + float(np.mean(model["metrics"]["eval_seconds"]))
        for name, model in results.get("models", {}).items()
        if "train_seconds" in model.get("metrics", {})
    }


def _carry_over(previous: dict[str, Any], results: dict[str, Any]) -> None:
    """Keep the record of earlier checks, and say whether this run measured the same numbers.

    ``verifications`` are records of past re-checks, each with the code hash it
    ran under; a new run keeps them. ``provenance.previous_run`` compares
    every metric except timings with the results this run replaces.
    """
    if previous.get("verifications"):
        results["verifications"] = previous["verifications"]

    def measured(res: dict[str, Any]) -> dict[str, Any]:
        return {
            name: {k: v for k, v in model["metrics"].items() if k not in _TIMINGS}
            for name, model in res.get("models", {}).items()
        }

    same_jobs = previous.get("seeds") == results["seeds"]
    old = previous.get("provenance", {})
    results["provenance"]["previous_run"] = {
        "code_hash": old.get("code_hash"),
        "date": old.get("date"),
        "wall_seconds": old.get("wall_seconds"),
        "same_metrics": same_jobs and measured(previous) == measured(results),
    }


def staleness(results: dict[str, Any]) -> list[str]:
    """Why the stored results no longer match the code (empty when they do)."""
    problems = []
    stored = results.get("provenance", {}).get("code_hash")
    now = code_hash(SETTINGS)
    if stored != now:
        problems.append(
            f"the results were made by code {stored}, the code is now {now}:"
            " run `make experiments` to re-make them"
        )
    stored_claims = [
        {k: v for k, v in c.items() if k not in ("holds", "seeds_holding")}
        for c in results.get("claims", [])
    ]
    if stored_claims != [c.to_json() for c in CLAIMS]:
        problems.append(
            "the stored claims differ from companion.experiments.claims.CLAIMS:"
            " run `python -m companion.experiments claims` to re-check and store them"
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m companion.experiments",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="train every configuration with every seed; store results")
    run.add_argument("--seeds", type=_seeds, default=[0, 1, 2, 3, 4])
    run.add_argument("--workers", type=int, default=2)
    run.add_argument("--out", type=Path, default=RESULTS_PATH)
    verify = sub.add_parser("verify", help="re-check every claim with other seeds")
    verify.add_argument("--seeds", type=_seeds, required=True)
    verify.add_argument("--workers", type=int, default=2)
    verify.add_argument(
        "--store", action="store_true", help="record the outcome in the stored results"
    )
    sub.add_parser("check", help="fail if the stored results are stale")
    sub.add_parser("claims", help="re-check the claims on the stored results and store them")
    args = parser.parse_args(argv)

    if args.command == "run":
        previous = load_results(args.out) if args.out.exists() else None
        results = run_experiments(
            seeds=args.seeds, workers=args.workers, expected_seconds=_job_seconds(previous)
        )
        for line in _with_claims(results):
            print(line)
        if previous is not None:
            _carry_over(previous, results)
        _write(results, args.out)
        print(f"wrote {args.out} ({results['provenance']['wall_seconds']} s)")
        return 0
    if args.command == "verify":
        names = sorted({n for c in CLAIMS for n in (c.left, c.right) if n is not None})
        stored = load_results() if RESULTS_PATH.exists() else None
        results = run_experiments(
            names, args.seeds, workers=args.workers, expected_seconds=_job_seconds(stored)
        )
        checks = check_claims(results)
        for check in checks:
            print(check.line)
        held = sum(c.holds for c in checks)
        seeds = ", ".join(str(s) for s in args.seeds)
        print(f"{held}/{len(checks)} claims hold for seeds {seeds}")
        if args.store:
            stored = load_results()
            stored.setdefault("verifications", []).append(
                {
                    "seeds": list(args.seeds),
                    "date": results["provenance"]["date"],
                    "code_hash": results["provenance"]["code_hash"],
                    "held": held,
                    "total": len(checks),
                    "claims": {c.claim.id: c.holds for c in checks},
                    "lines": [c.line for c in checks],
                }
            )
            _write(stored, RESULTS_PATH)
        return 0 if held == len(checks) else 1
    results = load_results()
    if args.command == "check":
        problems = staleness(results)
        for problem in problems:
            print(problem, file=sys.stderr)
        if not problems:
            print(f"results are current (code {results['provenance']['code_hash']})")
        return 1 if problems else 0
    lines = _with_claims(results)
    for line in lines:
        print(line)
    _write(results, RESULTS_PATH)
    return 0


if __name__ == "__main__":
    sys.exit(main())
