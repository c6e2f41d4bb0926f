"""A draft as the detectors read it: the text's analysis, and beside it what the request says
about who posts it and where (identity mode, the organisation's policy pack, platform, the
published version). The analysis itself knows nothing of these (``analysis.py``), so that parsing
stands on its own; the pack comes in here, once, for the detectors that need its names and topics.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .analysis import LONG_DRAFT, Analysis, Token, parse, without_lone_surrogates
from .hints import Mode
from .packs import DEFAULT_PACK, Pack, load_pack

__all__ = ["LONG_DRAFT", "Draft", "Token", "analyse"]


@dataclass(frozen=True, kw_only=True)
class Draft(Analysis):
    """The parsed draft (every field and method of ``Analysis``) with the request's setting."""

    mode: Mode = "hybrid"
    pack: Pack
    platform: str | None = None
    previous_text: str | None = None

    @classmethod
    def of(cls, analysis: Analysis, *, pack: Pack, mode: Mode = "hybrid", platform: str | None = None,
           previous_text: str | None = None) -> Draft:
        """The analysis with the request's setting beside it (the analysis is not parsed again)."""
        parsed = {f.name: getattr(analysis, f.name) for f in fields(Analysis)}
        return cls(**parsed, mode=mode, pack=pack, platform=platform, previous_text=previous_text)


def analyse(
    text: str,
    *,
    mode: Mode = "hybrid",
    lang: str | None = None,
    pack: Pack | str = DEFAULT_PACK,
    platform: str | None = None,
    previous_text: str | None = None,
) -> Draft:
    """Parse the draft once and put the request's setting beside it."""
    if previous_text is not None:
        previous_text = without_lone_surrogates(previous_text)
    resolved_pack = load_pack(pack) if isinstance(pack, str) else pack
    return Draft.of(parse(text, lang), pack=resolved_pack, mode=mode, platform=platform, previous_text=previous_text)
