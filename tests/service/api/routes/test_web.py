"""The web page's routes (/, /documents/{doc_id}, /static/...) and the Chinese examples of the OpenAPI docs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import service.web

WEB_DIR = Path(service.web.__file__).parent
EXAMPLES = ["2018年第三次审议大会在哪里举行？", "2011年政府专家会议讨论了哪些议程项目？",
            "65/64号决议对非法中介活动说了什么？"]
CJK = re.compile(r"[\u4e00-\u9fff]")
OPERATOR_ROUTES = {"/healthz", "/metrics", "/v1/admin/reindex"}


def test_ask_page_is_chinese_html_with_the_example_questions(fake_client: TestClient) -> None:
    response = fake_client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert '<html lang="zh-CN">' in page and 'name="viewport"' in page
    assert "行动纲领文件问答" in page and all(question in page for question in EXAMPLES)
    assert '<script src="/static/app.js" defer></script>' in page and 'href="/static/app.css"' in page


def test_document_page_is_the_document_view_shell(fake_client: TestClient) -> None:
    response = fake_client.get("/documents/revcon3-report-2018")
    assert response.status_code == 200 and response.headers["content-type"] == "text/html; charset=utf-8"
    assert 'data-page="document"' in response.text and 'id="doc-body"' in response.text


@pytest.mark.parametrize(("name", "media_type"), [("app.js", "text/javascript"), ("app.css", "text/css")])
def test_static_files_are_served_with_their_type(fake_client: TestClient, name: str, media_type: str) -> None:
    response = fake_client.get(f"/static/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media_type}; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert response.text == (WEB_DIR / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["__init__.py", "index.html", "missing.js"])
def test_anything_else_under_static_is_404_with_the_list(fake_client: TestClient, name: str) -> None:
    response = fake_client.get(f"/static/{name}")
    assert response.status_code == 404
    assert response.json()["detail"] == f"no static file {name!r}; the files are: app.css, app.js, docs.js"


@pytest.mark.parametrize("path", ["/static/..%2F..%2Fconfig.py", "/static/../config.py", "/static/"])
def test_no_path_leads_out_of_the_web_folder(fake_client: TestClient, path: str) -> None:
    assert fake_client.get(path).status_code == 404


def test_web_files_load_nothing_from_other_hosts() -> None:
    # the page must work offline: no CDN, no web font, no remote script
    for path in WEB_DIR.iterdir():
        if path.suffix in (".html", ".css", ".js"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"https?://|//[a-z0-9-]+\.[a-z]", text), path.name
            assert "@import" not in text and "url(" not in text, path.name


def test_pages_are_left_out_of_the_openapi_schema(fake_client: TestClient) -> None:
    paths = fake_client.get("/openapi.json").json()["paths"]
    assert "/" not in paths and "/documents/{doc_id}" not in paths and "/static/{name}" not in paths
    assert "/retrieval" in paths


def test_every_api_endpoint_has_a_chinese_summary_and_examples(fake_client: TestClient) -> None:
    paths = fake_client.get("/openapi.json").json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert CJK.search(operation.get("summary", "")), where
            content = operation["responses"]["200"]["content"]
            examples = [media.get("example") or media.get("examples") for media in content.values()]
            assert all(examples), where
            if path not in OPERATOR_ROUTES:  # their answers hold no document text
                assert CJK.search(json.dumps(examples, ensure_ascii=False)), where
            if "requestBody" in operation:
                body = operation["requestBody"]["content"]["application/json"]
                assert CJK.search(json.dumps(body.get("examples"), ensure_ascii=False)), where
            for status, response in operation["responses"].items():
                if status.startswith("4") and status != "422" or status == "503":
                    assert response.get("content", {}).get("application/json"), f"{where} {status}"


def test_ask_examples_show_an_answer_and_an_abstention(fake_client: TestClient) -> None:
    ask = fake_client.get("/openapi.json").json()["paths"]["/v1/ask"]["post"]
    examples = ask["responses"]["200"]["content"]["application/json"]["examples"]
    assert examples["answer"]["value"]["answerable"] is True
    # (the schema drops null values, so the abstention's "answer": null does not show)
    assert examples["abstain"]["value"]["answerable"] is False and not examples["abstain"]["value"].get("answer")
    assert ask["requestBody"]["content"]["application/json"]["examples"]["question"]["value"]["question"] == EXAMPLES[0]


def test_api_docs_load_their_files_from_the_service_not_a_cdn(fake_client: TestClient) -> None:
    page = fake_client.get("/docs")
    assert page.status_code == 200 and "swagger-ui-bundle.js" in page.text
    assert "cdn." not in page.text and "https://" not in page.text.replace("https://fastapi.tiangolo.com", "")
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert fake_client.get(f"/static-offline-docs/{asset}").status_code == 200


def test_the_page_says_in_both_languages_why_any_rule_withheld_an_answer() -> None:
    from service.question.facts import ZEROING_RULES

    script = (WEB_DIR / "app.js").read_text(encoding="utf-8")
    for reason in (*ZEROING_RULES, "no_sentence", "confidence"):
        assert script.count(f"reason_{reason}:") == 2, reason  # the Chinese labels and the English ones
