"""Index builds timed in a process of their own, and a first start from an empty var/ (the real model: slow)."""

from __future__ import annotations

import pytest

from eval.bench.build import time_build, time_first_answer
from service.config import Settings


@pytest.mark.slow
def test_a_build_from_the_prebuilt_embeddings_embeds_nothing_and_serves_at_once(settings: Settings) -> None:
    build = time_build(settings, prebuilt=True)
    assert build.embedded == 0 and build.texts_per_second is None and build.peak_rss_mib > 50
    cold = time_build(settings, prebuilt=False, limit=8)
    assert cold.embedded == 8 and (cold.texts_per_second or 0) > 0
    assert 0 < time_first_answer(settings, prebuilt=True) < 120
