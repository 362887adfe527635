"""The analysts' web app, served by the api at ``/`` from its build directory (``web/dist``).

* ``/assets/…`` are content-hashed by the build: a new build makes new names, so they are cached for a
  year as immutable. A missing asset is a 404, never the app, so a stale page fails loudly. Text assets
  (scripts, styles, source maps, SVG) go gzipped to browsers that accept it: compressed once per file
  and kept, since a hashed file never changes.
* Other files at the top of the build (``favicon.svg``) are served as they are, revalidated each time.
* Any other GET outside ``/api/`` answers ``index.html`` with ``Cache-Control: no-cache``, so a deep
  link or a reload lands in the app and a new build is picked up at once (the app routes on the hash,
  so this is mostly ``/`` itself).

:func:`mount_web` must be called after every other route is added: its fallback matches any path.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import anyio
from fastapi import FastAPI, HTTPException, status
from fastapi.responses import FileResponse
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


COMPRESSIBLE = frozenset({".js", ".mjs", ".css", ".map", ".svg", ".json", ".txt", ".html"})
MIN_COMPRESS_BYTES = 1024


def _gzip_file(path: str) -> bytes | None:
    raw = Path(path).read_bytes()
    return gzip.compress(raw, compresslevel=9, mtime=0) if len(raw) >= MIN_COMPRESS_BYTES else None


def _accepts_gzip(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"accept-encoding":
            return any(part.split(b";")[0].strip() == b"gzip" for part in value.split(b","))
    return False


class _HashedAssets(StaticFiles):
    def __init__(self, *, directory: Path) -> None:
        super().__init__(directory=directory)
        self._gzipped: dict[str, bytes] = {}

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code != status.HTTP_200_OK:
            return response
        response.headers["cache-control"] = IMMUTABLE
        if Path(path).suffix not in COMPRESSIBLE:
            return response
        response.headers["vary"] = "accept-encoding"
        if scope.get("method") != "GET" or not _accepts_gzip(scope):
            return response
        body = self._gzipped.get(path)
        if body is None:
            full, _ = self.lookup_path(path)
            body = await anyio.to_thread.run_sync(_gzip_file, full)
            if body is None:
                return response
            self._gzipped[path] = body
        dropped = ("content-length", "accept-ranges")
        headers = {key: value for key, value in response.headers.items() if key not in dropped}
        headers["content-encoding"] = "gzip"
        return Response(body, headers=headers, media_type=response.media_type)


def mount_web(app: FastAPI, dist: Path) -> None:
    """Serve the built app in ``dist`` at ``/``; nothing at all when ``dist`` has no ``index.html``."""
    dist = dist.resolve()
    index = dist / "index.html"
    if not index.is_file():
        return
    assets = dist / "assets"
    if assets.is_dir():
        app.mount("/assets", _HashedAssets(directory=assets), name="web-assets")

    @app.get("/{path:path}", include_in_schema=False)
    async def web_app(path: str) -> FileResponse:
        if path == "api" or path.startswith(("api/", "assets/")):
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no route /{path}")
        if path:
            candidate = (dist / path).resolve()
            if candidate.is_relative_to(dist) and candidate.is_file():
                return FileResponse(candidate, headers={"cache-control": REVALIDATE})
        return FileResponse(index, media_type="text/html", headers={"cache-control": REVALIDATE})
