"""Engine: an index in service with its encoders, pipeline and document order; load_engine makes and checks one."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.encode import Encoder
from indexer.errors import IndexFormatError
from indexer.index import IndexBundle, current_version, read_index
from service.config import Settings
from service.neighbours import Neighbours
from service.pipeline import AskPipeline, AskQuery

ENGLISH_PROBE = "What does the Programme of Action say about marking and tracing weapons?"


@dataclass(frozen=True, slots=True)
class Engine:
    """An index in service, its encoders, the pipeline that answers over it, and document order. A request takes
    the one current when it starts and keeps it to the end, whatever is swapped in meanwhile."""

    bundle: IndexBundle
    encoder: Encoder
    pipeline: AskPipeline
    neighbours: Neighbours
    version: str | None = None  # the index version (see indexer.index.current_version); None: a plain folder
    english_encoder: Encoder | None = None  # the encoder of English questions, where it is another


def make_english_encoder(settings: Settings) -> Encoder | None:
    """The encoder of English questions the settings name, where it is another than the encoder."""
    config = settings.index.english_encoder_config
    return None if config is None else config.make()


def load_engine(settings: Settings, encoder: Encoder | None = None,
                english_encoder: Encoder | None = None) -> Engine:
    """Load the current index and make its pipeline; the encoders (made from the settings where not given) must be
    the ones the index was built with."""
    encoder = encoder or settings.index.encoder_config.make()
    english_encoder = english_encoder or make_english_encoder(settings)
    # read before the load: if a swap comes between, the next look at the pointer loads the newer one again
    version = current_version(settings.index.index_dir)
    bundle = read_index(settings.index.index_dir, expected_encoder=encoder.name,
                        expected_english_encoder=english_encoder.name if english_encoder is not None else None)
    return Engine(bundle=bundle, encoder=encoder,
                  pipeline=AskPipeline(bundle, encoder, settings, english_encoder=english_encoder),
                  neighbours=Neighbours(bundle), version=version, english_encoder=english_encoder)


def check_engine(engine: Engine) -> None:
    """Ask the engine a question made of its own first passage, and one in English where English questions have a
    route of their own: an index whose files load but cannot answer is not put in service.

    Raises:
        IndexFormatError: no passage came back.
    """
    if not engine.bundle.chunks:
        raise IndexFormatError(f"index version {engine.version} has no passages", reason="no passages")
    probes = {"its own first passage": engine.bundle.chunks[0].text[:200]}
    if engine.pipeline.english is not None:
        probes["an English question"] = ENGLISH_PROBE
    for what, question in probes.items():
        if not engine.pipeline.ask(AskQuery(question=question, top_k=1)).hits:
            raise IndexFormatError(f"index version {engine.version} found nothing for {what}",
                                   reason="it answers nothing")
