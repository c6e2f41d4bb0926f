"""The HTTP layer: routes of the v1 contract over the advisor package, nothing more.

Offsets turn into UTF-16 code units here and nowhere else. Every failure is a 4xx JSON
error that never echoes the draft; the draft itself is never logged.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..advisor import Advice, check
from ..allowances import MAX_ENTRIES, MAX_TEXT, NO_ALLOWANCES, AllowanceError, Allowances
from ..analysis import morphology_status
from ..guideline import guideline_rule, guideline_rules
from ..hints import CATEGORY_ID_PREFIX, LANGS
from ..meaning import defer_loading, start_loading
from ..meaning import status as meaning_status
from ..memory import return_freed_memory
from ..offsets import Utf16Offsets, utf16_length
from ..packs import DEFAULT_PACK, UnknownPackError, available_packs, load_pack
from ..pairing import TokenStore
from ..pipelines import pipeline
from .callers import CallerGate
from .errors import ApiError, error_response
from .schemas import (
    MAX_BODY_BYTES,
    MAX_TEXT_UTF16,
    AnalysisOut,
    CheckRequest,
    CheckResponse,
    ErrorOut,
    HealthOut,
    HintOut,
    PackOut,
    RuleOut,
    StockmannOut,
)

log = logging.getLogger(__name__)

DEFAULT_PORT = 8470


def advice_to_response(advice: Advice) -> dict[str, Any]:
    """The contract's response body for one piece of advice (offsets in UTF-16 code units)."""
    to_utf16 = Utf16Offsets(advice.draft.text)
    hints: list[dict[str, Any]] = []
    for hint in advice.hints:
        start, end = to_utf16(hint.start), to_utf16(hint.end)
        out = HintOut(
            id=f"{CATEGORY_ID_PREFIX.get(hint.category, hint.category)}-{hint.kind}-{start}-{end}",
            category=hint.category,
            kind=hint.kind,
            severity=hint.severity,
            rule=hint.rule,
            start=start,
            end=end,
            message=hint.message,
            suggestion=hint.suggestion,
            replacement=hint.replacement,
        )
        hints.append(out.model_dump(exclude_none=True))
    stockmann = StockmannOut(
        score=advice.stockmann.score, level=advice.stockmann.level, reasons=list(advice.stockmann.reasons)
    )
    return {
        "lang": advice.lang,
        "mode": advice.mode,
        "hints": hints,
        "stockmann": stockmann.model_dump(),
        "pack": advice.draft.pack.id,
        "analysis": AnalysisOut(meaning=advice.meaning.status, read=advice.meaning.read).model_dump(),
        "allowed": advice.allowed,
    }


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError(413, "body_too_large", f"The request body may be at most {MAX_BODY_BYTES} bytes.")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_BODY_BYTES:
            raise ApiError(413, "body_too_large", f"The request body may be at most {MAX_BODY_BYTES} bytes.")
    return bytes(body)


def _validation_details(exc: ValidationError) -> list[dict[str, str]]:
    """Where and what, never the input value itself (it may be the draft)."""
    return [
        {"field": ".".join(str(p) for p in err["loc"]) or "body", "problem": err["msg"]}
        for err in exc.errors(include_input=False, include_url=False)
    ]


async def parse_check_request(request: Request) -> CheckRequest:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the request body as application/json.")
    body = await _read_body(request)
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ApiError(400, "malformed_json", "The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise ApiError(422, "invalid_request", "The request body must be a JSON object with a 'text' field.")
    try:
        parsed = CheckRequest.model_validate(data)
    except ValidationError as exc:
        details = _validation_details(exc)
        if any(d["field"].split(".")[0] == "allow" for d in details):
            raise ApiError(422, "invalid_allow", ALLOW_SHAPE, details) from None
        raise ApiError(422, "invalid_request", "The request does not match the contract.", details) from None
    for name, value in (("text", parsed.text), ("previous_text", parsed.previous_text)):
        if value is not None and utf16_length(value) > MAX_TEXT_UTF16:
            raise ApiError(413, "text_too_long", f"'{name}' may be at most {MAX_TEXT_UTF16} UTF-16 code units.")
    return parsed


ALLOW_SHAPE = (f"'allow' must be a list of at most {MAX_ENTRIES} objects "
               f'{{"kind": string, "text": string}}, each text 1 to {MAX_TEXT} characters.')


def allowances_of(parsed: CheckRequest) -> Allowances:
    """The request's allowances for the advisor (the schema has checked their shape)."""
    if not parsed.allow:
        return NO_ALLOWANCES
    try:
        return Allowances.of((a.kind, a.text) for a in parsed.allow)
    except AllowanceError as exc:  # white space only, which the schema cannot see
        raise ApiError(422, "invalid_allow", f"{ALLOW_SHAPE} {exc}") from None


def _lang_param(request: Request) -> str:
    lang = request.query_params.get("lang", "fi")
    if lang not in LANGS:
        raise ApiError(422, "invalid_lang", "lang must be one of fi, sv, en.")
    return lang


def _rule_out(number: int, lang: str) -> dict[str, Any]:
    r = guideline_rule(number, lang)
    return RuleOut(id=r.id, title=r.title, text=r.text, source=r.source).model_dump()


def openapi_document() -> dict[str, Any]:
    models: list[type[BaseModel]] = [
        CheckRequest, CheckResponse, HintOut, StockmannOut, AnalysisOut, RuleOut, PackOut, HealthOut, ErrorOut,
    ]
    _, defs = models_json_schema(
        [(m, "validation" if m is CheckRequest else "serialization") for m in models],
        ref_template="#/components/schemas/{model}",
    )
    schemas = defs.get("$defs", {})

    def ref(name: str) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/{name}"}

    def json_content(name: str) -> dict[str, Any]:
        return {"application/json": {"schema": ref(name)}}

    def error(description: str) -> dict[str, Any]:
        return {"description": description, "content": json_content("ErrorOut")}

    guarded = {
        "401": error("Missing or wrong token."),
        "403": error("Host or Origin not allowed."),
    }
    lang_param = {
        "name": "lang", "in": "query", "required": False,
        "schema": {"type": "string", "enum": list(LANGS), "default": "fi"},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Tuumaustauko advisor",
            "version": __version__,
            "description": "A local compose-time advisor for social-media drafts. See API.md.",
        },
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "paths": {
            "/v1/check": {
                "post": {
                    "summary": "Check a draft",
                    "security": [{"bearer": []}],
                    "requestBody": {"required": True, "content": json_content("CheckRequest")},
                    "responses": {
                        "200": {
                            "description": "Hints and the Stockmann score.", "content": json_content("CheckResponse"),
                        },
                        "400": error("Malformed JSON."),
                        **guarded,
                        "413": error("Body or text too large."),
                        "415": error("Body is not application/json."),
                        "422": error("The request does not match the contract."),
                    },
                }
            },
            "/v1/rules": {
                "get": {
                    "summary": "The guideline's ten rules for participants",
                    "security": [{"bearer": []}],
                    "parameters": [lang_param],
                    "responses": {
                        "200": {"description": "The rules.", "content": {"application/json": {
                            "schema": {"type": "array", "items": ref("RuleOut")}}}},
                        **guarded,
                        "422": error("Unknown language."),
                    },
                }
            },
            "/v1/rules/{n}": {
                "get": {
                    "summary": "One rule",
                    "security": [{"bearer": []}],
                    "parameters": [
                        {"name": "n", "in": "path", "required": True,
                         "schema": {"type": "integer", "minimum": 1, "maximum": 10}},
                        lang_param,
                    ],
                    "responses": {
                        "200": {"description": "The rule.", "content": json_content("RuleOut")},
                        **guarded,
                        "404": error("No such rule."),
                        "422": error("Unknown language."),
                    },
                }
            },
            "/v1/packs": {
                "get": {
                    "summary": "The organisation policy packs",
                    "security": [{"bearer": []}],
                    "responses": {
                        "200": {"description": "The packs.", "content": {"application/json": {
                            "schema": {"type": "array", "items": ref("PackOut")}}}},
                        **guarded,
                    },
                }
            },
            "/health": {
                "get": {
                    "summary": "Status and version",
                    "responses": {
                        "200": {"description": "Up.", "content": json_content("HealthOut")},
                        "403": error("Host or Origin not allowed."),
                    },
                }
            },
        },
    }


class ErrorGuard:
    """The last line: whatever goes wrong inside answers as a JSON 4xx, never a 500 or a traceback."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # noqa: BLE001 - the service never crashes on a draft
            log.error("request failed: %s", type(exc).__name__)  # the type only: never the draft
            if not started:
                await error_response(422, "unprocessable", "The request could not be processed.")(
                    scope, receive, send
                )


WARM_UP_DRAFTS = {"fi": "Hei kaikki! Tapasin Matti Virtasen Helsingissä.", "sv": "Hej alla! Jag träffade Anna Lind.",
                  "en": "Hello all! I met John Smith."}
FIRST_LANGUAGE = "fi"  # the guideline's language: ready before the service listens


def warm_up(languages: tuple[str, ...] = LANGS) -> None:
    """Load the pipelines, language profiles and rule data of these languages now, so that the first
    draft is as quick as the rest."""
    for lang in languages:
        check(WARM_UP_DRAFTS[lang], lang=lang)  # rule data, and the recognizer's first run
    check("Tuumaustauko on taukoa ajattelulle ennen julkaisua.")  # language identification
    return_freed_memory()


# The other languages are read once the first draft has been answered (it should not share the
# CPU with their loading), or after this many seconds without one.
LOAD_AHEAD_AFTER_S = 2.0


def load_other_languages_ahead(first_answer: threading.Event | None = None) -> threading.Thread:
    """Read the other languages' pipelines in a thread of their own while the service already
    answers, once ``first_answer`` is set or LOAD_AHEAD_AFTER_S have passed; a draft in one of
    them that comes first waits for its pipeline (a few tenths of a second)."""
    def load() -> None:
        if first_answer is not None:
            first_answer.wait(LOAD_AHEAD_AFTER_S)
        for lang in LANGS:
            if lang != FIRST_LANGUAGE:
                pipeline(lang)
        return_freed_memory()

    thread = threading.Thread(target=load, name="tuumaustauko-pipelines", daemon=True)
    thread.start()
    return thread


def create_app(
    *,
    port: int = DEFAULT_PORT,
    tokens: TokenStore | None = None,
    default_pack: str = DEFAULT_PACK,
    warm_every_language: bool = True,
    meaning_in_background: bool = False,
) -> Starlette:
    """The service. ``port`` is the one the Host check expects; ``tokens`` the pairing token in force.
    ``warm_every_language=False`` readies Finnish before answering and reads the other languages'
    pipelines in a thread once the service listens (a quicker start; not before a fork).
    ``meaning_in_background=True`` reads the meaning layer (encoder and heads) only once the
    service listens, in each process that serves (the encoder must not run before a fork); until
    then the rules answer alone and the answer says so."""
    load_pack(default_pack)  # an unknown default pack fails at start, not on the first draft
    if meaning_in_background:
        defer_loading()
    warm_up(LANGS if warm_every_language else (FIRST_LANGUAGE,))
    token_store = tokens or TokenStore()
    openapi = openapi_document()

    first_answer = threading.Event()

    async def check_endpoint(request: Request) -> Response:
        try:
            return await answer_check(request)
        finally:
            first_answer.set()

    async def answer_check(request: Request) -> Response:
        parsed = await parse_check_request(request)
        try:
            pack = load_pack(parsed.pack or default_pack)
        except UnknownPackError:
            raise ApiError(422, "unknown_pack", "No such policy pack; GET /v1/packs lists them.") from None
        advice = check(
            parsed.text,
            mode=parsed.mode,
            lang=parsed.lang,
            pack=pack,
            platform=parsed.platform,
            previous_text=parsed.previous_text,
            allow=allowances_of(parsed),
        )
        return JSONResponse(advice_to_response(advice))

    async def rules_endpoint(request: Request) -> Response:
        lang = _lang_param(request)
        return JSONResponse([_rule_out(r.id, lang) for r in guideline_rules(lang)])

    async def rule_endpoint(request: Request) -> Response:
        lang = _lang_param(request)
        number = request.path_params["n"]
        try:
            return JSONResponse(_rule_out(number, lang))
        except KeyError:
            raise ApiError(404, "unknown_rule", "Rules are numbered 1 to 10.") from None

    async def packs_endpoint(request: Request) -> Response:
        return JSONResponse([PackOut(**p.summary()).model_dump() for p in available_packs()])

    async def health_endpoint(request: Request) -> Response:
        return JSONResponse(HealthOut(status="ok", version=__version__, meaning=meaning_status(),
                                      morphology=morphology_status()).model_dump())

    async def openapi_endpoint(request: Request) -> Response:
        return JSONResponse(openapi)

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.code, exc.message, exc.details)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        codes = {404: "not_found", 405: "method_not_allowed"}
        messages = {404: "No such endpoint.", 405: "This endpoint does not take that method."}
        status = exc.status_code if 400 <= exc.status_code < 500 else 422
        code, message = codes.get(status, "bad_request"), messages.get(status, "Bad request.")
        return error_response(status, code, message, headers=dict(exc.headers or {}))

    routes = [
        Route("/v1/check", check_endpoint, methods=["POST"]),
        Route("/v1/rules", rules_endpoint, methods=["GET"]),
        Route("/v1/rules/{n:int}", rule_endpoint, methods=["GET"]),
        Route("/v1/packs", packs_endpoint, methods=["GET"]),
        Route("/health", health_endpoint, methods=["GET"]),
        Route("/openapi.json", openapi_endpoint, methods=["GET"]),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not warm_every_language:
            load_other_languages_ahead(first_answer)
        if meaning_in_background:
            start_loading()
        yield

    return Starlette(
        lifespan=lifespan,
        routes=routes,
        middleware=[
            Middleware(ErrorGuard),
            Middleware(CallerGate, port=port, tokens=token_store),
        ],
        exception_handlers={ApiError: api_error, HTTPException: http_error},
    )
