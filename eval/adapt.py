"""The time-boxed experiment of issue 14: adapt the dense encoder to this corpus by contrastive training (in-batch
negatives) on pairs the corpus gives — section headings and their paragraphs, clauses and their paragraphs — plus the
dev questions (Chinese and English) and their gold paragraphs; never a blind set.

    .venv/bin/poaqa convert-model var/models/e5-small
    .venv/bin/python -m eval.adapt --model var/models/e5-small --out var/models/e5-adapted --minutes 10
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from eval.dataset import read_dataset, squash_whitespace
from indexer.chunk import chunk_corpus
from indexer.load import load_corpus
from indexer.sentences import split_clauses, split_sentences
from poaqa_corpus import FOLDER as BUNDLED_CORPUS

QUERY, PASSAGE = "query: ", "passage: "
TRAINING_SETS = ("dev.jsonl", "dev_en.jsonl")  # the only questions trained on: never fresh* or blind*
SCALE = 20.0  # cosine -> logit, as sentence-transformers' MultipleNegativesRankingLoss


def training_pairs(corpus_dir: Path, data_dir: Path, seed: int = 0) -> list[tuple[str, str]]:
    """(anchor, passage) pairs: each question with each gold paragraph, each section heading with a paragraph under
    it, and one clause of each paragraph with the paragraph."""
    chunks = [c for c in chunk_corpus(load_corpus(corpus_dir).documents) if c.kind == "paragraph"]
    rng = random.Random(seed)
    pairs = []
    for name in TRAINING_SETS:
        for item in read_dataset(data_dir / name):
            gold = [squash_whitespace(q) for q in item.gold if q.strip()]
            pairs += [(item.question, c.text) for c in chunks if any(g in squash_whitespace(c.text) for g in gold)]
    for chunk in chunks:
        if chunk.section:
            pairs.append((chunk.section[-1], chunk.text))
        clauses = [clause for sentence in split_sentences(chunk) for clause in split_clauses(sentence)]
        if len(clauses) > 1:
            pairs.append((rng.choice(clauses), chunk.text))
    rng.shuffle(pairs)
    return pairs


def train(model_dir: Path, out_dir: Path, pairs: list[tuple[str, str]], *, minutes: float, batch_size: int = 32,
          learning_rate: float = 2e-5, max_length: int = 256) -> dict[str, float]:
    """Contrastive training with in-batch negatives until the time is up or the pairs run out (one epoch)."""
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(0)
    model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    model.max_seq_length = max_length
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate)
    model.train()
    started, steps, losses = time.perf_counter(), 0, []
    for first in range(0, len(pairs) - batch_size + 1, batch_size):
        if time.perf_counter() - started > minutes * 60:
            break
        batch = pairs[first: first + batch_size]
        embed = [model(model.tokenize([prefix + text for text in texts]))["sentence_embedding"]
                 for prefix, texts in ((QUERY, [a for a, _ in batch]), (PASSAGE, [p for _, p in batch]))]
        anchors, passages = (torch.nn.functional.normalize(e, dim=-1) for e in embed)
        loss = torch.nn.functional.cross_entropy(SCALE * anchors @ passages.T, torch.arange(len(batch)))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        steps += 1
        losses.append(float(loss))
    model.save(str(out_dir))
    return {"steps": steps, "pairs_seen": steps * batch_size, "seconds": time.perf_counter() - started,
            "first_loss": losses[0] if losses else 0.0, "last_loss": sum(losses[-5:]) / max(len(losses[-5:]), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True, help="float model folder (poaqa convert-model)")
    parser.add_argument("--out", type=Path, required=True, help="where to write the adapted model")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--corpus-dir", type=Path, default=BUNDLED_CORPUS)
    parser.add_argument("--data-dir", type=Path, default=Path(__file__).resolve().parent / "data")
    args = parser.parse_args()
    pairs = training_pairs(args.corpus_dir, args.data_dir)
    print(f"{len(pairs)} training pairs")
    print(train(args.model, args.out, pairs, minutes=args.minutes))


if __name__ == "__main__":
    main()
