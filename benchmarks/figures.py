"""Small helpers the benchmark scripts share: a median of timed runs and a 95th percentile."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_time(action: Callable[[], object], runs: int) -> float:
    """Median seconds of ``runs`` calls of ``action``."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def p95(values: list[float]) -> float:
    """The 95th percentile of ``values`` (nearest rank)."""
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]
