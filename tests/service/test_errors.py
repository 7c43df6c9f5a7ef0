"""Error messages for clients: validation errors in one line that says what came instead; no server path in them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from service.errors import describe_validation_errors, without_paths


def test_a_configured_path_under_the_working_directory_is_shown_relative(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    index = tmp_path / "var" / "index"
    message = f"no index at {index}; lock {index}.versions/.lock held"
    assert without_paths(message, {"POAQA_INDEX_DIR": index}) == "no index at var/index; lock var/index.versions/" \
                                                                 ".lock held"


def test_a_configured_path_elsewhere_is_named_by_its_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    index = Path("/srv/poaqa/index")
    assert without_paths(f"index at {index} is corrupt", {"POAQA_INDEX_DIR": index}) == \
        "index at $POAQA_INDEX_DIR is corrupt"


def test_a_symlinked_parent_is_recognised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real"
    real.mkdir()
    os.symlink(real, tmp_path / "link")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    message = f"no index at {real / 'index'}"
    assert without_paths(message, {"POAQA_INDEX_DIR": tmp_path / "link" / "index"}) == \
        "no index at $POAQA_INDEX_DIR"


def test_any_other_absolute_path_is_hidden() -> None:
    message = "cannot read /home/op/models/e5/config.json: no such file; 65/64 and A/RES/65/64 stay"
    assert without_paths(message, {}) == "cannot read <path>: no such file; 65/64 and A/RES/65/64 stay"


def test_validation_errors_say_what_was_sent_instead() -> None:
    status, message = describe_validation_errors([
        {"type": "int_type", "loc": ("body", "top_k"), "msg": "Input should be a valid integer", "input": "5" * 60}])
    assert status == 422
    assert message == f'top_k: Input should be a valid integer; got a string "{"5" * 39}…'
