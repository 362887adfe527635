"""The analysts' web app, served by the api at ``/`` from its build directory (``web/dist``).

* ``/assets/…`` are content-hashed by the build: a new build makes new names, so they are cached for a
  year as immutable. A missing asset is a 404, never the app, so a stale page fails loudly.
* Other files at the top of the build (``favicon.svg``) are served as they are, revalidated each time.
* Any other GET outside ``/api/`` answers ``index.html`` with ``Cache-Control: no-cache``, so a deep
  link or a reload lands in the app and a new build is picked up at once (the app routes on the hash,
  so this is mostly ``/`` itself).

:func:`mount_web` must be called after every other route is added: its fallback matches any path.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, status
from fastapi.responses import FileResponse
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


class _HashedAssets(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == status.HTTP_200_OK:
            response.headers["cache-control"] = IMMUTABLE
        return response


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
