"""GET / (the ask page), GET /documents/{doc_id} (the document view), GET /docs (Swagger UI) and /static/{name}: the
web pages' files."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

import service.web

WEB_DIR = Path(service.web.__file__).resolve().parent
# the only files served: nothing else in the package folder (its __init__.py) is reachable
ASSETS = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8",
          "docs.js": "text/javascript; charset=utf-8"}
HTML = "text/html; charset=utf-8"
# revalidate every time (cheap: FileResponse sends ETag/Last-Modified), so an upgrade is seen at once
NO_CACHE = {"Cache-Control": "no-cache"}

# pages, not API: left out of /docs
router = APIRouter(include_in_schema=False)


@router.get("/")
def ask_page() -> FileResponse:
    return FileResponse(WEB_DIR / "index.html", media_type=HTML, headers=NO_CACHE)


@router.get("/documents/{doc_id}")
def document_page(doc_id: str) -> FileResponse:
    """The page shell; its script loads /v1/documents/{doc_id} and says so in words when that fails."""
    return FileResponse(WEB_DIR / "document.html", media_type=HTML, headers=NO_CACHE)


@router.get("/docs")
def api_docs_page() -> FileResponse:
    """Swagger UI, its files served by FastAPIOffline under /static-offline-docs, started by /static/docs.js."""
    return FileResponse(WEB_DIR / "docs.html", media_type=HTML, headers=NO_CACHE)


@router.get("/static/{name}")
def static_file(name: str) -> FileResponse:
    media_type = ASSETS.get(name)
    if media_type is None:
        raise HTTPException(status_code=404,
                            detail=f"no static file {name!r}; the files are: {', '.join(sorted(ASSETS))}")
    return FileResponse(WEB_DIR / name, media_type=media_type, headers=NO_CACHE)
