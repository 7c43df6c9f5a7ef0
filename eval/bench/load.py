"""The service over HTTP on the loopback: a uvicorn process started with given settings, and clients asking it
questions concurrently, bounded in count and time."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from eval.bench.stats import Summary, summarize
from service.config import ENV_PREFIX, PROJECT_ROOT, Settings, environment_of

START_TIMEOUT = 300.0  # seconds for a server to load the model and the index (a cold index build takes longer)
REQUEST_TIMEOUT = 120.0


class ServerError(RuntimeError):
    """A server the benchmark started exited or did not answer in time."""


@dataclass(frozen=True, slots=True)
class LoadRun:
    """``clients`` asking at once until ``requests`` were sent or the time was up."""

    variant: str  # which settings the server ran with
    questions: str  # "new" (the server's query cache empty and no question repeated), "repeated", "healthz"
    clients: int
    requests: int
    errors: int  # non-200 answers and failed requests
    seconds: float
    throughput: float  # answered requests per second
    latency: Summary  # of the answered requests, ms
    error_kinds: dict[str, int] = field(default_factory=dict)  # "HTTP 503", "ReadTimeout", ...: how many of each


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def child_environment(variables: dict[str, str]) -> dict[str, str]:
    """This process' environment without its POAQA_* variables, with ``variables``, and the project importable."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), environ.get("PYTHONPATH")]))
    return {**environ, **variables}


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    process: subprocess.Popen[bytes]

    def peak_rss_mib(self) -> float | None:
        """The server's peak resident memory so far (Linux), MiB."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        line = next((line for line in status.splitlines() if line.startswith("VmHWM:")), None)
        return int(line.split()[1]) / 1024 if line else None


def wait_until_answering(url: str, process: subprocess.Popen[bytes], log: Path, *, path: str = "/healthz",
                         body: dict[str, Any] | None = None, timeout: float = START_TIMEOUT) -> float:
    """Seconds until ``path`` answers 200 (a POST of ``body`` if given); ServerError when the process exits first."""
    started = time.perf_counter()
    with httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT) as client:
        while time.perf_counter() - started < timeout:
            if process.poll() is not None:
                raise ServerError(f"the server exited with {process.returncode}: {log.read_text()[-2000:]}")
            try:
                response = client.post(path, json=body) if body is not None else client.get(path)
                if response.status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(0.05)
    raise ServerError(f"{url}{path} did not answer 200 within {timeout:g} s")


@contextmanager
def running(command: Sequence[str], variables: dict[str, str]) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """``command`` running with ``variables`` in the project folder, its output in a temporary log (yielded with
    it); stopped on exit."""
    with tempfile.NamedTemporaryFile(prefix="poaqa-bench-", suffix=".log") as log:
        process = subprocess.Popen(command, env=child_environment(variables), stdout=log, stderr=subprocess.STDOUT,
                                   cwd=PROJECT_ROOT)
        try:
            yield process, Path(log.name)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def serve(settings: Settings) -> Iterator[Server]:
    """uvicorn serving ``create_app`` with ``settings`` on a free loopback port, in a process of its own (the
    clients must not share its interpreter lock); the index must already be built."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    variables = {**environment_of(settings), "POAQA_HOST": "127.0.0.1", "POAQA_PORT": str(port)}
    command = [sys.executable, "-m", "uvicorn", "--factory", "service.app:create_app", "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning", "--no-access-log"]
    with running(command, variables) as (process, log):
        wait_until_answering(url, process, log)
        yield Server(url=url, process=process)


def ask_body(question: str) -> dict[str, Any]:
    return {"question": question, "top_k": 5}


async def _drive(url: str, questions: Sequence[str] | None, clients: int, requests: int,
                 seconds: float) -> tuple[list[float], dict[str, int], float]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    sent = 0
    # a client of its own, with one connection, per simulated client: one pool of 64 connections costs the load
    # generator 3.5 ms of CPU a request (0.6 ms with 4), which it takes from the server on the same cores
    one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with contextlib.AsyncExitStack() as stack:
        pool = [await stack.enter_async_context(httpx.AsyncClient(base_url=url, timeout=REQUEST_TIMEOUT, limits=one))
                for _ in range(clients)]
        started = time.perf_counter()
        deadline = started + seconds

        async def one_client(client: httpx.AsyncClient) -> None:
            nonlocal sent
            while sent < requests and time.perf_counter() < deadline:
                question = questions[sent % len(questions)] if questions else None
                sent += 1
                began = time.perf_counter()
                try:
                    response = await (client.post("/v1/ask", json=ask_body(question)) if question is not None
                                      else client.get("/healthz"))
                    error = None if response.status_code == 200 else f"HTTP {response.status_code}"
                except httpx.HTTPError as e:
                    error = type(e).__name__
                if error is None:
                    latencies.append((time.perf_counter() - began) * 1000)
                else:
                    errors[error] = errors.get(error, 0) + 1

        await asyncio.gather(*(one_client(client) for client in pool))
        return latencies, errors, time.perf_counter() - started


def drive(url: str, questions: Sequence[str] | None, *, clients: int, requests: int, seconds: float, variant: str,
          label: str) -> LoadRun:
    """``clients`` concurrent clients asking ``questions`` in turn (None: GET /healthz) until ``requests`` were
    sent or ``seconds`` passed; each client sends its next request when its answer came."""
    latencies, errors, elapsed = asyncio.run(_drive(url, questions, clients, requests, seconds))
    failed = sum(errors.values())
    return LoadRun(variant=variant, questions=label, clients=clients, requests=len(latencies) + failed,
                   errors=failed, seconds=elapsed, throughput=len(latencies) / elapsed if elapsed else 0.0,
                   latency=summarize(latencies), error_kinds=errors)
