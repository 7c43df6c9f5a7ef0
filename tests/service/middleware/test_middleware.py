"""The middleware together: CORS only for the configured origins; answers made by a middleware (413, 429, 500)
still carry the request id and the security headers, in Dify's format on /retrieval."""

from __future__ import annotations

from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings, updated
from service.deps import Engine

ORIGIN = "https://conference.example.org"


def test_cors_is_off_by_default(fake_client: TestClient) -> None:
    response = fake_client.get("/v1/documents", headers={"Origin": ORIGIN})
    assert "access-control-allow-origin" not in response.headers


def test_cors_allows_the_configured_origins_only(fake_settings: Settings, fake_engine: Engine) -> None:
    settings = updated(fake_settings, {"service.cors_origins": ORIGIN})
    with TestClient(create_app(settings, engine=fake_engine)) as client:
        preflight = client.options("/v1/ask", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                                                       "Access-Control-Request-Headers": "authorization,content-type"})
        allowed = client.post("/v1/ask", json={"question": "标识"}, headers={"Origin": ORIGIN})
        other = client.post("/v1/ask", json={"question": "标识"}, headers={"Origin": "https://evil.example"})
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == ORIGIN
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    assert "x-request-id" in allowed.headers["access-control-expose-headers"].lower()
    assert "access-control-allow-origin" not in other.headers


def test_a_middleware_answer_has_the_id_and_headers_and_difys_format(fake_settings: Settings,
                                                                     fake_engine: Engine) -> None:
    settings = updated(fake_settings, {"service.max_body_bytes": 1024})
    with TestClient(create_app(settings, engine=fake_engine)) as client:
        ask = client.post("/v1/ask", content=b"x" * 2000, headers={"X-Request-ID": "big-1"})
        dify = client.post("/retrieval", content=b"x" * 2000)
    assert ask.status_code == 413 and ask.headers["x-request-id"] == "big-1"
    assert ask.headers["x-content-type-options"] == "nosniff" and "detail" in ask.json()
    assert dify.status_code == 413 and dify.json()["error_code"] == 3001
    assert dify.json()["error_msg"].startswith("the request body has 2000 bytes, above the limit of 1024 bytes")


def test_an_unhandled_error_is_a_json_500_naming_the_request_id(fake_settings: Settings,
                                                                fake_engine: Engine) -> None:
    app = create_app(fake_settings, engine=fake_engine)

    @app.get("/broken", include_in_schema=False)
    def broken() -> None:
        raise RuntimeError("a bug")

    with TestClient(app) as client:
        response = client.get("/broken", headers={"X-Request-ID": "bug-7"})
    assert response.status_code == 500 and response.headers["x-request-id"] == "bug-7"
    assert response.json() == {"detail": "internal error; please report it with the request id bug-7"}
