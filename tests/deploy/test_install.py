"""The wheel installed into a fresh venv (not editable, no checkout on the path) indexes, answers and finds its
dataset from another folder, keeping its index in the user's data folder, never in site-packages."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

# the real model's embeddings (tests/conftest.py's cache): the first build then embeds nothing and takes seconds
REAL_CACHE_DIR = Path(tempfile.gettempdir()) / "poaqa-test-embeddings"


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel; its dependencies are this venv's, reached through a .pth line, so the
    install needs no network. A .pth line only appends the folder: the .pth files there (this checkout's editable
    install) are not read, so the packages come from the wheel alone."""
    root = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, timeout=120)
    python = root / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--quiet", "--disable-pip-version-check", str(wheel)], check=True, timeout=300)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return root


def run(venv: Path, *args: str, cwd: Path, data_home: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("POAQA_") and key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(XDG_DATA_HOME=str(data_home), POAQA_CACHE_DIR=str(REAL_CACHE_DIR))
    return subprocess.run([str(venv / "bin" / "poaqa"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=900, check=False)


@pytest.mark.slow
def test_the_installed_wheel_indexes_and_answers_from_another_folder(venv: Path, tmp_path: Path) -> None:
    elsewhere, data_home = tmp_path / "elsewhere", tmp_path / "data"
    elsewhere.mkdir()
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import service, poaqa_corpus; "
                            "print(service.__file__); print(poaqa_corpus.FOLDER)"],
                           cwd=elsewhere, capture_output=True, text=True, check=True, env={"PATH": os.environ["PATH"]})
    assert all(line.startswith(str(venv)) for line in where.stdout.splitlines()), where.stdout

    indexed = run(venv, "index", cwd=elsewhere, data_home=data_home)
    assert indexed.returncode == 0, indexed.stderr
    assert f"building the index of 5 documents at {data_home / 'poa-qa' / 'index'}" in indexed.stderr
    assert "why: no index yet" in indexed.stderr and "DEBUG" not in indexed.stderr
    assert (data_home / "poa-qa" / "index" / "manifest.json").is_file()
    assert not list(venv.rglob("manifest.json.*")) and not list(venv.rglob("index.versions"))

    asked = run(venv, "ask", "2018年第三次审议大会在哪里举行？", "--top-k", "2", cwd=elsewhere, data_home=data_home)
    assert asked.returncode == 0, asked.stderr
    assert "答案 / answer" in asked.stdout and "联合国总部举行" in asked.stdout
    assert "is up to date: 383 passages" in asked.stderr
    assert list(elsewhere.iterdir()) == []  # nothing written into the working folder


@pytest.mark.slow
def test_the_installed_wheel_evaluates_its_bundled_dev_set_by_default(venv: Path, tmp_path: Path) -> None:
    program = "import cli; print(cli.parser().parse_args(['eval']).dataset)"
    default = subprocess.run([str(venv / "bin" / "python"), "-c", program], cwd=tmp_path, capture_output=True,
                             text=True, check=True, env={"PATH": os.environ["PATH"]}).stdout.strip()
    assert Path(default).is_relative_to(venv) and Path(default).name == "dev.jsonl" and Path(default).is_file()
