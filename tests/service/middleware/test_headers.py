"""Security headers on every response: nosniff, no framing, a Content-Security-Policy allowing only the service's
own files (ReDoc's page: also inline styles); the pages that the policy governs run no inline script."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from service.middleware.headers import REDOC_CSP, STRICT_CSP


@pytest.mark.parametrize("path", ["/", "/documents/res-65-64", "/docs", "/static/app.js", "/healthz", "/v1/documents",
                                  "/openapi.json", "/no-such-page"])
def test_every_response_has_the_security_headers(fake_client: TestClient, path: str) -> None:
    headers = fake_client.get(path).headers
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert headers["content-security-policy"] == STRICT_CSP
    assert "frame-ancestors 'none'" in STRICT_CSP and "default-src 'self'" in STRICT_CSP


def test_redoc_may_use_inline_styles_but_no_inline_script(fake_client: TestClient) -> None:
    response = fake_client.get("/redoc")
    assert response.status_code == 200 and response.headers["content-security-policy"] == REDOC_CSP
    assert "script-src" not in REDOC_CSP and "'unsafe-inline'" in REDOC_CSP.split("style-src")[1].split(";")[0]
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.text)


@pytest.mark.parametrize("path", ["/", "/documents/res-65-64", "/docs"])
def test_the_pages_have_no_inline_script_or_style(fake_client: TestClient, path: str) -> None:
    page = fake_client.get(path).text
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "an inline script would be blocked by the CSP"
    assert "<style" not in page and " style=" not in page and not re.search(r"\son[a-z]+=", page)


def test_the_docs_page_loads_swagger_ui_from_the_service(fake_client: TestClient) -> None:
    page = fake_client.get("/docs").text
    assert '<script src="/static-offline-docs/swagger-ui-bundle.js"></script>' in page
    assert '<script src="/static/docs.js"></script>' in page
    assert "SwaggerUIBundle({" in fake_client.get("/static/docs.js").text
