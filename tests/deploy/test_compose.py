"""compose.yaml: poa-qa configured for Milvus standalone (etcd + minio), pinned images, healthchecks, index volume."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return document


def test_compose_runs_poaqa_beside_milvus_standalone(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"poaqa", "milvus", "etcd", "minio"}
    poaqa = compose["services"]["poaqa"]
    # the image with the milvus extra: pymilvus is not a core dependency
    assert poaqa["build"] == {"context": ".", "args": {"EXTRAS": "milvus"}}
    assert poaqa["environment"]["POAQA_VECTOR_STORE"] == "milvus"
    assert poaqa["environment"]["POAQA_MILVUS_URI"] == "http://milvus:19530"
    # passed on from the shell only when set there: an empty key would lock /retrieval
    assert poaqa["environment"]["POAQA_DIFY_API_KEY"] is None
    assert poaqa["depends_on"]["milvus"]["condition"] == "service_healthy"
    assert compose["services"]["milvus"]["environment"]["ETCD_ENDPOINTS"] == "etcd:2379"
    assert compose["services"]["milvus"]["environment"]["MINIO_ADDRESS"] == "minio:9000"


def test_compose_pins_every_image_it_pulls(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        if "build" in service:
            continue
        repository, _, tag = service["image"].rpartition(":")
        assert repository and tag not in {"", "latest"} and "/" not in tag, f"{name}: {service['image']}"


def test_compose_healthchecks_every_dependency(compose: dict[str, Any]) -> None:
    for name in ("milvus", "etcd", "minio"):
        assert compose["services"][name]["healthcheck"]["test"][0] == "CMD", name
    # poaqa's healthcheck is the image's HEALTHCHECK
    assert "HEALTHCHECK" in (ROOT / "Dockerfile").read_text()


def test_compose_keeps_the_index_in_a_volume(compose: dict[str, Any]) -> None:
    mounts = compose["services"]["poaqa"]["volumes"]
    assert "poaqa-var:/app/var" in mounts
    assert "poaqa-var" in compose["volumes"]
    assert "POAQA_INDEX_DIR=/app/var/index" in (ROOT / "Dockerfile").read_text()
