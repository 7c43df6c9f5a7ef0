"""`poaqa eval check`, `poaqa eval` and `poaqa fit-query-map` error paths through cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli import main


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("会议在纽约\n举行。", encoding="utf-8")
    return folder


def _dataset(path: Path, gold: str) -> Path:
    item = {"id": "q1", "question": "在哪里？", "type": "factoid", "doc": "a.txt", "gold": [gold], "answer": ""}
    path.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_eval_check_exits_0_for_a_clean_dataset(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
                                                ) -> None:
    assert main(["eval", "check", str(_dataset(tmp_path / "d.jsonl", "在纽约举行")), "--corpus-dir", str(corpus)]) == 0
    assert "1 valid questions, 0 problem(s)" in capsys.readouterr().out


def test_eval_check_exits_1_and_prints_the_problem(tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
                                                   ) -> None:
    assert main(["eval", "check", str(_dataset(tmp_path / "d.jsonl", "在日内瓦")), "--corpus-dir", str(corpus)]) == 1
    assert "problem: q1: gold quote '在日内瓦' does not occur in a.txt" in capsys.readouterr().out


def test_eval_refuses_a_bad_dataset_naming_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "d.jsonl"
    bad.write_text("{nope\n", encoding="utf-8")
    assert main(["eval", "--dataset", str(bad), "--url", "http://127.0.0.1:9"]) == 2
    assert f"error: {bad}:1: not valid JSON" in capsys.readouterr().err


def test_eval_reports_an_unreachable_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset = _dataset(tmp_path / "d.jsonl", "在纽约")
    assert main(["eval", "--dataset", str(dataset), "--url", "http://127.0.0.1:9", "--out", str(tmp_path)]) == 2
    assert "is the service running at that address?" in capsys.readouterr().err


def test_eval_set_refuses_an_unknown_or_bad_setting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset = _dataset(tmp_path / "d.jsonl", "在纽约")
    assert main(["eval", "--dataset", str(dataset), "--set", "retrieval.rankers=dense,splade"]) == 2
    assert "error: retrieval.rankers='dense,splade': unknown ranker(s) splade" in capsys.readouterr().err
    assert main(["eval", "--dataset", str(dataset), "--set", "rrf_k"]) == 2
    assert "write it as group.name=value" in capsys.readouterr().err


def test_eval_set_cannot_change_a_remote_service(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset = _dataset(tmp_path / "d.jsonl", "在纽约")
    assert main(["eval", "--dataset", str(dataset), "--url", "http://127.0.0.1:9", "--set", "rrf_k=5"]) == 2
    assert "cannot change a service at --url" in capsys.readouterr().err


def test_eval_without_the_eval_extra_names_the_install_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "ranx" else real_find_spec(name, *a))
    assert main(["eval", "--dataset", str(_dataset(tmp_path / "d.jsonl", "在纽约"))]) == 2
    err = capsys.readouterr().err
    assert err == 'error: `poaqa eval` needs ranx, which the service does not: pip install "poa-qa[eval]"\n'


def test_eval_reads_the_bundled_dev_set_by_default_from_any_folder(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from cli import parser

    monkeypatch.chdir(tmp_path)
    dataset = parser().parse_args(["eval"]).dataset
    assert dataset.is_absolute() and dataset.name == "dev.jsonl" and dataset.is_file()


def test_fit_query_map_refuses_a_bad_set_or_a_single_pair_before_loading_the_model(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad_en.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    good = _dataset(tmp_path / "blind1_en.jsonl", "在纽约举行")
    assert main(["fit-query-map", "--dataset", str(good), "--dataset", str(bad)]) == 2
    assert "bad_en.jsonl:1" in capsys.readouterr().err
    # a set and its Chinese twin are one pair: nothing is left to fit a held-out map on
    twin = _dataset(tmp_path / "blind1.jsonl", "在纽约举行")
    assert main(["fit-query-map", "--dataset", str(good), "--dataset", str(twin)]) == 2
    assert "give two pairs of sets or more" in capsys.readouterr().err
