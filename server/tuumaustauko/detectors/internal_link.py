"""Addresses inside a private network or an intranet: they leak the inside's layout and lead nowhere outside.

A ``warning`` for:

- a private IPv4 address (10.x, 172.16-31.x, 192.168.x) inside a URL or with a port;
- a host name under a private suffix (``.local``, ``.lan``, ``.internal``, ``.intra``,
  ``.corp``…) or starting with ``intra.``/``intranet.``;
- a Windows share path ``\\\\server\\share`` and a ``file://`` URL;
- an organisation's SharePoint site (``*.sharepoint.com/sites/…``);
- a host the policy pack lists in ``intranet_hosts`` (``intra.lvm.fi``).

``info`` for a bare private address with no URL or port (often a version number or a home
router) and for ``localhost``/``127.0.0.1`` (usually a tutorial); nothing for public
addresses such as ``lvm.fi`` or ``8.8.8.8``.
"""

from __future__ import annotations

import ipaddress
import re

from ..draft import Draft
from ..hints import Hint, Severity
from ..ruledata import load_ruleset

RULES = load_ruleset("security")
RULE = RULES.rule("sec-internal-link")

URL = re.compile(r"(?i)(?<![\w@.])(?:(?:https?|ftp|smb|sftp|ssh|rdp|vnc)://|www\.)[^\s<>\"'`]{1,2048}")
FILE_URL = re.compile(r"(?i)(?<![\w])file:/{2,3}[^\s<>\"'`]{1,2048}")
UNC = re.compile(r"(?<![\w\\])\\\\[A-Za-z0-9][\w.$-]{0,62}\\[^\s<>\"'`|]{1,1024}")
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?P<port>:\d{2,5})?(?![\w]|\.\d)")
PRIVATE_SUFFIXES = r"(?:local|lan|internal|intra|intranet|corp|localdomain|home\.arpa|private)"
HOST = re.compile(
    rf"(?i)(?<![\w.@/-])(?:[a-z0-9][\w-]{{0,62}}\.){{1,8}}{PRIVATE_SUFFIXES}(?::\d{{2,5}})?(?![\w-]|\.\w)"
)
INTRA_PREFIX = re.compile(
    r"(?i)(?<![\w.@/-])intra(?:net)?\.[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,6}\.[a-z]{2,24}(?![\w-])"
)
SHAREPOINT = re.compile(r"(?i)\.sharepoint\.com/(?:sites|teams|personal|:[a-z]:)/")
LOCALHOST = re.compile(r"(?i)(?<![\w.-])(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{2,5})?(?![\w-])")
URL_TRAILING = ".,;:!?)]}'\"”’»"


def _private(address: str) -> bool:
    try:
        ip = ipaddress.IPv4Address(address)
    except ValueError:
        return False
    return ip.is_private and not ip.is_loopback and not ip.is_link_local and str(ip) != "0.0.0.0"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in URL_TRAILING:
        end -= 1
    return start, end


def _host_of(url: str) -> str:
    rest = url.split("://", 1)[-1]
    host = re.split(r"[/?#\\]", rest, maxsplit=1)[0]
    host = host.rsplit("@", 1)[-1]
    return host.split(":", 1)[0].lower()


def _pack_host(draft: Draft, host: str) -> bool:
    return any(host == h or host.endswith("." + h) for h in draft.pack.intranet_hosts)


def _private_host(host: str) -> bool:
    if _private(host):
        return True
    if re.fullmatch(rf"(?:[\w-]+\.)*{PRIVATE_SUFFIXES}", host):
        return True
    return host.startswith(("intra.", "intranet."))


PRIVATE_SUFFIX_LITERALS = (".local", ".lan", ".internal", ".intra", ".corp", ".localdomain", ".home.arpa", ".private")
DIGIT_DOT_DIGIT = re.compile(r"\d\.\d")


def _candidates(draft: Draft) -> list[tuple[int, int, Severity]]:
    """Every address worth a hint, with its severity (overlaps resolved by the caller).

    Each pattern runs only when a cheap substring test says it can match at all."""
    text, lower = draft.text, draft.lower
    found: list[tuple[int, int, Severity]] = []
    if "://" in lower or "www." in lower:
        for m in URL.finditer(text):
            start, end = _trim(text, *m.span())
            host = _host_of(text[start:end])
            single_label = bool(host) and "." not in host and not host.startswith(("localhost", "["))
            sharepoint = ".sharepoint." in host and SHAREPOINT.search(text, start, end) is not None
            if _pack_host(draft, host) or _private_host(host) or single_label or sharepoint:
                found.append((start, end, "warning"))
    if "file:" in lower:
        found.extend((*_trim(text, *m.span()), "warning") for m in FILE_URL.finditer(text))
    if "\\\\" in text:
        found.extend((*_trim(text, *m.span()), "warning") for m in UNC.finditer(text))
    if DIGIT_DOT_DIGIT.search(text):
        for m in IPV4.finditer(text):
            if _private(m.group().split(":", 1)[0]):
                found.append((m.start(), m.end(), "warning" if m.group("port") else "info"))
    if any(s in lower for s in PRIVATE_SUFFIX_LITERALS):
        found.extend((m.start(), m.end(), "warning") for m in HOST.finditer(text))
    if "intra" in lower:
        found.extend((m.start(), m.end(), "warning") for m in INTRA_PREFIX.finditer(text))
    if ".sharepoint." in lower:
        for m in SHAREPOINT.finditer(text):
            # The organisation's name before ".sharepoint.com" and the path after it.
            start = m.start()
            while start > 0 and start > m.start() - 63 and (text[start - 1].isalnum() or text[start - 1] in "-_"):
                start -= 1
            end = m.end()
            while end < len(text) and not text[end].isspace() and text[end] not in "<>\"'`":
                end += 1
            if start < m.start():
                found.append((*_trim(text, start, end), "warning"))
    for host in draft.pack.intranet_hosts:
        if host not in lower:
            continue
        if "." in host:
            # A dotted host name is an address wherever it stands.
            for m in re.finditer(rf"(?<![\w.-]){re.escape(host)}(?![\w-])", lower):
                found.append((m.start(), m.end(), "warning"))
            continue
        # A bare intranet name ("lvmintra") is an address only with a path or port after it.
        for m in re.finditer(rf"(?<![\w.-]){re.escape(host)}(?P<tail>[/:]\w)?", lower):
            if m.group("tail"):
                found.append((m.start(), m.end() - 1, "warning"))
            else:
                found.append((m.start(), m.end(), "info"))
    if "localhost" in lower or "127.0.0.1" in text or "[::1]" in text:
        found.extend((m.start(), m.end(), "info") for m in LOCALHOST.finditer(text))
    return found


def detect(draft: Draft) -> list[Hint]:
    found = _candidates(draft)
    hints: list[Hint] = []
    taken: list[tuple[int, int]] = []
    rank = {"warning": 1, "info": 0, "critical": 2}
    for start, end, severity in sorted(found, key=lambda f: (-rank[f[2]], -(f[1] - f[0]), f[0])):
        if end <= start or any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        hints.append(RULE.hint(draft, start, end, severity=severity))
    return sorted(hints, key=lambda h: h.start)
