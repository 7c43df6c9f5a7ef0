"""build_index: a corrupt index is rebuilt rather than called up to date, and two builds at once never both
write (run in two processes).

Uses the FAKE hash encoder: nothing here depends on what the vectors mean."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.build import BuildPlan, build_index
from indexer.errors import IndexBusyError
from indexer.index import CHUNKS, LOCK, VECTORS, read_index, read_manifest, versions_dir

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("build_worker.py")


def start_worker(*args: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(WORKER), *map(str, args)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})


@pytest.mark.parametrize(("damage", "reason"), [
    ("truncate", f"the index is damaged ({CHUNKS} does not match its checksum)"),
    ("delete", f"the index is damaged ({VECTORS} is missing)")])
def test_a_corrupt_index_is_rebuilt_saying_why(small_corpus: Path, small_index: Path, fake_encoder, damage: str,
                                                reason: str) -> None:
    index_dir = small_index
    if damage == "truncate":
        (index_dir / CHUNKS).write_text((index_dir / CHUNKS).read_text(encoding="utf-8")[:-50], encoding="utf-8")
    else:
        (index_dir / VECTORS).unlink()
    report = build_index(small_corpus, index_dir, fake_encoder, progress=False)
    assert report.rebuilt and report.reason == reason
    assert len(read_index(index_dir).chunks) == report.chunks


def test_an_index_written_before_the_vector_store_was_recorded_is_faiss_and_up_to_date(
        small_corpus: Path, small_index: Path, fake_encoder) -> None:
    manifest_path = small_index / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest.pop("vector_store") == {"name": "faiss"}
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    report = build_index(small_corpus, small_index, fake_encoder, progress=False)
    assert not report.rebuilt and report.reason == "up to date"
    assert len(read_index(small_index).vectors) == report.chunks


def test_a_build_gives_up_after_its_timeout_while_another_holds_the_lock(small_corpus: Path, tmp_path: Path,
                                                                          fake_encoder) -> None:
    index_dir = tmp_path / "index"
    holder = start_worker("hold", index_dir, 60)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        leftover = versions_dir(index_dir) / ".building-x"
        leftover.mkdir()
        started = time.monotonic()
        with pytest.raises(IndexBusyError, match=rf"another build of {index_dir} \(pid {holder.pid} since .+\) "
                                                 rf"still holds {versions_dir(index_dir) / LOCK} after 0.5 s; let it "
                                                 "finish, then run `poaqa index` again"):
            build_index(small_corpus, index_dir, fake_encoder, progress=False, lock_timeout=0.5)
        assert time.monotonic() - started >= 0.5
        assert leftover.exists() and not index_dir.exists()  # nothing touched without the lock
    finally:
        holder.kill()
        holder.wait()


def test_a_build_waits_for_the_lock_and_then_builds(small_corpus: Path, tmp_path: Path, fake_encoder) -> None:
    holder = start_worker("hold", tmp_path / "index", 1)
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    started = time.monotonic()
    report = build_index(small_corpus, tmp_path / "index", fake_encoder, progress=False, lock_timeout=30)
    assert report.rebuilt and time.monotonic() - started > 0.5
    assert holder.wait(timeout=30) == 0


def test_of_two_builds_at_once_one_builds_and_the_other_finds_its_index(small_corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    builds = [start_worker("build", small_corpus, index_dir, tmp_path / "cache", 0.05) for _ in range(2)]
    reports = [json.loads(build.communicate(timeout=60)[0]) for build in builds]
    assert [build.returncode for build in builds] == [0, 0]
    assert sorted(report["rebuilt"] for report in reports) == [False, True]
    assert len([p for p in versions_dir(index_dir).iterdir() if p.name != LOCK]) == 1
    read_index(index_dir)


def test_a_build_says_what_it_will_embed_before_embedding(small_corpus: Path, tmp_path: Path, fake_encoder) -> None:
    plans: list[BuildPlan] = []
    cache = tmp_path / "cache"
    first = build_index(small_corpus, tmp_path / "index", fake_encoder, cache_dir=cache, progress=False,
                        on_plan=plans.append)
    assert len(plans) == 1 and plans[0].reason == "no index yet" and plans[0].documents == 1
    assert plans[0].chunks == first.chunks and plans[0].to_embed == plans[0].texts == first.embedded > first.chunks
    build_index(small_corpus, tmp_path / "index", fake_encoder, cache_dir=cache, progress=False, on_plan=plans.append)
    assert len(plans) == 1  # up to date: no plan
    build_index(small_corpus, tmp_path / "index", fake_encoder, cache_dir=cache, force=True, progress=False,
                on_plan=plans.append)
    assert plans[1].reason == "forced" and plans[1].to_embed == 0 and plans[1].texts == plans[0].texts


def test_the_manifest_records_the_vector_index_kind_chosen_by_size(small_index: Path) -> None:
    manifest = read_manifest(small_index)
    assert manifest["vector_indexes"] == {"chunks": "flat", "sentences": "flat", "clauses": "flat"}
