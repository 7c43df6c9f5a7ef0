"""Timing summaries: percentiles of a list of milliseconds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Summary:
    """Percentiles (numpy's linear interpolation) and mean of ``n`` timings, in milliseconds."""

    n: int
    p50: float
    p95: float
    p99: float
    mean: float
    max: float


def summarize(milliseconds: Sequence[float]) -> Summary:
    """The summary of ``milliseconds``; all zeros when there are none."""
    if not milliseconds:
        return Summary(0, 0.0, 0.0, 0.0, 0.0, 0.0)
    values = np.asarray(milliseconds, dtype=float)
    p50, p95, p99 = (float(v) for v in np.percentile(values, [50, 95, 99]))
    return Summary(n=len(values), p50=p50, p95=p95, p99=p99, mean=float(values.mean()), max=float(values.max()))
