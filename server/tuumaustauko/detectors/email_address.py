"""E-mail addresses of a person, at any domain (internationalised ones too, in Unicode or punycode).

The organisation's published addresses (the pack's public contacts), role mailboxes on any
domain (kirjaamo@, info@, feedback@, noreply@ ...), placeholders (etunimi.sukunimi@,
example.com), file names (logo@2x.png) and a social-media handle (@name) are not personal
data and get no hint. An address on the organisation's own domain is an official's published work address: ``info``
(whether it belongs in a private post is the disclaimer family's question).
"""

from __future__ import annotations

import re
from functools import cache

from ..draft import Draft
from ..hints import Hint, Severity
from ..morphology import analyse_word
from ..ruledata import load_ruleset
from ._people import first_name

RULE = load_ruleset("personal_data_contact").rule("pd-email")

# The domain may be internationalised, in Unicode (müller.de, пример.рф) or in its punycode
# (xn--mller-kva.de, xn--e1afmkfd.xn--p1ai): labels of letters, digits and hyphens in any script,
# a top-level domain of letters or an "xn--" label.
EMAIL = re.compile(
    r"(?<![\w.+\-@])(?P<local>[A-Za-z0-9ÅÄÖåäöÜü_%+\-]+(?:\.[A-Za-z0-9ÅÄÖåäöÜü_%+\-]+)*)"
    r"@(?P<domain>[^\W_][\w-]*(?:\.[^\W_][\w-]*)*\.(?:xn--[a-z0-9-]{1,59}|[^\W\d_]{2,24}))(?![\w@-])",
    re.IGNORECASE,
)
# "[at]" / "(at)" spellings people use against harvesters.
OBFUSCATED = re.compile(
    # Bounded parts (an address's local part is at most 64 characters) keep this linear on long
    # runs of letters, digits and dashes, which the unbounded form backtracked through quadratically.
    r"(?<![\w.])(?P<local>[A-Za-z0-9_\-]{1,64}(?:\.[A-Za-z0-9_\-]{1,64}){0,8})\s?[\[(](?:at|ät)[\])]\s?"
    r"(?P<domain>[A-Za-z0-9\-]{1,63}(?:(?:\.|\s?[\[(](?:dot|piste|punkt)[\])]\s?)[A-Za-z0-9\-]{1,63}){1,8})(?!\w)",
    re.IGNORECASE,
)

# Spelled out in words: "jenna dot kowalski at gmail dot com", "ulla punkt sandberg snabel-a gmail
# punkt com", "petri.aaltonen (at) hotmail piste com". The "at" is a word (or bracketed), and the
# address must end in a top-level domain, spelled or not, so that "meet at the station" is no address.
_SPOKEN_DOT = r"(?:\.|[ \t]?[\[(][ \t]?(?:dot|piste|punkt)[ \t]?[\])][ \t]?|[ \t]+(?:dot|piste|punkt)[ \t]+)"
_SPOKEN_AT = (r"(?:[ \t]?[\[(][ \t]?(?:at|ät|snabel-a|miuku)[ \t]?[\])][ \t]?"
              r"|(?P<bare_at>[ \t]+(?:at|ät|snabel-a|miukumauku|miuku)[ \t]+))")
SPOKEN = re.compile(
    rf"(?<![\w.])(?P<local>[A-Za-z0-9_\-]{{1,64}}(?:{_SPOKEN_DOT}[A-Za-z0-9_\-]{{1,64}}){{0,4}}){_SPOKEN_AT}"
    rf"(?P<domain>[A-Za-z0-9\-]{{1,63}}(?:{_SPOKEN_DOT}[A-Za-z0-9\-]{{1,63}}){{0,3}}{_SPOKEN_DOT}"
    r"(?:com|fi|se|net|org|eu|io|co|uk|nu|info|me|dk|no|de|ax))(?!\w)",
    re.IGNORECASE,
)
# With a bare "at" ("met at Helsinki dot com") the local part must look like an address's (a dot,
# a digit, an underscore) or the domain be a mail provider's.
MAIL_PROVIDERS = frozenset({"gmail", "hotmail", "outlook", "live", "yahoo", "icloud", "me", "protonmail", "proton",
                            "gmx", "luukku", "suomi24", "kolumbus", "elisanet", "saunalahti", "welho", "telia",
                            "dnainternet", "msn", "aol", "mail", "spray", "bredband", "inet", "netti", "kotiposti",
                            "anvianet", "googlemail", "ymail", "zoho", "fastmail", "tutanota", "tuta", "comhem",
                            "tele2", "bahnhof", "btinternet", "btopenworld", "virginmedia", "talktalk", "ntlworld",
                            "t-online", "sky"})
# A local part's word that starts with two consonants that no Finnish, Swedish or English word starts with is an
# initial before a name (mvirtanen@, jsmith@, kjohansson@): a person's address, not a role's.
VOWELS = frozenset("aeiouyåäöüé")
WORD_ONSETS = frozenset({"bj", "bl", "br", "ch", "cl", "cr", "dj", "dr", "dw", "fj", "fl", "fr", "gj", "gl", "gn", "gr",
                         "hj", "kj", "kl", "kn", "kr", "kv", "lj", "mj", "nj", "ph", "pj", "pl", "pr", "ps", "qu", "rh",
                         "sc", "sh", "sj", "sk", "sl", "sm", "sn", "sp", "sq", "st", "sv", "sw", "th", "tj", "tr", "ts",
                         "tv", "tw", "wh", "wr"})
_SPELLED = re.compile(r"[ \t]?[\[(]?[ \t]?\b(?:dot|piste|punkt)\b[ \t]?[\])]?[ \t]?", re.IGNORECASE)


@cache
def _word_set(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


def _listed(key: str) -> frozenset[str]:
    return _word_set(tuple(RULE.data.get(key, ())))


def _is_a_name(part: str) -> bool:
    """A first name (the name lists', in any language) or a Finnish first name or surname (Voikko's)."""
    word = analyse_word(part)
    return bool(first_name(part)) or (word is not None and word.is_person_name)


def _names_someone(part: str) -> bool:
    """A part of a local part that could be a person's: a name, or an initial before a name or before
    letters no word starts with (mvirtanen, jsmith, kjohansson)."""
    if _is_a_name(part):
        return True
    initial, rest = part[:1], part[1:]
    if len(rest) < 3:
        return False
    return _is_a_name(rest) or (initial not in VOWELS and rest[:1] not in VOWELS and part[:2] not in WORD_ONSETS)


def _is_role_box(local: str, domain: str) -> bool:
    name = local.lower()
    roles = _listed("role_mailboxes")
    if name in roles:
        return True
    # kirjaamo.lvm@, info-fi@, press.office@, virta.asiakaspalvelu@: a role word as the first or the last part of
    # the local part (a person's address is their names: liisa.korhonen@).
    parts = re.split(r"[.\-_+]", name)
    if parts[0] in roles or parts[-1] in roles:
        return True
    # At an organisation's domain (not a mail provider's), a local part of words that name no one is a role's
    # mailbox too (huijaus@, konfirmand@, nuorisotyö@, grants@), whatever the word: a person's address there
    # carries the person's name (liisa.korhonen@, mvirtanen@), and one with digits is a nickname.
    labels = domain.lower().split(".")[:-1]  # not the top-level domain (.me)
    return (MAIL_PROVIDERS.isdisjoint(labels) and len(name) >= 3
            and all(part.isalpha() for part in parts) and not any(_names_someone(part) for part in parts))


def _severity(draft: Draft, local: str, domain: str) -> Severity | None:
    address = f"{local}@{domain}"
    if draft.pack.is_public_contact("email", address):
        return None
    if _is_role_box(local, domain) or local.lower() in _listed("placeholder_locals"):
        return None
    domain_l = domain.lower()
    if domain_l.rsplit(".", 1)[-1] in _listed("file_endings"):
        return None
    if any(domain_l == d or domain_l.endswith("." + d) for d in _listed("placeholder_domains")):
        return None
    if draft.pack.is_work_email(address):
        return "info"
    return RULE.severity


def _looks_like_an_address(m: re.Match[str]) -> bool:
    local = m.group("local")
    provider = _SPELLED.split(m.group("domain"), maxsplit=1)[0].split(".")[0].lower()
    return provider in MAIL_PROVIDERS or bool(re.search(r"[._\d]", local)) or bool(_SPELLED.search(local))


def _patterns_that_can_match(draft: Draft) -> list[re.Pattern[str]]:
    """An address needs an "@"; a spelled-out one an "at]" or "at)" (or "ät"): two substring tests
    spare the scans of a long draft without them."""
    low = draft.lower
    patterns = [EMAIL] if "@" in low else []
    if any(mark in low for mark in ("at]", "at)", "ät]", "ät)")):
        patterns.append(OBFUSCATED)
    if any(mark in low for mark in (" at ", "at]", "at)", "ät", "snabel-a", "miuku")) and any(
            mark in low for mark in ("dot", "piste", "punkt")):
        patterns.append(SPOKEN)
    return patterns


def detect(draft: Draft) -> list[Hint]:
    hints: list[Hint] = []
    for pattern in _patterns_that_can_match(draft):
        for m in pattern.finditer(draft.text):
            if any(h.overlaps(m.start(), m.end()) for h in hints):
                continue
            if pattern is SPOKEN and m.group("bare_at") and not _looks_like_an_address(m):
                continue
            domain = _SPELLED.sub(".", re.sub(r"\s?[\[(]\w+[\])]\s?", ".", m.group("domain")))
            severity = _severity(draft, _SPELLED.sub(".", m.group("local")), domain)
            if severity is not None:
                hints.append(RULE.hint(draft, m.start(), m.end(), severity=severity))
    return hints
