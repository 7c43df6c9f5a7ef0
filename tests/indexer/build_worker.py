"""A child process for the lock and crash tests, with the FAKE hash encoder (nothing depends on meaning).

    python build_worker.py build CORPUS INDEX CACHE PAUSE   one build, PAUSE seconds a batch; prints its report
    python build_worker.py hold INDEX SECONDS               holds the writer lock; prints "locked" once it does
    python build_worker.py fork                             a job a line on stdin (JSON: corpus, index, cache,
                                                            step, delay): forks a forced build, SIGKILLs it at
                                                            ``step`` of the swap or after ``delay`` seconds,
                                                            prints how it ended (JSON)
Forking from one process that has imported everything once keeps many kills fast.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import FakeHashEncoder  # noqa: E402

from indexer import index  # noqa: E402
from indexer.build import build_index  # noqa: E402


class PausingEncoder(FakeHashEncoder):
    def __init__(self, pause: float) -> None:
        self.pause = pause

    def encode_passages(self, texts):  # type: ignore[no-untyped-def]
        time.sleep(self.pause)  # long enough for the other build to come while this one holds the lock
        return super().encode_passages(texts)


def build(corpus: str, index_dir: str, cache: str, pause: str) -> None:
    report = build_index(Path(corpus), Path(index_dir), PausingEncoder(float(pause)), cache_dir=Path(cache),
                         progress=False)
    print(json.dumps({"rebuilt": report.rebuilt, "reason": report.reason}), flush=True)


def hold(index_dir: str, seconds: str) -> None:
    with index.index_lock(Path(index_dir)):
        print("locked", flush=True)
        time.sleep(float(seconds))


def run_job(job: dict) -> None:
    """In the forked child: the forced build, killed by itself when it reaches the job's step."""
    step = job["step"]

    def checkpoint(reached: str) -> None:
        if reached == step:
            os.kill(os.getpid(), signal.SIGKILL)

    index._checkpoint = checkpoint
    try:
        build_index(Path(job["corpus"]), Path(job["index"]), FakeHashEncoder(), cache_dir=Path(job["cache"]),
                    force=True, progress=False)
    except BaseException:
        traceback.print_exc()
        os._exit(1)
    os._exit(0)


def fork() -> None:
    for line in sys.stdin:
        job = json.loads(line)
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            run_job(job)
        if job["delay"] is not None:
            time.sleep(job["delay"])
            os.kill(pid, signal.SIGKILL)  # not yet waited for, so the pid is still the child's even if it ended
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"killed": os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL,
                          "exit": os.waitstatus_to_exitcode(status), "seconds": time.perf_counter() - started}),
              flush=True)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"build": build, "hold": hold, "fork": fork}[command](*args)
