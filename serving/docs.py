"""Offline API docs: Swagger UI served from the ``swagger-ui-bundle-v2`` package, never from a CDN.

FastAPI's default ``/docs`` page loads Swagger UI's script and style from jsDelivr, which fails in
a hospital network without internet. Here the same page points at ``/docs/static``, mounted from
the files the package ships. Without the package, ``/docs`` says how to install it.
"""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, PlainTextResponse
from starlette.staticfiles import StaticFiles

STATIC = "/docs/static"


def swagger_ui_dir() -> str | None:
    """The folder of the bundled Swagger UI files, or None when the package is not installed."""
    try:
        import swagger_ui_bundle
    except ImportError:
        return None
    return str(swagger_ui_bundle.swagger_ui_path)


def install_docs(app: FastAPI) -> None:
    """``/docs`` (Swagger UI, offline) and its OAuth2 redirect; the app must be built with ``docs_url=None``."""
    folder = swagger_ui_dir()
    if folder is None:
        @app.get("/docs", include_in_schema=False)
        async def docs_missing() -> PlainTextResponse:
            return PlainTextResponse("API docs need the swagger-ui-bundle-v2 package: pip install 'oncostruct[serve]'. "
                                     "The OpenAPI document is at /openapi.json.", status_code=404)
        return
    app.mount(STATIC, StaticFiles(directory=folder), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} API",
                                   swagger_js_url=f"{STATIC}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{STATIC}/swagger-ui.css",
                                   swagger_favicon_url=f"{STATIC}/favicon-32x32.png",
                                   oauth2_redirect_url="/docs/oauth2-redirect")

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    async def oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()
