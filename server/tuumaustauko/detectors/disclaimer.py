"""Whose view is it (guideline rules 2 and 3): three checks that depend on the identity mode.

- ``missing`` (hybrid, private): an opinion on the organisation's matters (the pack's names
  and topics) that does not say whether it is the writer's own view or the official position.
- ``personal_in_official`` (official): first-person opinions or feelings on the
  organisation's account; quotations of what someone said are the organisation's news.
- ``work_email`` (private): an address in the pack's e-mail domains, other than the
  organisation's published role addresses.

Word lists live in data/rules/disclaimer.yaml; a pack may add its own ``disclaimers``.
"""

from __future__ import annotations

import re
from functools import cache

from ..draft import Draft
from ..hints import Hint, Lang
from ..packs import Pack
from ..ruledata import load_ruleset
from ..textmatch import Lexicon, TermMatch
from ..whose_view import says_whose_view

RULES = load_ruleset("disclaimer")
MISSING = RULES.rule("disc-missing")
PERSONAL_IN_OFFICIAL = RULES.rule("disc-personal-in-official")
WORK_EMAIL = RULES.rule("disc-work-email")

# Words that point back to the previous sentence ("Ministeriö esitti X. Se on virhe.").
_REFERS_BACK = {
    "fi": re.compile(r"(?i)\b(?:se|sen|sitä|siitä|tämä|tämän|tätä|tästä|näin|nämä|ne|niitä)\b"),
    "sv": re.compile(r"(?i)\b(?:det|den|detta|denna|dessa|de)\b"),
    "en": re.compile(r"(?i)\b(?:it|this|that|these|those|they)\b"),
}
_QUOTED = re.compile(r"[\"“”«»„][^\"“”«»„\n]{1,500}[\"“”«»„]")
_DASH_LINE = re.compile(r"^\s*[–—-]\s")
# The words said end right before the verb of saying: a comma or a closing quotation mark.
_AFTER_WORDS_SAID = re.compile(r"[,\"”»’']\s*$")
_EMAIL = re.compile(
    r"(?<![\w.+-])([\w.+-]+)(?:@|\s?[(\[]\s?at\s?[)\]]\s?)((?:[\w-]+\.)+[a-z]{2,})(?![\w-])",
    re.IGNORECASE,
)


@cache
def _lexicon(key: str, lang: Lang) -> Lexicon:
    return RULES.lexicon(key, lang)


def _overlaps(match: TermMatch, spans: list[tuple[int, int]]) -> bool:
    return any(s < match.end and match.start < e for s, e in spans)


def opinions(draft: Draft) -> list[TermMatch]:
    """Opinion words and markers, without those that are part of a greeting or formula."""
    masks = [(m.start, m.end) for m in _lexicon("not_opinion", draft.lang).finditer(draft)]
    return [m for m in _lexicon("opinion", draft.lang).find_all(draft) if not _overlaps(m, masks)]


def _matters(draft: Draft) -> list[tuple[int, int]]:
    """The organisation's names, unless in a sentence about workplace social life, and its
    topics where the sentence names a policy. Only sentences with a name or topic are read."""
    lang = draft.lang
    policy, social = _lexicon("policy", lang), _lexicon("social", lang)
    found: list[tuple[int, int]] = []
    policy_sentences: dict[tuple[int, int], bool] = {}
    for topic in draft.pack.topic_terms(lang).find_all(draft):
        sentence = draft.sentence_span(topic.start)
        if sentence not in policy_sentences:
            policy_sentences[sentence] = policy.matches_text(draft, *sentence)
        if policy_sentences[sentence]:
            found.append((topic.start, topic.end))
    social_sentences: dict[tuple[int, int], bool] = {}
    for name in draft.pack.organisation_terms(lang).find_all(draft):
        sentence = draft.sentence_span(name.start)
        if sentence not in social_sentences:
            social_sentences[sentence] = social.matches_text(draft, *sentence)
        if policy_sentences.get(sentence) or not social_sentences[sentence]:
            found.append((name.start, name.end))
    return found


def _opinion_on_matters(draft: Draft, opinion: TermMatch, matters: list[tuple[int, int]]) -> bool:
    """The opinion's sentence names the organisation or one of its topics, or refers back to
    the previous sentence that does."""
    index = draft.sentence_index(opinion.start)
    start, end = draft.sentence_span(opinion.start)
    if any(start <= s and e <= end and not (s < opinion.end and opinion.start < e) for s, e in matters):
        return True
    if index == 0 or not _REFERS_BACK[draft.lang].search(draft.text, start, end):
        return False
    p_start, p_end = draft.sentences[index - 1]
    return any(p_start <= s and e <= p_end for s, e in matters)


def missing_disclaimer(draft: Draft) -> list[Hint]:
    if not MISSING.applies_to(draft):
        return []
    matters = _matters(draft)  # most drafts name none of the organisation's matters: the cheap exit
    if not matters:
        return []
    found = opinions(draft)
    if not found or says_whose_view(draft):
        return []
    if any(_opinion_on_matters(draft, op, matters) for op in found):
        return [MISSING.hint(draft, 0, 0)]
    return []


def _reported_speech(draft: Draft, cue: TermMatch, quoted: list[tuple[int, int]]) -> bool:
    if any(s <= cue.start and cue.end <= e for s, e in quoted):
        return True
    attribution = _lexicon("attribution", draft.lang)
    start, end = draft.sentence_span(cue.start)
    if attribution.matches_text(draft, start, end):
        return True
    return _on_a_dash_line_saying_who_spoke(draft, cue.start, cue.end)


def _on_a_dash_line_saying_who_spoke(draft: Draft, start: int, end: int) -> bool:
    """``start:end`` is on a line that opens with a dash and names a verb of saying ("– Olen
    tyytyväinen ratkaisuun, sanoo ministeri.")."""
    line_start = draft.text.rfind("\n", 0, start) + 1
    line_end = draft.text.find("\n", end)
    line_end = len(draft.text) if line_end < 0 else line_end
    return bool(_DASH_LINE.match(draft.text, line_start)) and _lexicon("attribution", draft.lang).matches_text(
        draft, line_start, line_end)


def quotes_someone(draft: Draft, start: int, end: int) -> bool:
    """The text at ``start:end`` is someone's words the account reports: inside quotation marks, on a dash
    line that says who said them, or in a sentence whose verb of saying follows the words said ("– Olen
    tyytyväinen, sanoo liikenneministeri.", "\"I am delighted,\" said the minister"). On the organisation's
    account that is its news, not its personal opinion; the meaning layer's personal-opinion hints ask it
    of the sentence they flag. Stricter than the detector's own test: a verb of saying anywhere in the
    sentence ("rehellisesti sanottuna", "send your comments") is not enough."""
    if any(s <= start and end <= e for s, e in (m.span() for m in _QUOTED.finditer(draft.text))):
        return True
    if _on_a_dash_line_saying_who_spoke(draft, start, end):
        return True
    sentence_start, sentence_end = draft.sentence_span(start)
    return any(sentence_start <= m.start and m.end <= sentence_end
               and _AFTER_WORDS_SAID.search(draft.text, sentence_start, m.start)
               for m in _lexicon("attribution", draft.lang).find_all(draft))


def personal_in_official(draft: Draft) -> list[Hint]:
    if not PERSONAL_IN_OFFICIAL.applies_to(draft):
        return []
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(draft.text)]
    hints: list[Hint] = []
    sentences_seen: set[int] = set()
    for cue in _lexicon("first_person", draft.lang).find_all(draft):
        sentence = draft.sentence_index(cue.start)
        if sentence in sentences_seen or _reported_speech(draft, cue, quoted):
            continue
        sentences_seen.add(sentence)
        hints.append(PERSONAL_IN_OFFICIAL.hint(draft, cue.start, cue.end))
    return hints


def _published_addresses(pack: Pack) -> set[str]:
    listed = [*pack.public_contacts.get("email", ()), *(pack.official_channels.get("emails") or ())]
    return {str(a).lower() for a in listed}


def work_email(draft: Draft) -> list[Hint]:
    if not WORK_EMAIL.applies_to(draft) or not draft.pack.email_domains:
        return []
    published = _published_addresses(draft.pack)
    hints: list[Hint] = []
    for m in _EMAIL.finditer(draft.text):
        address = f"{m.group(1)}@{m.group(2)}".lower()
        if draft.pack.is_work_email(address) and address not in published:
            hints.append(WORK_EMAIL.hint(draft, m.start(), m.end()))
    return hints


def detect(draft: Draft) -> list[Hint]:
    return missing_disclaimer(draft) + personal_in_official(draft) + work_email(draft)
