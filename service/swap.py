"""Hot swap: the Engine in service replaced, without a restart, by one over a new current index, loaded and checked
off the request path; a request in flight keeps the Engine it started with."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.build import BuildPlan, BuildReport, build_index
from indexer.encode import Encoder
from indexer.errors import IndexBusyError, IndexerError
from indexer.index import current_version
from service.config import Settings
from service.engine import Engine, check_engine, load_engine, make_english_encoder
from service.errors import ReindexBusyError, ReindexFailedError, without_paths
from service.metrics import Metrics

logger = logging.getLogger(__name__)

# how long a reindex asked for by HTTP waits for a build started elsewhere (`poaqa index`) before answering 409
REINDEX_LOCK_TIMEOUT = 5.0


@dataclass(frozen=True, slots=True)
class Reindexed:
    """What a reindex did: the build's report and the versions in service before and after."""

    report: BuildReport
    previous_version: str | None
    version: str | None


class EngineSwap:
    """Keeps ``state.engine`` (the app's state) on the current index: ``refresh`` swaps in a new current version,
    ``reindex`` builds one from the corpus first, ``poll`` refreshes every ``index_poll_seconds``. While there is
    no engine, ``state.load_error`` says why, without the server's paths."""

    def __init__(self, settings: Settings, state: Any, metrics: Metrics, encoder: Encoder | None = None,
                 english_encoder: Encoder | None = None) -> None:
        self.settings = settings
        self.state = state
        self.metrics = metrics
        self._encoders: tuple[Encoder, Encoder | None] | None = None
        if encoder is not None:
            self._encoders = encoder, english_encoder or make_english_encoder(settings)
        self._loading = threading.Lock()  # one load at a time: the poll and a reindex may both find a new version
        self._building = threading.Lock()  # one reindex at a time in this process
        self._build_started = 0.0
        self._failed_version: str | None = None  # a version that did not load: not tried again until another comes

    @property
    def engine(self) -> Engine | None:
        engine: Engine | None = getattr(self.state, "engine", None)
        return engine

    def encoders(self) -> tuple[Encoder, Encoder | None]:
        """The encoder and the English questions' one (None: the encoder answers all), made once."""
        if self._encoders is None:
            self._encoders = self.settings.index.encoder_config.make(), make_english_encoder(self.settings)
        return self._encoders

    def public(self, message: str) -> str:
        """``message`` without the server's paths, for a client to read."""
        index = self.settings.index
        store_uri = index.vector_store_config.uri
        return without_paths(message, {"POAQA_INDEX_DIR": index.index_dir, "POAQA_CORPUS_DIR": index.corpus_dir,
                                       "POAQA_CACHE_DIR": index.cache_dir, "POAQA_ENCODER_PATH": index.encoder_path,
                                       # a Milvus Lite file (a server's URI is no path)
                                       "POAQA_MILVUS_URI": Path(store_uri) if store_uri.endswith(".db") else None})

    def _set_problem(self, message: str) -> None:
        if self.engine is None:
            self.state.load_error = self.public(message)

    def serve(self, engine: Engine) -> None:
        """Put ``engine`` in service: one attribute assignment, so each request sees the old or the new one."""
        self.state.engine = engine
        self.state.load_error = None

    def refresh(self) -> bool:
        """Load and check the current index and swap it in, unless it is the one in service already; a version
        that fails stays out of service (the previous engine keeps answering). True when a new one was swapped in."""
        with self._loading:
            engine = self.engine
            version = current_version(self.settings.index.index_dir)
            if engine is not None and version == engine.version:
                return False
            started = time.perf_counter()
            try:
                new = load_engine(self.settings, *self.encoders())
                check_engine(new)
            except Exception as e:  # noqa: BLE001 - whatever breaks a load, the engine in service must stay
                self._failed_version = version
                self.metrics.load_failures.inc()
                if version is None:  # no index yet (a first start) or an old-style folder that does not load
                    logger.warning("no index put in service: %s", e)
                else:
                    logger.error("index version %s not put in service: %s", version, e)
                self._set_problem(str(e))
                return False
            self.serve(new)
            self._failed_version = None
            self.metrics.swaps.inc()
            logger.info("index version %s in service (was %s; loaded and checked in %.1f s)", new.version,
                        engine.version if engine else None, time.perf_counter() - started)
            return True

    def changed(self) -> bool:
        """Whether the pointer names a version neither in service nor known to fail: cheap (one readlink)."""
        version = current_version(self.settings.index.index_dir)
        engine = self.engine
        return version != (engine.version if engine else None) and version != self._failed_version

    async def poll(self) -> None:
        """Refresh whenever the current index changes, looking every ``index_poll_seconds``; runs until cancelled.
        The load runs in a worker thread, so requests go on meanwhile."""
        seconds = self.settings.service.index_poll_seconds
        while True:
            await asyncio.sleep(seconds)
            if self.changed() and not self._building.locked():  # a reindex refreshes when it is done
                await asyncio.to_thread(self.refresh)

    def reindex(self, *, force: bool = False) -> Reindexed:
        """Build the index from the corpus (under the writer lock, so never beside another build) and swap it in.

        Raises:
            ReindexBusyError: a reindex is running in this process, or a build elsewhere holds the lock.
            ReindexFailedError: the build failed; the index in service stays.
        """
        if not self._building.acquire(blocking=False):
            raise ReindexBusyError(f"a reindex is already running (for {time.monotonic() - self._build_started:.0f} "
                                   "s); wait for it to finish, then ask again if the corpus changed since")
        try:
            self._build_started = time.monotonic()
            previous = self.engine.version if self.engine else None
            index = self.settings.index
            self._set_problem("building the index from the corpus; it is in service when done")
            try:
                encoder, english_encoder = self.encoders()
                report = build_index(index.corpus_dir, index.index_dir, encoder, english_encoder=english_encoder,
                                     cache_dir=index.cache_dir,
                                     prebuilt=index.prebuilt_embeddings, tokenizer=index.tokenizer,
                                     store=index.vector_store_config, force=force, progress=False,
                                     lock_timeout=REINDEX_LOCK_TIMEOUT, on_plan=self._announce)
            except IndexBusyError as e:
                self._set_problem(str(e))
                raise ReindexBusyError(self.public(str(e))) from e
            except (IndexerError, OSError) as e:
                logger.error("reindex failed: %s", e)
                self._set_problem(f"the index could not be built: {e}")
                raise ReindexFailedError(f"the index could not be built: {self.public(str(e))}; the index in "
                                         "service (if any) stays") from e
            self.refresh()
            return Reindexed(report=report, previous_version=previous,
                             version=self.engine.version if self.engine else None)
        finally:
            self._building.release()

    def _announce(self, plan: BuildPlan) -> None:
        logger.info("building the index of %d documents (%d of %d texts to embed): %s", plan.documents,
                    plan.to_embed, plan.texts, plan.reason)
        self._set_problem(f"building the index of {plan.documents} documents from the corpus ({plan.to_embed} texts "
                          "to embed); it is in service when done")

    def reindex_in_background(self) -> threading.Thread:
        """Reindex in a thread of its own (a cold start: the server listens, /healthz says "building")."""

        def run() -> None:
            try:
                self.reindex()
            except (ReindexBusyError, ReindexFailedError) as e:
                logger.error("building the index at start failed: %s", e.message)

        thread = threading.Thread(target=run, name="poaqa-reindex", daemon=True)
        thread.start()
        return thread
