"""Timing summaries: numpy's percentiles, and zeros for no timings."""

from __future__ import annotations

import numpy as np
import pytest

from eval.bench.stats import Summary, summarize


def test_a_summary_holds_the_percentiles_mean_and_maximum() -> None:
    values = [float(v) for v in range(1, 101)]
    summary = summarize(values)
    assert summary.n == 100 and summary.max == 100.0 and summary.mean == pytest.approx(50.5)
    assert (summary.p50, summary.p95, summary.p99) == pytest.approx(tuple(np.percentile(values, [50, 95, 99])))


def test_no_timings_summarise_as_zeros() -> None:
    assert summarize([]) == Summary(0, 0.0, 0.0, 0.0, 0.0, 0.0)
