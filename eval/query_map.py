"""Fit the map of English question vectors (`poaqa fit-query-map`): a linear map, started at the identity, that moves
each labelled English question's vector toward the passages holding its gold quotes; each English set is scored with
the map fitted without its pair (a Chinese set and its English twin ask the same questions)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from eval.dataset import EvalItem
from eval.metrics import build_qrels
from eval.run import CorpusChunk
from indexer.index import IndexBundle
from indexer.store import FaissVectorIndex
from service.pipeline import AskPipeline, Route
from service.retrieval.mapped import MAPPED_LANGUAGE, MappedRanker, QueryMap

# chosen on the dense list alone, by folds of pairs of sets, before the pipeline ran (eval/RESULTS.md, thirty-sixth
# round): the pull back to the identity (per squared entry), full-batch Adam steps and their rate, the temperature
PULL = 0.01
STEPS = 100
LEARNING_RATE = 0.01
TEMPERATURE = 0.05
# logit adjustment (Menon et al. 2021): while fitting, each passage's logit gains ADJUSTMENT times the log of how often
# the training questions ask about it, so the map does not learn which passages question writers favour; 1 over 0.5
# and 0 by the fused list's MRR@10 on paragraphs no training question asks about (thirty-seventh round)
ADJUSTMENT = 1.0
DEPTH = 10  # MRR@10, as the evaluation


@dataclass(frozen=True, slots=True)
class Sample:
    """A labelled English question: its set, its vector as the English route encodes it, the rows holding gold."""

    dataset: str
    qid: str
    vector: np.ndarray
    gold_rows: tuple[int, ...]


def pair_of(dataset: str) -> str:
    """The pair a set belongs to: blind40 and blind40_en ask the same questions."""
    return dataset.removesuffix("_en")


def english_route(pipeline: AskPipeline) -> Route:
    """The route that ranks a question asked in English."""
    return pipeline.english or pipeline.main


def english_bundle(pipeline: AskPipeline) -> IndexBundle:
    """The index as the English route reads it (its encoder's vectors)."""
    return pipeline.bundle.for_english() if pipeline.english is not None else pipeline.bundle


def passage_vectors(pipeline: AskPipeline) -> np.ndarray:
    vectors = english_bundle(pipeline).vectors
    if not isinstance(vectors, FaissVectorIndex):
        raise ValueError("the map is fitted against a FAISS index's vectors (POAQA_VECTOR_STORE=faiss)")
    return vectors.matrix()


def collect(pipeline: AskPipeline, datasets: Mapping[str, Sequence[EvalItem]], chunks: Sequence[CorpusChunk],
            progress: Callable[[str, int, int], None] | None = None) -> list[Sample]:
    """Every answerable question of ``datasets`` (each set's items by its name) read as English, with the rows
    holding its gold quotes."""
    route = english_route(pipeline)
    row_of = {chunk.chunk_id: row for row, chunk in enumerate(chunks)}
    samples = []
    for dataset, items in datasets.items():
        qrels = build_qrels(items, chunks)
        for done, item in enumerate(items, start=1):
            gold = tuple(sorted(row_of[chunk_id] for chunk_id, grade in qrels.get(item.id, {}).items() if grade > 0))
            question = pipeline.reader.analyze(item.question)
            if gold and question.language == MAPPED_LANGUAGE:
                samples.append(Sample(dataset, item.id, route.queries.vector(question.dense_text), gold))
            if progress:
                progress(dataset, done, len(items))
    return samples


def log_prior(samples: Sequence[Sample], passages: int) -> np.ndarray:
    """How often the questions ask about each passage (a question with several gold rows counts a share on each),
    add-one smoothed, as a log probability."""
    counts = np.ones(passages)
    for sample in samples:
        counts[list(sample.gold_rows)] += 1 / len(sample.gold_rows)
    return np.log(counts / counts.sum()).astype(np.float32)


def fit(samples: Sequence[Sample], passages: np.ndarray, adjustment: float = ADJUSTMENT) -> np.ndarray:
    """The map maximising each question's softmax probability (over every passage) of its gold rows, the passages'
    logits adjusted by ``adjustment`` times their log prior, pulled toward the identity; full batch on one thread, so
    that the same samples give the same bytes."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        questions = torch.tensor(np.stack([s.vector for s in samples]))
        gold = torch.full((len(samples), len(passages)), -torch.inf)
        for i, sample in enumerate(samples):
            gold[i, list(sample.gold_rows)] = 0.0
        rows = torch.tensor(passages)
        prior = torch.tensor(adjustment * log_prior(samples, len(passages)))
        identity = torch.eye(passages.shape[1])
        matrix = identity.clone().requires_grad_(True)
        optimiser = torch.optim.Adam([matrix], lr=LEARNING_RATE)
        for _ in range(STEPS):
            moved = torch.nn.functional.normalize(questions @ matrix.T, dim=1)
            log_p = torch.log_softmax(moved @ rows.T / TEMPERATURE + prior, dim=1)
            # a question with several gold rows is answered by any of them: the log of their summed probability
            loss = -torch.logsumexp(log_p + gold, dim=1).mean() + PULL * ((matrix - identity) ** 2).sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        return matrix.detach().numpy().astype(np.float32)
    finally:
        torch.set_num_threads(threads)


def reciprocal_ranks(matrix: np.ndarray | None, samples: Sequence[Sample], passages: np.ndarray) -> np.ndarray:
    """Each question's reciprocal rank (within the first DEPTH) of its first gold row on the mapped list (None: on the
    vectors as they are)."""
    vectors = np.stack([s.vector for s in samples])
    if matrix is not None:
        vectors = vectors @ matrix.T
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    order = np.argsort(-(vectors @ passages.T), axis=1, kind="stable")[:, :DEPTH]
    found = [next((1 / rank for rank, row in enumerate(rows, start=1) if row in sample.gold_rows), 0.0)
             for rows, sample in zip(order, samples, strict=True)]
    return np.array(found)


def leave_one_pair_out(samples: Sequence[Sample], passages: np.ndarray, adjustment: float = ADJUSTMENT,
                       ) -> dict[str, np.ndarray]:
    """For each pair of sets, the map fitted on every other pair's questions."""
    pairs = sorted({pair_of(s.dataset) for s in samples})
    return {pair: fit([s for s in samples if pair_of(s.dataset) != pair], passages, adjustment) for pair in pairs}


def use_map(pipeline: AskPipeline, query_map: QueryMap) -> None:
    """From now on, ``pipeline``'s English route ranks its mapped list with ``query_map`` (a set evaluated with the
    map fitted without it)."""
    route = english_route(pipeline)
    route.rankers[MappedRanker.name] = MappedRanker(english_bundle(pipeline), route.queries, query_map)
