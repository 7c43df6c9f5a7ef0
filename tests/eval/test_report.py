"""Tables, the JSON report, the worst-first per-question report and TREC files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.dataset import EvalItem
from eval.metrics import SystemReport, evaluate_run
from eval.report import (
    baseline_figures,
    group_table,
    per_question_markdown,
    systems_table,
    trec_qrels,
    trec_run,
    write_outputs,
)
from eval.runner import Answer, CorpusChunk, Passage, SystemRun

ITEMS = [EvalItem("hit", "问一？", "factoid", ("a.txt",), ("金句一",)),
         EvalItem("late", "问二？", "paraphrase", ("a.txt",), ("金句二",)),
         EvalItem("miss", "问三？", "section", ("a.txt",), ("金句三",)),
         EvalItem("none", "问四？", "unanswerable", (), ())]
CHUNKS = (CorpusChunk("c1", "a.txt", "金句一"), CorpusChunk("c2", "a.txt", "金句二"),
          CorpusChunk("c3", "a.txt", "金句三"), CorpusChunk("cx", "a.txt", "别的"))


def _run(*, citations: bool) -> SystemRun:
    def answer(qid: str, *ids: str) -> Answer:
        texts = {c.chunk_id: c.text for c in CHUNKS}
        return Answer(qid, tuple(Passage(c, r, 1.0 / r, texts[c], "a.txt", f"第{r}段") for r, c in
                                 enumerate(ids, start=1)), latency_ms=5.0)
    answers = {"hit": answer("hit", "c1", "cx"), "late": answer("late", "cx", "c1", "c2"),
               "miss": answer("miss", "cx", "c1"), "none": answer("none", "cx")}
    return SystemRun("main" if citations else "naive", "hybrid", answers, CHUNKS, has_citations=citations)


@pytest.fixture
def report() -> SystemReport:
    return evaluate_run(ITEMS, _run(citations=False), None)


def test_systems_table_says_na_for_what_was_not_measured(report: SystemReport) -> None:
    table = systems_table([report])
    header, rule, row = table.splitlines()
    assert header.split("|")[1].strip() == "system" and "R@5" in header
    assert "abstain P/R/F1" in header and "answer acc/P" in header
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[:4] == ["naive", "hybrid", "3", "0.333"]  # R@1: only "hit"
    assert cells[-4:-2] == ["n/a", "n/a"]  # faithfulness, abstention


def test_group_table_has_a_row_per_group_with_mean_length(report: SystemReport) -> None:
    lines = group_table(report.by_type, "type").splitlines()
    assert [line.split("|")[1].strip() for line in lines[2:]] == ["factoid", "paraphrase", "section", "unanswerable"]
    assert "len@5" in lines[0]
    assert lines[-1].count("n/a") == 7  # unanswerable: no ranking figures, no coverage


def test_per_question_report_lists_misses_first_then_worst_rank(report: SystemReport) -> None:
    text = per_question_markdown(report, ITEMS, _run(citations=False))
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert [h.split(" · ")[0] for h in headings] == ["## miss", "## late", "## hit", "## none"]
    assert "## miss · section · MISS" in text and "- gold: 金句三" in text
    assert "first relevant at rank 3" in headings[1]
    miss_block = text.split("## miss")[1].split("## late")[0]
    assert "1. a.txt · 第1段 · `cx`: 别的" in miss_block and "2. a.txt · 第2段 · `c1`: 金句一" in miss_block


def test_trec_files_have_one_line_per_ranked_or_judged_chunk(report: SystemReport) -> None:
    lines = trec_run(report.run, "naive").splitlines()
    assert lines[:2] == ["hit Q0 c1 1 1.000000 naive", "hit Q0 cx 2 0.500000 naive"]
    assert "late Q0 c2 3 0.333333 naive" in lines
    assert trec_qrels(report.qrels).splitlines() == ["hit 0 c1 1", "late 0 c2 1", "miss 0 c3 1"]


def test_write_outputs_writes_the_json_report_and_run_files(tmp_path: Path, report: SystemReport) -> None:
    paths = write_outputs(tmp_path / "out", [report], {"naive": _run(citations=False)}, ITEMS, {"top_k": 10})
    assert {p.name for p in paths} == {"report.json", "per_question.md", "run.naive.trec", "qrels.naive.trec"}
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["top_k"] == 10
    overall = data["systems"]["naive"]["overall"]
    assert overall["recall@10"] == pytest.approx(2 / 3) and overall["ranked"] == 3
    assert data["systems"]["naive"]["faithfulness"] is None


def test_baseline_figures_hold_recall_and_mrr(report: SystemReport) -> None:
    figures = baseline_figures(report, {"dataset": "d.jsonl", "top_k": 10})
    assert figures["recall@5"] == pytest.approx(2 / 3, abs=1e-4)
    assert figures["mrr@10"] == pytest.approx((1 + 1 / 3) / 3, abs=1e-4)
    assert figures["dataset"] == "d.jsonl"
