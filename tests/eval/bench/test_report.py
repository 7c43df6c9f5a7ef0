"""The benchmark's tables and JSON: stages in pipeline order, ratios between configurations of the same run."""

from __future__ import annotations

import json
from pathlib import Path

from eval.bench.load import LoadRun
from eval.bench.report import load_table, ratio_table, stage_table, write_json
from eval.bench.run import BenchResult
from eval.bench.stages import ENCODE, NEW
from eval.bench.stats import summarize


def run(variant: str, clients: int, throughput: float, p95: float) -> LoadRun:
    return LoadRun(variant=variant, questions="new", clients=clients, requests=10, errors=0, seconds=1.0,
                   throughput=throughput, latency=summarize([p95]))


def test_stages_are_listed_in_pipeline_order() -> None:
    lines = stage_table({NEW: summarize([30.0]), "bm25": summarize([1.0]), ENCODE: summarize([20.0])}).splitlines()
    assert [line.split("|")[1].strip() for line in lines[2:]] == [ENCODE, "bm25", NEW]


def test_each_variant_is_compared_with_the_configured_settings_at_the_same_client_count() -> None:
    runs = [run("as configured", 16, 50.0, 200.0), run("one encoder (before)", 16, 25.0, 400.0),
            run("as configured", 16, 40.0, 300.0), run("one encoder (before)", 16, 20.0, 500.0),
            run("as configured", 64, 60.0, 900.0)]
    rows = ratio_table(runs).splitlines()[2:]
    assert len(rows) == 1  # nothing to compare with at 64 clients
    # medians over the two turns: 45 and 22.5 q/s, p95 250 and 450 ms
    assert [cell.strip() for cell in rows[0].split("|")[1:-1]] == ["one encoder (before)", "new", "16", "2", "2.00",
                                                                    "1.80"]
    assert "| 50.0 |" in load_table(runs)


def test_the_json_holds_every_measurement(tmp_path: Path) -> None:
    result = BenchResult(machine={"cores": 2}, settings={"encoder_pool": 2}, stages={NEW: summarize([30.0])},
                         http=[run("as configured", 1, 30.0, 40.0)])
    write_json(result, tmp_path / "out" / "bench.json")
    data = json.loads((tmp_path / "out" / "bench.json").read_text(encoding="utf-8"))
    assert data["stages"][NEW]["p50"] == 30.0 and data["http"][0]["throughput"] == 30.0 and data["scale"] == []
