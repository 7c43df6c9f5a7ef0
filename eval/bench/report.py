"""`poaqa bench`'s tables (markdown, also read on a terminal), the ratios between configurations, and its JSON."""

from __future__ import annotations

import dataclasses
import json
import statistics
from collections.abc import Mapping, Sequence
from pathlib import Path

from eval.bench.build import BuildRun
from eval.bench.load import LoadRun
from eval.bench.run import CONFIGURED, BenchResult
from eval.bench.scale import ScaleRow
from eval.bench.stages import ENCODE, NEW, NORMALISE, REPEATED
from eval.bench.stats import Summary
from eval.report import markdown_table

STAGE_ORDER = (ENCODE, NORMALISE, "analyze", "dense", "clause", "bm25", "fusion", "rerank", "judge", REPEATED, NEW)


def _ms(value: float) -> str:
    return f"{value:.1f}"


def _timings(summary: Summary) -> list[str]:
    return [_ms(summary.p50), _ms(summary.p95), _ms(summary.p99), _ms(summary.mean)]


def stage_table(stages: Mapping[str, Summary]) -> str:
    """One row per step, in pipeline order: p50/p95/p99/mean in ms."""
    names = [name for name in STAGE_ORDER if name in stages] + [n for n in stages if n not in STAGE_ORDER]
    return markdown_table(["step", "n", "p50 ms", "p95 ms", "p99 ms", "mean ms"],
                          [[name, str(stages[name].n), *_timings(stages[name])] for name in names])


def load_table(runs: Sequence[LoadRun]) -> str:
    """One row per HTTP run."""
    rows = [[r.variant, r.questions, str(r.clients), str(r.requests),
             ", ".join(f"{n} {kind}" for kind, n in r.error_kinds.items()) or "0", f"{r.throughput:.1f}",
             _ms(r.latency.p50), _ms(r.latency.p95), _ms(r.latency.p99)] for r in runs]
    return markdown_table(["settings", "questions", "clients", "requests", "errors", "q/s", "p50 ms", "p95 ms",
                           "p99 ms"], rows)


def ratio_table(runs: Sequence[LoadRun]) -> str:
    """For new and repeated questions at each client count, how many times better the configured settings did than
    each variant in the same run (the ratios hold where absolute times are noisy), medians over their turns:
    throughput configured / variant, p95 variant / configured; above 1, the configured settings are faster."""
    by_setting: dict[tuple[str, str, int], list[LoadRun]] = {}
    for r in runs:
        if r.questions in ("new", "repeated"):
            by_setting.setdefault((r.variant, r.questions, r.clients), []).append(r)
    rows = []
    for (variant, questions, clients), turns in by_setting.items():
        base = by_setting.get((CONFIGURED, questions, clients))
        if variant == CONFIGURED or not base:
            continue
        throughput = statistics.median(r.throughput for r in turns)
        p95 = statistics.median(r.latency.p95 for r in turns)
        base_throughput = statistics.median(r.throughput for r in base)
        base_p95 = statistics.median(r.latency.p95 for r in base)
        rows.append([variant, questions, str(clients), str(len(turns)),
                     f"{base_throughput / throughput:.2f}" if throughput else "n/a",
                     f"{p95 / base_p95:.2f}" if base_p95 else "n/a"])
    return markdown_table(["against", "questions", "clients", "turns", "q/s: configured ÷ it",
                           "p95: it ÷ configured"], rows)


def build_table(builds: Sequence[BuildRun], first_answer: Mapping[str, float]) -> str:
    rows = [[b.label, f"{b.seconds:.1f}", str(b.embedded), f"{b.texts_per_second:.1f}" if b.texts_per_second
             else "n/a", f"{b.peak_rss_mib:.0f}"] for b in builds]
    rows += [[f"`poaqa serve` on an empty var/ to its first answer, {how}", f"{seconds:.1f}", "", "", ""]
             for how, seconds in first_answer.items()]
    return markdown_table(["index build", "seconds", "texts embedded", "texts/s", "peak RSS MiB"], rows)


def scale_table(rows: Sequence[ScaleRow]) -> str:
    return markdown_table(
        ["chunks", "index", "build s", "memory MiB", "p50 ms", "p95 ms", "recall@10", "peak RSS MiB"],
        [[f"{r.size:,}", r.index, f"{r.build_seconds:.1f}", f"{r.memory_mib:.0f}", f"{r.latency.p50:.2f}",
          f"{r.latency.p95:.2f}", "n/a" if r.recall_at_10 is None else f"{r.recall_at_10:.3f}",
          f"{r.peak_rss_mib:.0f}"] for r in rows])


def write_json(result: BenchResult, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dataclasses.asdict(result), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
