"""The dashboard: a FastAPI app with server-rendered pages and a JSON API.

Everything a page needs is served by the app itself (styles, scripts, and
plotly.js from the installed ``plotly`` package), so it works offline; a
Content-Security-Policy header forbids loading anything from elsewhere.
The store is read from a snapshot (see :mod:`detente.web.snapshot`).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from detente import __version__
from detente.errors import DetenteError, InputError, NotFoundError, StoreError
from detente.web import api, pages
from detente.web.snapshot import SnapshotStore

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'"
)


CacheKey = tuple[int, str, str, bytes]


class ResponseCache:
    """Successful GET responses of the current snapshot, least recently used dropped first.

    A snapshot never changes (see :mod:`detente.web.snapshot`), so an answer
    computed on it stays right until the next copy; the key holds the copy's
    generation and status message, so a new copy (or a writer appearing)
    empties the cache.

    Args:
        max_bytes: the most body bytes kept.
        max_body: larger answers are not kept.
    """

    def __init__(self, max_bytes: int = 32 * 1024 * 1024, max_body: int = 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.max_body = max_body
        self._entries: OrderedDict[CacheKey, tuple[bytes, dict[str, str]]] = OrderedDict()
        self._bytes = 0
        self._state: tuple[int, str] | None = None

    def get(self, key: CacheKey) -> Response | None:
        """The kept answer for ``key``, or ``None``."""
        if self._state != key[:2]:
            self._entries.clear()
            self._bytes = 0
            self._state = key[:2]
            return None
        found = self._entries.get(key)
        if found is None:
            return None
        self._entries.move_to_end(key)
        return Response(found[0], status_code=200, headers=found[1])

    def put(self, key: CacheKey, body: bytes, headers: dict[str, str]) -> None:
        """Keep an answer (unless it is too large, or the snapshot moved on)."""
        if len(body) > self.max_body or self._state != key[:2]:
            return
        replaced = self._entries.pop(key, None)  # two requests computed it at once
        if replaced is not None:
            self._bytes -= len(replaced[0])
        self._entries[key] = (body, headers)
        self._bytes += len(body)
        while self._bytes > self.max_bytes and self._entries:
            _, (dropped, _) = self._entries.popitem(last=False)
            self._bytes -= len(dropped)


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
                        code=status, message=message, details=details or [])  # fmt: skip


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


def create_app(db: str | Path, *, refresh_s: float = 2.0) -> FastAPI:
    """The dashboard app for a store file.

    Args:
        db: the store ``detente ingest`` writes (read through a snapshot, never locked).
        refresh_s: least seconds between two checks for a newer store file.
    """
    snapshot = SnapshotStore(db, refresh_s=refresh_s)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # the first copy now: an ingest starting before the first request would prevent it
        await anyio.to_thread.run_sync(snapshot.refresh)
        yield
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
    cache = ResponseCache()

    @app.middleware("http")
    async def headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        # HTML forms send empty fields; a page treats them as absent.
        if not request.url.path.startswith("/api") and request.scope.get("query_string"):
            pairs = parse_qsl(
                request.scope["query_string"].decode("latin-1"), keep_blank_values=True
            )
            request.scope["query_string"] = urlencode(
                [(k, v) for k, v in pairs if v.strip()]
            ).encode()
        key: CacheKey | None = None
        if request.method == "GET" and not request.url.path.startswith(("/static", "/api/status")):
            if snapshot.check_due():  # else no thread hop: a cached answer needs none
                await anyio.to_thread.run_sync(snapshot.refresh)
            state = (snapshot.generation, snapshot.status().message)
            key = (*state, request.url.path, request.scope.get("query_string", b""))
        hit = cache.get(key) if key else None
        if hit is not None:
            response = hit
            response.headers["x-detente-cache"] = "hit"
        else:
            response = await call_next(request)
            if key and response.status_code == 200:
                body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
                headers = {k: v for k, v in response.headers.items() if k != "content-length"}
                cache.put(key, body, headers)
                response = Response(body, status_code=200, headers={**headers, "x-detente-cache": "miss"})
        if not request.url.path.startswith("/docs"):
            response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

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
