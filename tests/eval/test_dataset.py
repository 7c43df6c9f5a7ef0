"""Dataset reading, validation, the gold-quote matching rule and the corpus check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.dataset import DatasetError, check, contains_quote, read_dataset, squash_whitespace

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _line(**fields: object) -> str:
    item: dict[str, object] = {"id": "q1", "question": "会议在哪里举行？", "type": "factoid", "doc": "a.txt",
                               "gold": ["在纽约举行"], "answer": "纽约", "note": ""}
    item.update(fields)
    return json.dumps(item, ensure_ascii=False)


def _write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("1. 会议于 2011 年 5 月\n9 日在纽约\n举行。\n", encoding="utf-8")
    (folder / "b.txt").write_text("大会决定召开审议大会。大会决定召开审议大会。\n", encoding="utf-8")
    (folder / "manifest.json").write_text('{"documents": []}', encoding="utf-8")
    return folder


def test_contains_quote_ignores_all_whitespace_on_both_sides() -> None:
    assert contains_quote("会议于 2011 年 5 月\n9 日\t在纽约", "于2011年5月9日 在纽约")
    assert squash_whitespace(" a\u3000b\n c ") == "abc"


def test_contains_quote_is_otherwise_exact() -> None:
    assert not contains_quote("选举吉姆·麦克莱先生(新西兰)", "选举吉姆·麦克莱先生（新西兰）")  # full-width brackets
    assert not contains_quote("任何文本", "   ")  # an empty quote matches nothing


def test_read_dataset_reads_every_field(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.jsonl", _line(),
                  _line(id="q2", type="cross_doc", doc=["a.txt", "b.txt"], gold=["在纽约", "审议大会"]),
                  "", _line(id="q3", type="unanswerable", doc=None, gold=[]))
    items = read_dataset(path)
    assert [i.id for i in items] == ["q1", "q2", "q3"]
    assert items[0].docs == ("a.txt",) and items[0].gold == ("在纽约举行",) and items[0].answer == "纽约"
    assert items[1].docs == ("a.txt", "b.txt")
    assert items[2].docs == () and not items[2].answerable and items[0].answerable


@pytest.mark.parametrize(("bad", "message"), [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "expected a JSON object"),
    (json.dumps({"id": "q9", "question": "问？"}), "missing field(s) type, doc, gold"),
    (_line(id="q9", type="opinion"), "type 'opinion' is not one of"),
    (_line(id="q9", type="unanswerable", doc=None, gold=["x"]), "unanswerable question must have gold []"),
    (_line(id="q9", type="unanswerable", gold=[]), "unanswerable question must have doc null"),
    (_line(id="q9", type="cross_doc", doc=["a.txt"]), "cross_doc question needs doc = a list of at least 2"),
    (_line(id="q9", doc=None), "factoid question needs doc = one file name"),
    (_line(id="q9", gold=[]), "needs at least one gold quote"),
    (_line(id="q9", gold="在纽约"), "'gold' must be a list of strings"),
    (_line(id="q9", question=" "), "'question' is empty"),
    (_line(id="q1"), "id 'q1' already used on line 1"),
])
def test_read_dataset_names_the_line_and_the_problem(tmp_path: Path, bad: str, message: str) -> None:
    path = _write(tmp_path / "d.jsonl", _line(), bad)
    with pytest.raises(DatasetError) as error:
        read_dataset(path)
    assert f"{path}:2: " in str(error.value)
    assert message in str(error.value)


def test_read_dataset_rejects_an_empty_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="holds no questions"):
        read_dataset(_write(tmp_path / "d.jsonl", ""))


def test_check_accepts_quotes_that_differ_from_the_file_only_in_whitespace(tmp_path: Path, corpus: Path) -> None:
    path = _write(tmp_path / "d.jsonl", _line(gold=["于2011年5月9日在纽约举行"]))
    result = check(path, corpus)
    assert result.ok and result.questions == 1 and result.problems == ()


def test_check_reports_a_quote_missing_from_its_document(tmp_path: Path, corpus: Path) -> None:
    path = _write(tmp_path / "d.jsonl", _line(gold=["在日内瓦举行"]))
    result = check(path, corpus)
    assert not result.ok
    assert result.problems == ("q1: gold quote '在日内瓦举行' does not occur in a.txt",)


def test_check_reports_a_quote_that_occurs_only_in_another_document(tmp_path: Path, corpus: Path) -> None:
    result = check(_write(tmp_path / "d.jsonl", _line(gold=["召开审议大会"])), corpus)
    assert result.problems == ("q1: gold quote '召开审议大会' does not occur in a.txt",)


def test_check_reports_a_cross_doc_document_without_a_quote(tmp_path: Path, corpus: Path) -> None:
    path = _write(tmp_path / "d.jsonl", _line(type="cross_doc", doc=["a.txt", "b.txt"], gold=["在纽约"]))
    result = check(path, corpus)
    assert result.problems == ("q1: no gold quote comes from b.txt; a cross_doc question needs one per listed doc",)


def test_check_reports_an_unknown_document_file(tmp_path: Path, corpus: Path) -> None:
    result = check(_write(tmp_path / "d.jsonl", _line(doc="zzz.txt")), corpus)
    assert result.problems == ("q1: doc 'zzz.txt' is not a file of the corpus",)


def test_check_lists_every_bad_line_with_its_number(tmp_path: Path, corpus: Path) -> None:
    path = _write(tmp_path / "d.jsonl", "{oops", _line(), _line(id="q2", type="unanswerable", gold=[]))
    problems = check(path, corpus).problems
    assert len(problems) == 2
    assert problems[0].startswith(f"{path}:1: not valid JSON")
    assert problems[1].startswith(f"{path}:3: an unanswerable question must have doc null")


def test_check_warns_about_a_quote_repeated_in_the_corpus_without_failing(tmp_path: Path, corpus: Path) -> None:
    path = _write(tmp_path / "d.jsonl", _line(doc="b.txt", gold=["大会决定召开"]))
    result = check(path, corpus)
    assert result.ok
    assert result.repeated_quotes == ("q1: gold quote '大会决定召开' occurs 2 times (b.txt x2)",)


def test_check_reports_a_manifest_the_index_could_not_read(tmp_path: Path, corpus: Path) -> None:
    (corpus / "manifest.json").write_text("{}", encoding="utf-8")
    result = check(_write(tmp_path / "d.jsonl", _line()), corpus)
    assert not result.ok and "not a JSON object with a 'documents' list" in result.problems[0]


def test_check_warns_about_an_answerable_question_whose_quotes_lie_in_no_passage(tmp_path: Path) -> None:
    # a section heading of the RevCon3 outcome is in its document but in no passage: the scorer could never match it
    outcome = "004_1366cbd6226e3dfd.txt"
    path = _write(tmp_path / "d.jsonl",
                  _line(type="section", doc=outcome,
                        gold=["鼓励国际合作,充分有效地执行《行动纲领》和《国际追查文书》"]),
                  _line(id="q2", type="section", doc=outcome, gold=["继续改善捐助方之间、捐助方与受援方之间"]))
    result = check(path, PROJECT_ROOT / "poaqa_corpus")
    assert result.ok and result.problems == ()
    assert len(result.unscored) == 1 and result.unscored[0].startswith("q1: no gold quote lies inside a passage")


@pytest.mark.parametrize("dataset", sorted((PROJECT_ROOT / "eval" / "data").glob("*.jsonl")), ids=lambda p: p.name)
def test_every_committed_dataset_passes_the_check(dataset: Path) -> None:
    result = check(dataset, PROJECT_ROOT / "poaqa_corpus")
    assert result.problems == ()
    assert result.questions == sum(1 for line in dataset.read_text(encoding="utf-8").splitlines() if line.strip())
