"""The dashboard: a FastAPI app with server-rendered pages and a JSON API.

Everything a page needs is served by the app itself (styles, scripts, and
plotly.js from the installed ``plotly`` package), so it works offline; a
Content-Security-Policy header forbids loading anything from elsewhere.
The store is read from a snapshot (see :mod:`detente.web.snapshot`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from detente import __version__
from detente.errors import DetenteError, InputError, NotFoundError, StoreError
from detente.web import api, pages
from detente.web.cache import COMPUTE_SLOTS, CSP, AnswerCache, ResponseCache
from detente.web.snapshot import SnapshotStore
from detente.web.warm import Warmer

__all__ = ["CSP", "ResponseCache", "api_reference", "create_app", "plotly_js"]

log = logging.getLogger(__name__)

REFRESH_S = 2.0
"""Least seconds between two looks at the store file for a newer copy."""
STOP_WAIT_S = 5.0
"""Most seconds the server waits for the warming task when it stops."""

def plotly_js() -> Path:
    """The plotly.js bundle shipped inside the ``plotly`` Python package."""
    return Path(str(resources.files("plotly").joinpath("package_data", "plotly.min.js")))


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path in ("/openapi.json", "/docs")


def _error(
    request: Request, status: int, message: str, details: list[str] | None = None
) -> Response:
    if _wants_json(request):
        body: dict[str, object] = {"detail": message}
        if details:
            body["errors"] = details
        return JSONResponse(body, status_code=status)
    return pages.render(request, "error.html", status_code=status, title=f"Error {status}",
                        code=status, message=message, details=details or [],
                        fill_now=True)  # fmt: skip


def _validation_messages(exc: RequestValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path"))
        out.append(f"{where}: {err.get('msg', 'invalid value')}")
    return out


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    if schema.get("type") == "array" and "items" in schema:
        return "array of " + _type(schema["items"])
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    kind = str(schema.get("type", "any"))
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _constraints(schema: dict[str, Any]) -> str:
    parts = [f"{key} {schema[key]}" for key in
             ("minimum", "maximum", "minLength", "maxLength", "pattern") if key in schema]  # fmt: skip
    for sub in schema.get("anyOf", []):
        text = _constraints(sub)
        if text:
            parts.append(text)
    return ", ".join(parts)


def api_reference(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The endpoints of an OpenAPI schema, flattened for the ``/docs`` page."""
    out = []
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            ok = (
                op.get("responses", {})
                .get("200", {})
                .get("content", {})
                .get("application/json", {})
            )
            params = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "required": p.get("required", False),
                    "type": _type(p.get("schema", {})),
                    "constraints": _constraints(p.get("schema", {})),
                    "default": p.get("schema", {}).get("default", ""),
                    "description": p.get("description")
                    or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            out.append({
                "id": op.get("operationId", path), "method": method.upper(), "path": path,
                "summary": op.get("summary", ""), "description": op.get("description", ""),
                "params": params, "response": _type(ok.get("schema", {})),
            })  # fmt: skip
    return out


def create_app(
    db: str | Path,
    *,
    refresh_s: float = REFRESH_S,
    warm: int = 0,
    workers: int = COMPUTE_SLOTS,
) -> FastAPI:
    """The dashboard app for a store file.

    Args:
        db: the store ``detente ingest`` writes (read through a snapshot, never locked).
        refresh_s: least seconds between two checks for a newer store file: a
            page shows new data at most this long (plus the copy) after it is stored.
        warm: answers computed ahead after each new data version (see
            :mod:`detente.web.warm`; ``0``: none).
        workers: answers computed at once (see :mod:`detente.web.cache`).
    """
    snapshot = SnapshotStore(db, refresh_s=refresh_s)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # the first copy now: an ingest starting before the first request would prevent it
        await anyio.to_thread.run_sync(snapshot.refresh)
        warmer = Warmer(app.state.answers, snapshot, warm, app) if warm > 0 else None
        app.state.warmer = warmer
        task = asyncio.get_running_loop().create_task(warmer.run()) if warmer else None
        try:
            yield
        finally:
            if warmer is not None and task is not None:
                warmer.stop()
                task.cancel()
                # never wait for long: a server that cannot stop is worse than an unfinished warming
                done, _ = await asyncio.wait({task}, timeout=STOP_WAIT_S)
                if not done:
                    log.warning("the warming task did not stop within %.0f s", STOP_WAIT_S)
            snapshot.close()

    app = FastAPI(
        title="detente dashboard",
        version=__version__,
        description="Relations between countries from the news: events (one per happening, "
        "with every report), relation series by event date, diplomatic ties and sanctions "
        "over time, quotes. Every page of the dashboard has its JSON twin under /api.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.snapshot = snapshot
    app.state.answers = None
    app.state.warmer = None
    app.add_middleware(AnswerCache, snapshot=snapshot, cache=ResponseCache(), workers=workers,
                       owner=app.state)  # fmt: skip

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return _error(request, 503, str(exc))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        # a parameter the analysis refuses (a range of too many periods): the request is invalid
        return _error(request, 422, str(exc))

    @app.exception_handler(DetenteError)
    async def detente_error(request: Request, exc: DetenteError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, "invalid request parameters", _validation_messages(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _error(request, 500, "internal error (logged on the server)")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> Response:
        schema = app.openapi()
        return pages.render(request, "docs.html", title="API", info=schema["info"],
                            endpoints=api_reference(schema))  # fmt: skip

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_bundle() -> FileResponse:
        return FileResponse(plotly_js(), media_type="text/javascript")

    app.mount(
        "/static",
        StaticFiles(directory=str(resources.files("detente.web").joinpath("static"))),
        name="static",
    )
    app.include_router(api.router)
    app.include_router(pages.router)
    return app
