"""`poaqa bench` refuses what it cannot measure before measuring anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import main


def test_bench_refuses_a_missing_question_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--questions", str(tmp_path / "none.jsonl")]) == 2
    assert f"error: {tmp_path / 'none.jsonl'}" in capsys.readouterr().err


@pytest.mark.parametrize(("compare", "message"), [
    ("encoder_pool", "error: --compare 'encoder_pool': write it as group.name=value"),
    ("index.encoder_pool=-1", "error: index.encoder_pool='-1': Input should be greater than or equal to 0"),
])
def test_bench_refuses_a_bad_comparison(compare: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--compare", compare]) == 2
    assert message in capsys.readouterr().err
