"""Terminal tables, the JSON report, the worst-first per-question report and TREC run files."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from eval.dataset import EvalItem
from eval.metrics import K_VALUES, QuestionScore, Summary, SystemReport
from eval.run import SystemRun

NA = "n/a"
TOP_SHOWN = 3
TEXT_SHOWN = 160


def _num(value: float | None, digits: int = 3) -> str:
    return NA if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return NA if value is None else f"{100 * value:.1f} %"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A markdown pipe table, padded so that it also reads well on a terminal."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def _ranking_cells(summary: Summary) -> list[str]:
    m = summary.metrics
    return [*(_num(m[f"recall@{k}"]) for k in K_VALUES), _num(m["mrr@10"]), _num(m["ndcg@10"]),
            _num(summary.mean_length, 0), _num(summary.doc_coverage)]


RANKING_HEADER = [*(f"R@{k}" for k in K_VALUES), "MRR@10", "nDCG@10", "len@5", "cov@5"]


def systems_table(reports: Sequence[SystemReport]) -> str:
    """One row per system: ranking figures, passage length, faithfulness, abstention, calibration error, answer
    sentences and latency."""
    rows = []
    for r in reports:
        faithful = NA if r.faithfulness is None else _pct(r.faithfulness.share)
        a = r.abstention
        abstain = NA if a is None else f"{a.precision:.2f}/{a.recall:.2f}/{a.f1:.2f}"
        answers = NA if r.answers is None else f"{r.answers.accuracy:.2f}/{r.answers.precision:.2f}"
        ece = NA if r.calibration is None else f"{r.calibration.ece:.3f}"
        rows.append([r.name, r.mode, str(r.overall.ranked), *_ranking_cells(r.overall), faithful, abstain, ece,
                     answers, f"{r.latency.p50_ms:.0f}", f"{r.latency.p95_ms:.0f}"])
    header = ["system", "mode", "n", *RANKING_HEADER, "faithful", "abstain P/R/F1", "ECE", "answer acc/P", "p50 ms",
              "p95 ms"]
    return markdown_table(header, rows)


def group_table(groups: Mapping[str, Summary], label: str) -> str:
    """One row per group (question type, document) of one system."""
    rows = [[name, str(s.questions), *_ranking_cells(s)] for name, s in groups.items()]
    return markdown_table([label, "n", *RANKING_HEADER], rows)


def faithfulness_lines(report: SystemReport) -> list[str]:
    if report.faithfulness is None:
        return []
    return [f"{f.qid} {f.chunk_id} spans={list(f.spans)}: {f.reason}" for f in report.faithfulness.failures]


def _summary_dict(s: Summary) -> dict[str, Any]:
    return {"questions": s.questions, "ranked": s.ranked, **s.metrics, "doc_coverage@5": s.doc_coverage,
            "mean_length@5": s.mean_length, "unreachable": s.unreachable}


def _system_dict(r: SystemReport) -> dict[str, Any]:
    faithful = None if r.faithfulness is None else {
        "share": r.faithfulness.share, "checked": r.faithfulness.checked,
        "failures": [{"qid": f.qid, "chunk_id": f.chunk_id, "doc_id": f.doc_id, "spans": f.spans,
                      "reason": f.reason} for f in r.faithfulness.failures]}
    a, c = r.abstention, r.calibration
    return {
        "mode": r.mode,
        "overall": _summary_dict(r.overall),
        "by_type": {name: _summary_dict(s) for name, s in r.by_type.items()},
        "by_document": {name: _summary_dict(s) for name, s in r.by_document.items()},
        "faithfulness": faithful,
        "abstention": None if a is None else {"precision": a.precision, "recall": a.recall, "f1": a.f1,
                                              "abstained": a.abstained, "unanswerable": a.unanswerable},
        "calibration": None if c is None else {
            "ece": c.ece, "questions": c.questions,
            "table": [{"bin": f"{low:.1f}-{low + 0.1:.1f}", "mean_confidence": confidence, "share_right": share,
                       "questions": n} for low, confidence, share, n in c.table]},
        "answer_sentences": None if r.answers is None else {
            "accuracy": r.answers.accuracy, "precision": r.answers.precision, "right": r.answers.right,
            "given": r.answers.given, "answerable": r.answers.answerable},
        "latency_ms": {"p50": r.latency.p50_ms, "p95": r.latency.p95_ms, "mean": r.latency.mean_ms},
    }


def report_dict(reports: Sequence[SystemReport], meta: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON report: how it was run (``meta``) and every system's figures."""
    return {**meta, "systems": {r.name: _system_dict(r) for r in reports}}


def baseline_figures(report: SystemReport, meta: Mapping[str, Any]) -> dict[str, Any]:
    """The main system's figures the regression test holds the service to."""
    m = report.overall.metrics
    faithful = None if report.faithfulness is None else report.faithfulness.share
    return {"dataset": meta.get("dataset"), "top_k": meta.get("top_k"), "system": report.name, "mode": report.mode,
            **{name: round(value, 4) for name, value in m.items() if value is not None},
            "faithfulness": faithful}


def _worst_first(score: QuestionScore) -> tuple[int, int, str]:
    if score.missed:
        return 0, 0, score.qid
    if score.answerable:
        return 1, -(score.first_relevant_rank or 0), score.qid
    wrong = score.abstained is False  # answered an unanswerable question
    return 2 if wrong else 3, 0, score.qid


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= TEXT_SHOWN else flat[:TEXT_SHOWN] + "…"


def per_question_markdown(report: SystemReport, items: Sequence[EvalItem], run: SystemRun) -> str:
    """Misses first, then hits from the lowest rank up, then unanswerable questions: each with the question,
    its gold quotes and the top 3 passages the system returned."""
    by_id = {item.id: item for item in items}
    lines = [f"# Per-question report: {report.name} ({report.mode})", "",
             "Order: misses (no relevant passage returned) first, then hits from the worst rank of the first "
             "relevant passage, then unanswerable questions.", ""]
    for score in sorted(report.questions, key=_worst_first):
        item = by_id[score.qid]
        if score.missed:
            status = "MISS" + (" (no chunk contains a gold quote)" if score.relevant_chunks == 0 else "")
        elif score.answerable:
            status = f"first relevant at rank {score.first_relevant_rank}"
        else:
            status = "unanswerable" + ("" if score.abstained is None else
                                       " (abstained)" if score.abstained else " (answered)")
        lines += [f"## {item.id} · {item.type} · {status}", "", f"- question: {item.question}",
                  f"- latency: {score.latency_ms:.0f} ms",
                  f"- doc: {', '.join(item.docs) or 'null'}"]
        lines += [f"- gold: {quote}" for quote in item.gold]
        if score.doc_coverage is not None:
            lines.append(f"- doc coverage@5: {score.doc_coverage:.2f}")
        answer_text = run.answers[item.id].answer_text
        if answer_text:
            mark = " ✓" if score.answer_right else ""
            lines.append(f"- answer sentence{mark}: {_clip(answer_text)}")
        relevant = report.qrels.get(item.id, {})
        for p in sorted(run.answers[item.id].passages, key=lambda p: p.rank)[:TOP_SHOWN]:
            mark = " ✓" if p.chunk_id in relevant else ""
            lines.append(f"  {p.rank}. {p.file} · {p.label} · `{p.chunk_id}`{mark}: {_clip(p.text)}")
        lines.append("")
    return "\n".join(lines)


def trec_run(run: Mapping[str, Mapping[str, float]], name: str) -> str:
    """TREC run lines: ``qid Q0 chunk_id rank score name``."""
    lines = []
    for qid, ranked in run.items():
        ordered = sorted(ranked.items(), key=lambda kv: -kv[1])
        lines += [f"{qid} Q0 {chunk_id} {rank} {score:.6f} {name}"
                  for rank, (chunk_id, score) in enumerate(ordered, start=1)]
    return "\n".join(lines) + "\n"


def trec_qrels(qrels: Mapping[str, Mapping[str, int]]) -> str:
    """TREC qrels lines: ``qid 0 chunk_id relevance``."""
    return "\n".join(f"{qid} 0 {chunk_id} {rel}" for qid, judged in qrels.items()
                     for chunk_id, rel in judged.items()) + "\n"


def write_outputs(out_dir: Path, reports: Sequence[SystemReport], runs: Mapping[str, SystemRun],
                  items: Sequence[EvalItem], meta: Mapping[str, Any]) -> list[Path]:
    """Write report.json, per_question.md (main system) and each system's TREC run and qrels; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [out_dir / "report.json", out_dir / "per_question.md"]
    written[0].write_text(json.dumps(report_dict(reports, meta), ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
    main = reports[0]
    written[1].write_text(per_question_markdown(main, items, runs[main.name]), encoding="utf-8")
    for r in reports:
        run_path, qrels_path = out_dir / f"run.{r.name}.trec", out_dir / f"qrels.{r.name}.trec"
        run_path.write_text(trec_run(r.run, r.name), encoding="utf-8")
        qrels_path.write_text(trec_qrels(r.qrels), encoding="utf-8")
        written += [run_path, qrels_path]
    return written
