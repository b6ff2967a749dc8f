"""The benchmark command's helpers: statistics, targets and the table, on made-up timings.

Nothing here measures anything: ``make bench`` does that.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import report, stats, testlog


def test_summary_interpolates_between_the_two_nearest_samples():
    # Worked by hand: sorted 0.1..0.5, p95 sits at position 0.95 * 4 = 3.8, so
    # 0.4 + 0.8 * (0.5 - 0.4) = 0.48; the median is the middle sample.
    summary = stats.summarize([0.4, 0.1, 0.3, 0.2, 0.5])
    assert summary.median == pytest.approx(0.3)
    assert summary.p95 == pytest.approx(0.48)
    assert stats.summarize([7.0]).p95 == 7.0


def test_summary_of_synthetic_timings():
    summary = stats.summarize([0.010] * 19 + [0.200])
    assert summary.n == 20
    assert summary.median == pytest.approx(0.010)
    assert summary.p95 == pytest.approx(0.010 + 0.190 * 0.05)
    assert (summary.min, summary.max) == (0.010, 0.200)


@pytest.mark.parametrize("samples", [[], [0.1, float("nan")], [0.1, float("inf")]])
def test_summary_rejects_empty_or_non_finite_samples(samples):
    with pytest.raises(ValueError, match="`samples`"):
        stats.summarize(samples)


def test_time_calls_returns_one_sample_per_repeat():
    calls = []
    samples = stats.time_calls(lambda: calls.append(1), 4, warmup=2)
    assert len(samples) == 4 and len(calls) == 6
    assert all(sample >= 0 for sample in samples)


def test_ratio_is_the_baselines_median_over_ours():
    row = report.Row(
        "x", "y", stats.summarize([0.01, 0.01]), baseline_summary=stats.summarize([0.05])
    )
    assert row.ratio == pytest.approx(5.0)


def test_result_passes_only_when_every_check_holds():
    summary = stats.summarize([0.02])
    passing = report.Row("a", "b", summary, checks=[report.at_most(0.02, 0.05, "p95 <= 50 ms")])
    failing = report.Row(
        "a",
        "b",
        summary,
        checks=[report.at_most(0.02, 0.05, "p95"), report.at_least(2.0, 3.0, ">= 3x")],
    )
    assert passing.result == "PASS"
    assert failing.result == "MISS (>= 3x)"
    assert report.Row("a", "b").result == "not measured"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.0000123, "12 µs"), (0.0123, "12.3 ms"), (4.56, "4.56 s"), (125.0, "2 min 5 s")],
)
def test_seconds_are_formatted_in_a_readable_unit(seconds, text):
    assert report.format_seconds(seconds) == text


def test_bytes_are_formatted_in_decimal_units():
    assert [report.format_bytes(n) for n in (950, 12_300, 1_520_000)] == [
        "950 B",
        "12.3 kB",
        "1.52 MB",
    ]


def test_markdown_table_has_a_header_a_rule_and_aligned_rows():
    rows = [
        report.Row("live update", "demo | one", stats.summarize([0.01, 0.02])),
        report.Row("page bytes", "intro.html", size=2_000_000),
    ]
    lines = report.markdown_table(rows).splitlines()
    assert lines[0].startswith("| Item") and set(lines[1]) <= {"|", "-"}
    assert len(lines) == 4 and len({len(line) for line in lines}) == 1
    assert "demo \\| one" in lines[2]


def test_results_are_written_as_markdown_and_json(tmp_path):
    row = report.Row("import", "import companion", stats.summarize([0.4]), samples=[0.4])
    markdown, data = report.write_results([row], tmp_path, {"mode": "quick"})
    assert "| import" in markdown.read_text(encoding="utf-8")
    loaded = json.loads(data.read_text(encoding="utf-8"))
    assert loaded["rows"][0]["summary"]["median"] == 0.4
    assert loaded["meta"] == {"mode": "quick"}


def test_make_test_phases_are_read_from_its_log():
    log = "== lint\n...\n== lint: 4 s\n== unit\n== unit: 61 s\nnoise == x: 3 s\n"
    assert testlog.parse_phases(log) == {"lint": 4.0, "unit": 61.0}
