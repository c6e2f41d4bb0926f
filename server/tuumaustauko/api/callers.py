"""Who may call the service (../shared/API.md, "Who may call it").

Any web page can make a browser send requests to localhost, so every request passes,
in order: the Host check (DNS rebinding), the Origin check (web pages are refused,
extension origins and origin-less clients pass), CORS preflights (answered for extension
origins only), and, on /v1/*, the bearer token, compared in constant time.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..pairing import TokenStore
from .errors import error_response

EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "authorization, content-type",
    "Access-Control-Max-Age": "600",
    "Vary": "Origin",
}


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset(f"{name}:{port}" for name in LOOPBACK_NAMES)


def is_extension_origin(origin: str) -> bool:
    lowered = origin.lower()
    return any(lowered.startswith(s) and len(lowered) > len(s) for s in EXTENSION_SCHEMES)


class CallerGate:
    """ASGI middleware that lets through only the callers the contract allows."""

    def __init__(self, app: ASGIApp, *, port: int, tokens: TokenStore) -> None:
        self.app = app
        self.hosts = allowed_hosts(port)
        self.tokens = tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host", "").strip().lower()
        if host not in self.hosts:
            await error_response(403, "forbidden_host", "This service answers only on the loopback address.")(
                scope, receive, send
            )
            return
        origin = headers.get("origin")
        if origin is not None and not is_extension_origin(origin):
            await error_response(403, "forbidden_origin", "Web pages may not call this service.")(
                scope, receive, send
            )
            return
        cors = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"} if origin else {}
        if scope["method"] == "OPTIONS":
            if origin is None or "access-control-request-method" not in headers:
                await error_response(403, "forbidden_preflight", "Preflights are answered for extensions only.")(
                    scope, receive, send
                )
                return
            preflight = {**PREFLIGHT_HEADERS, "Access-Control-Allow-Origin": origin}
            if headers.get("access-control-request-private-network") == "true":
                preflight["Access-Control-Allow-Private-Network"] = "true"
            await _empty(204, preflight)(scope, receive, send)
            return
        if scope["path"].startswith("/v1/") and not self._authorised(headers):
            await error_response(
                401, "unauthorized", "A valid token is needed: run `tuumaustauko token` and pair the extension.",
                headers={"WWW-Authenticate": "Bearer", **cors},
            )(scope, receive, send)
            return
        if not cors:
            await self.app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in cors.items()]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def _authorised(self, headers: Headers) -> bool:
        scheme, _, presented = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            return False
        return self.tokens.matches(presented.strip())


def _empty(status: int, headers: dict[str, str]) -> Response:
    return Response(status_code=status, headers=headers)
