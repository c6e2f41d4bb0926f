"""gitleaks' secret rules, run in Python as gitleaks runs them.

The rules are data: ``data/secrets/gitleaks.json``, written by ``scripts/secrets_rules.py`` from
gitleaks' ``config/gitleaks.toml`` at the commit recorded in the file (MIT). For each rule, as in
gitleaks' ``detect.go``:

- keyword prefilter: the rule's expression runs only when one of its keywords is in the
  lowercased draft (one substring test per keyword);
- the secret is the rule's ``secret_group`` or, without one, the first non-empty group, or the
  whole match;
- entropy floor: a secret whose Shannon entropy is at most the rule's ``entropy`` is no finding;
- allow-lists, the global one and the rule's own: a regex on the secret, the match or the line,
  or a stop word inside the secret, lets the finding go.

What gitleaks decides from a file's path or a commit does not apply to a draft (the script lists
the rules left out for that). A ``gitleaks:allow`` comment does not excuse a secret in a post.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .datafiles import read_data_json

DATA_FILE = "secrets/gitleaks.json"


def shannon_entropy(value: str) -> float:
    """Bits per byte as gitleaks counts them: characters counted, divided by the UTF-8 length."""
    if not value:
        return 0.0
    size = len(value.encode("utf-8"))
    return -sum(n / size * math.log2(n / size) for n in Counter(value).values())


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    """Compiled on first use: a check wakes a few of the rules, and compiling all 217 at the first
    check cost 90 ms of the service's start."""
    return re.compile(pattern, re.ASCII)  # Go's \w, \d, \s and \b are ASCII


@dataclass(frozen=True)
class Allowlist:
    target: str  # "secret" | "match" | "line"
    patterns: tuple[str, ...]
    stopwords: tuple[str, ...]
    all_must_hold: bool  # gitleaks' condition "AND"

    def allows(self, secret: str, match: str, line: str) -> bool:
        target = {"match": match, "line": line}.get(self.target, secret)
        checks: list[bool] = []
        if self.patterns:
            checks.append(bool(target) and any(_compile(p).search(target) for p in self.patterns))
        if self.stopwords:
            lowered = secret.lower()
            checks.append(bool(secret) and any(w in lowered for w in self.stopwords))
        return all(checks) if self.all_must_hold else any(checks)


@dataclass(frozen=True)
class SecretRule:
    id: str
    pattern: str  # without the identifier's prefix (IDENTIFIER_PREFIX)
    keywords: tuple[str, ...]
    entropy: float
    secret_group: int
    allowlists: tuple[Allowlist, ...]
    prefix: int = 0  # how many [\w.-] characters before it a match may begin (gitleaks' lazy prefix)

    @property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.pattern)


# gitleaks' semi-generic rules begin with "[\w.-]{0,50}?" (after "(?i)" or inside "(?i:"): a lazy
# prefix that lets a match begin up to 50 identifier characters before the identifier (my_okta_key).
# Python's engine tries those 50 starts at every position of the draft (RE2 does not), which cost
# 1.8 s on a 20,000-character draft of keywords; so the expression runs without it, and the prefix
# is put back by walking left from the match (``_with_prefix``): the same secrets, the same matches.
IDENTIFIER_PREFIX = re.compile(r"^(\(\?i\)|\(\?i:)?\[\\w\.-\]\{0,(\d+)\}\?")
PREFIX_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")


@dataclass(frozen=True)
class Finding:
    rule: str
    start: int  # the secret's span in the text
    end: int


def _allowlist(raw: dict[str, Any]) -> Allowlist:
    return Allowlist(str(raw.get("target", "secret")), tuple(str(r) for r in raw.get("regexes", ())),
                     tuple(str(w) for w in raw.get("stopwords", ())), raw.get("condition") == "AND")


@dataclass(frozen=True)
class RuleSet:
    commit: str
    source: str
    rules: tuple[SecretRule, ...]
    unused: tuple[tuple[str, str], ...]  # (rule id, why a draft cannot use it)
    allowlist: Allowlist
    by_keyword: dict[str, tuple[int, ...]]  # keyword -> indexes of the rules it wakes

    def rules_woken_by(self, lower: str, contains: Callable[[str], bool] | None = None) -> list[SecretRule]:
        """The rules one of whose keywords is in the (lowercased) text, in the file's order.
        ``contains``: the test of a keyword, when the caller has a quicker one than ``in lower``."""
        woken: set[int] = set()
        test = lower.__contains__ if contains is None else contains
        for keyword, indexes in self.by_keyword.items():
            if test(keyword):
                woken.update(indexes)
        return [self.rules[i] for i in sorted(woken)]


def _rule(raw: dict[str, Any]) -> SecretRule:
    regex = str(raw["regex"])
    prefix = IDENTIFIER_PREFIX.match(regex)
    return SecretRule(
        id=str(raw["id"]),
        pattern=regex[: prefix.start()] + (prefix.group(1) or "") + regex[prefix.end():] if prefix else regex,
        keywords=tuple(raw.get("keywords", ())),
        entropy=float(raw.get("entropy", 0.0)),
        secret_group=int(raw.get("secret_group", 0)),
        allowlists=tuple(_allowlist(a) for a in raw.get("allowlists", ())),
        prefix=int(prefix.group(2)) if prefix else 0,
    )


@cache
def gitleaks_rules() -> RuleSet:
    data = read_data_json(DATA_FILE)
    rules = tuple(_rule(raw) for raw in data["rules"])
    by_keyword: dict[str, list[int]] = {}
    for i, rule in enumerate(rules):
        for keyword in rule.keywords:
            by_keyword.setdefault(keyword, []).append(i)
    glob = data.get("allowlist", {})
    return RuleSet(
        commit=str(data["commit"]),
        source=str(data["source"]),
        rules=rules,
        unused=tuple((str(u["id"]), str(u["reason"])) for u in data.get("unused", ())),
        allowlist=Allowlist("secret", tuple(str(r) for r in glob.get("regexes", ())),
                            tuple(str(w) for w in glob.get("stopwords", ())), False),
        by_keyword={k: tuple(v) for k, v in by_keyword.items()},
    )


def _secret_span(rule: SecretRule, m: re.Match[str]) -> tuple[int, int]:
    if m.re.groups == 0:
        return m.span()
    if rule.secret_group:
        return m.span(rule.secret_group)
    for group in range(1, m.re.groups + 1):
        start, end = m.span(group)
        if end > start:
            return start, end
    return m.span()


def _line_around(text: str, start: int, end: int) -> str:
    return text[text.rfind("\n", 0, start) + 1: (e if (e := text.find("\n", end)) >= 0 else len(text))]


def _with_prefix(text: str, start: int, limit: int, floor: int) -> int:
    r"""Where a match that the lazy prefix [\w.-]{0,limit}? would open begins: the leftmost of up to
    ``limit`` identifier characters before ``start``, not before ``floor`` (the previous match's end)."""
    i = start
    while i > floor and start - i < limit and text[i - 1] in PREFIX_CHARS:
        i -= 1
    return i


def rule_findings(rule: SecretRule, text: str, allowlist: Allowlist | None = None) -> list[Finding]:
    """One rule's findings in a text (no keyword test: the caller made it)."""
    found: list[Finding] = []
    previous_end = 0
    for m in rule.regex.finditer(text):
        start, end = m.span()
        if rule.prefix:
            start = _with_prefix(text, start, rule.prefix, previous_end)
        previous_end = end
        while start < end and text[start] == "\n":
            start += 1
        while end > start and text[end - 1] == "\n":
            end -= 1
        if end <= start:
            continue
        s_start, s_end = _secret_span(rule, m)
        secret, match = text[s_start:s_end], text[start:end]
        if rule.entropy and shannon_entropy(secret) <= rule.entropy:
            continue
        line = _line_around(text, start, end) if any(a.target == "line" for a in rule.allowlists) else ""
        if allowlist is not None and allowlist.allows(secret, match, line):
            continue
        if any(a.allows(secret, match, line) for a in rule.allowlists):
            continue
        found.append(Finding(rule.id, s_start, s_end))
    return found


def find_secrets(text: str, lower: str | None = None, contains: Callable[[str], bool] | None = None) -> list[Finding]:
    """Every rule's findings in a text, in the rules' order. ``contains``: as ``in lower``, quicker
    (a draft's ``lower_contains``: 241 keywords scanned through 20,000 characters cost 6 ms)."""
    rules = gitleaks_rules()
    lower = text.lower() if lower is None else lower
    found: list[Finding] = []
    for rule in rules.rules_woken_by(lower, contains):
        found += rule_findings(rule, text, rules.allowlist)
    return found
