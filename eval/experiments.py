"""Named variants of the settings (a TOML file), each run over several datasets in process: the rows of RESULTS.md."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.dataset import read_dataset
from eval.metrics import SystemReport
from eval.runner import PipelineBackend, evaluate_system
from service.config import Settings, updated
from service.deps import Engine
from service.pipeline import AskPipeline

BASELINE = "baseline"  # the variant that changes nothing, always run first


@dataclass(frozen=True, slots=True)
class Variant:
    name: str
    changes: dict[str, Any]  # dotted setting name -> value, as `poaqa eval --set` takes them
    note: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    variant: str
    dataset: str
    report: SystemReport


def read_variants(path: Path) -> list[Variant]:
    """``[name]`` tables of ``group.name = value`` settings (``note`` says what the variant tests); the baseline
    (no change) comes first. Every setting is checked before anything runs."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    variants = [Variant(BASELINE, {}, "the settings as they are")]
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ValueError(f"{path}: {name!r} must be a table of settings, e.g. [{name}] then retrieval.rrf_k = 20")
        changes = {key: value for key, value in _flatten(table).items() if key != "note"}
        updated(Settings(), {k: ",".join(v) if isinstance(v, list) else v for k, v in changes.items()})
        variants.append(Variant(name, changes, str(table.get("note", ""))))
    return variants


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """TOML's dotted keys come back nested ({"retrieval": {"rrf_k": 20}}): back to "retrieval.rrf_k"."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat |= _flatten(value, f"{prefix}{key}.")
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def run_variants(engine: Engine, settings: Settings, variants: Sequence[Variant], datasets: Sequence[Path], *,
                 top_k: int = 10, progress: Callable[[str, int, int], None] | None = None) -> list[Row]:
    """Every variant over every dataset, on the loaded index (a variant changes the pipeline, not the index)."""
    rows = []
    for variant in variants:
        changes = {k: ",".join(v) if isinstance(v, list) else v for k, v in variant.changes.items()}
        pipeline = AskPipeline(engine.bundle, engine.encoder, updated(settings, changes),
                               english_encoder=engine.english_encoder)
        backend = PipelineBackend(pipeline)
        chunks = backend.chunks()
        for dataset in datasets:
            name = f"{variant.name} / {dataset.stem}"
            _, report = evaluate_system(backend, read_dataset(dataset), top_k, name=name, chunks=chunks,
                                        progress=progress)
            rows.append(Row(variant.name, dataset.stem, report))
    return rows


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _delta(ours: float | None, theirs: float | None) -> str:
    return "" if ours is None or theirs is None else f"{ours - theirs:+.3f}"


def variants_table(rows: Sequence[Row]) -> str:
    """One line per variant and dataset: ranking, abstention and answer figures, and the change in R@5, MRR@10 and
    abstention F1 against the baseline on the same dataset."""
    base = {row.dataset: row.report for row in rows if row.variant == BASELINE}
    lines = ["| variant | dataset | R@5 | MRR@10 | abstain P/R/F1 | answer acc | ΔR@5 | ΔMRR | ΔF1 |",
             "|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        report, reference = row.report, base.get(row.dataset)
        metrics = report.overall.metrics
        abstention = report.abstention
        f1 = abstention.f1 if abstention else None
        answers = report.answers

        is_base = row.variant == BASELINE
        ref_metrics = reference.overall.metrics if reference and not is_base else {}
        ref_f1 = reference.abstention.f1 if reference and reference.abstention and not is_base else None
        lines.append(
            f"| {row.variant} | {row.dataset} | {_figure(metrics.get('recall@5'))} | {_figure(metrics.get('mrr@10'))} "
            f"| {f'{abstention.precision:.2f}/{abstention.recall:.2f}/{abstention.f1:.2f}' if abstention else 'n/a'} "
            f"| {_figure(answers.accuracy if answers else None)} "
            f"| {_delta(metrics.get('recall@5'), ref_metrics.get('recall@5'))} "
            f"| {_delta(metrics.get('mrr@10'), ref_metrics.get('mrr@10'))} | {_delta(f1, ref_f1)} |")
    return "\n".join(lines)
