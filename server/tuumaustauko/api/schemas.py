"""The v1 contract's request and response bodies (../shared/API.md); /openapi.json is generated from these."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from ..allowances import MAX_ENTRIES, MAX_KIND, MAX_TEXT

MAX_TEXT_UTF16 = 20_000
MAX_BODY_BYTES = 256 * 1024


class AllowIn(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)

    kind: StrictStr = Field(min_length=1, max_length=MAX_KIND, description="The hint's kind, e.g. phone.")
    text: StrictStr = Field(min_length=1, max_length=MAX_TEXT,
                            description="The span's text; case and runs of white space are ignored.")


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)

    text: StrictStr = Field(description="The draft as the compose box holds it; at most 20,000 UTF-16 code units.")
    mode: Literal["official", "hybrid", "private"] = Field("hybrid", description="Identity mode.")
    lang: Literal["fi", "sv", "en"] | None = Field(None, description="Language hint; detected when absent.")
    platform: StrictStr | None = Field(None, max_length=253, description="The site, e.g. x.com.")
    previous_text: StrictStr | None = Field(None, description="The already published version, when editing.")
    pack: StrictStr | None = Field(None, max_length=64, description="The organisation's policy pack.")
    allow: list[AllowIn] | None = Field(
        None, max_length=MAX_ENTRIES,
        description="The writer's own allowances: a hint of that kind on that text is left out. Never a critical hint.")


class HintOut(BaseModel):
    id: str
    category: str
    kind: str
    severity: Literal["info", "warning", "critical"]
    rule: int = Field(ge=1, le=10)
    start: int = Field(ge=0, description="UTF-16 code units, inclusive.")
    end: int = Field(ge=0, description="UTF-16 code units, exclusive.")
    message: str
    suggestion: str
    replacement: str | None = None


class StockmannOut(BaseModel):
    score: float = Field(ge=0, le=1)
    level: Literal["low", "medium", "high"]
    reasons: list[str]


class AnalysisOut(BaseModel):
    meaning: Literal["ready", "loading", "off"] = Field(
        description="Whether the layer that reads meaning (trained heads over sentence embeddings) took part.")
    read: float = Field(ge=0, le=1, description="Share of the draft's characters the meaning layer has read.")


class CheckResponse(BaseModel):
    lang: Literal["fi", "sv", "en"]
    mode: Literal["official", "hybrid", "private"]
    hints: list[HintOut]
    stockmann: StockmannOut
    pack: str = Field(description="The policy pack the draft was checked against.")
    analysis: AnalysisOut | None = Field(None, description="How the draft was read.")
    allowed: int = Field(0, ge=0, description="How many hints the request's `allow` left out.")


class RuleOut(BaseModel):
    id: int
    title: str
    text: str
    source: str


class PackOut(BaseModel):
    id: str
    name: dict[str, str]
    languages: list[str]


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str
    meaning: Literal["ready", "loading", "off"] | None = Field(
        None, description="The meaning layer: read and answering, still being read, or not available.")
    morphology: dict[str, Literal["voikko", "reduced"]] | None = Field(
        None, description="How Finnish words are analysed: by Voikko, or (without it) from the lemma table "
                          "alone, which knows fewer inflected forms, compounds and names.")


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[dict[str, str]] | None = None


class ErrorOut(BaseModel):
    error: ErrorBody
