"""Property tests of the analysis: any Unicode at all, and the advisor never fails.

Offsets stay inside the text, and at the HTTP edge they never split a surrogate pair.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuumaustauko.advisor import check
from tuumaustauko.api.app import advice_to_response
from tuumaustauko.offsets import utf16_length

TRICKY = st.sampled_from([
    "\u0000", "\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\u0301", "\u0308", "\ud800", "\udfff",
    "😀", "👍🏽", "👨‍👩‍👧", "🇫🇮", "ﬁ", "İ", "ß", "Σ", "\u05d0", "\u0627", "\n", "\r\n", "\t", "  ",
    "131052-308T", "TL IV", "FI21 1234 5600 0007 85", "salasana: x", "ministeriön", "@lvm.fi", "!!!",
])
DRAFTS = st.lists(st.one_of(st.text(max_size=40), TRICKY), max_size=30).map("".join)
MODES = st.sampled_from(["official", "hybrid", "private"])
LANGS = st.sampled_from([None, "fi", "sv", "en"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=DRAFTS, mode=MODES, lang=LANGS, previous=st.one_of(st.none(), DRAFTS))
def test_any_draft_gets_advice_with_offsets_inside_the_text(
    text: str, mode: str, lang: str | None, previous: str | None
) -> None:
    advice = check(text, mode=mode, lang=lang, previous_text=previous)  # type: ignore[arg-type]
    for hint in advice.hints:
        assert 0 <= hint.start <= hint.end <= len(text)
        assert 1 <= hint.rule <= 10
        assert hint.message
    assert 0.0 <= advice.stockmann.score <= 1.0

    body = advice_to_response(advice)
    units = text.encode("utf-16-le", "surrogatepass")
    assert len(units) // 2 == utf16_length(text)
    for hint in body["hints"]:
        assert 0 <= hint["start"] <= hint["end"] <= utf16_length(text)
        for offset in (hint["start"], hint["end"]):
            if 0 < offset < len(units) // 2:
                unit = int.from_bytes(units[offset * 2:offset * 2 + 2], "little")
                previous_unit = int.from_bytes(units[offset * 2 - 2:offset * 2], "little")
                # never between a high and a low surrogate of one character
                assert not (0xD800 <= previous_unit <= 0xDBFF and 0xDC00 <= unit <= 0xDFFF)


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_hint_ids_are_unique_within_a_response(text: str) -> None:
    body = advice_to_response(check(text))
    ids = [h["id"] for h in body["hints"]]
    assert len(ids) == len(set(ids))
