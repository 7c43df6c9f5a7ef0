"""The `poaqa` console script: index, serve, ask (and eval); the one module that imports every package."""

from __future__ import annotations

import argparse
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
