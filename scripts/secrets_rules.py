"""Build server/tuumaustauko/data/secrets/gitleaks.json from gitleaks' rule set (MIT) at a pinned commit.

Run by `make secrets-rules`. gitleaks (https://github.com/gitleaks/gitleaks) keeps some two hundred
rules for secrets in `config/gitleaks.toml`, each a Go (RE2) regular expression with a keyword
prefilter, an entropy floor and allow-lists. This script reads that file at ``COMMIT`` from a
clone (``--repo``, a git directory, bare or not; without it the repository is cloned into a
temporary directory), translates each Go expression into Python's ``re`` syntax (``translate``),
and writes the rules with the commit they came from. A rule that cannot be used on a draft is
listed under ``unused`` with the reason, and gitleaks' licence notice goes with the rules. Nothing
here runs in the service: the service reads the JSON file and never downloads anything.

Refresh: change ``COMMIT`` (or pass ``--commit``), run `make secrets-rules`, run the tests
(tests/test_secret_rules.py checks every translated rule, tests/test_peer_suites.py gitleaks'
own examples; scripts/peer_cases.py refreshes those examples from the same commit).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "server" / "tuumaustauko" / "data" / "secrets" / "gitleaks.json"
UPSTREAM = "https://github.com/gitleaks/gitleaks"
COMMIT = "b58d3f102cf3a2c84cb7f923d05c25c9b1aed84b"  # master of 2026-07-22
CONFIG_PATH = "config/gitleaks.toml"

# POSIX classes RE2 accepts inside brackets, as Python ranges (ASCII, as in Go).
POSIX_CLASSES = {
    "alnum": "a-zA-Z0-9", "alpha": "a-zA-Z", "ascii": r"\x00-\x7f", "blank": r" \t",
    "cntrl": r"\x00-\x1f\x7f", "digit": "0-9", "graph": r"!-~", "lower": "a-z", "print": r" -~",
    "punct": r"!-/:-@\[-`{-~", "space": r"\t\n\v\f\r ", "upper": "A-Z", "word": r"\w", "xdigit": "0-9A-Fa-f",
}
# Escapes RE2 has and Python's re has not (Unicode classes, a single byte, quoting).
UNSUPPORTED_ESCAPES = set("pPCQE")
FLAG_GROUP = re.compile(r"\(\?([imsU-]+)\)")
# Unbounded runs of any character: RE2 runs them in linear time, Python's backtracking engine in
# quadratic time when a keyword repeats (`curl curl curl …`). A line of a draft is read this far.
UNBOUNDED_DOT = re.compile(r"(?<!\\)\.\*(\??)")
MAX_DOT_RUN = 400
# gitleaks' semi-generic rules that are not case-insensitive open with the identifier's prefix
# twice, "[\w.-]{0,50}?(?i:[\w.-]{0,50}?(?:okta)…": RE2 does not mind; Python's engine tries
# 50 × 50 starts at every position (1.6 s on a 20,000-character draft). One prefix finds the
# same secrets (the prefix is no group; only how far left a match may begin changes).
DOUBLED_PREFIX = re.compile(r"^(\[\\w\.-\]\{0,50\}\?)\(\?i:\1")


class Untranslatable(ValueError):
    """A Go expression that has no Python equivalent."""


def _class_end(go: str, i: int) -> tuple[str, int]:
    """Translate the bracket expression starting at ``go[i] == '['``; returns it and the index after it."""
    out = ["["]
    i += 1
    if i < len(go) and go[i] == "^":
        out.append("^")
        i += 1
    first = True
    while i < len(go):
        c = go[i]
        if c == "]" and not first:
            out.append("]")
            return "".join(out), i + 1
        first = False
        if c == "\\":
            if i + 1 >= len(go):
                raise Untranslatable("a trailing backslash")
            if go[i + 1] in UNSUPPORTED_ESCAPES:
                raise Untranslatable(f"the escape \\{go[i + 1]} (no Python equivalent)")
            out.append(go[i: i + 2])
            i += 2
            continue
        if c == "[":
            posix = re.match(r"\[:(\^?)([a-z]+):\]", go[i:])
            if posix:
                if posix.group(1) or posix.group(2) not in POSIX_CLASSES:
                    raise Untranslatable(f"the class {posix.group()}")
                out.append(POSIX_CLASSES[posix.group(2)])
                i += posix.end()
                continue
            out.append(r"\[")  # a literal bracket: Python reads "[[" as a future set operation
            i += 1
            continue
        if c in "&~|" and go[i: i + 2] == c * 2:
            out.append("\\" + c)  # Python warns of set operations on "&&", "~~", "||"
            i += 1
            continue
        out.append(c)
        i += 1
    raise Untranslatable("an unclosed bracket")


def translate(go: str) -> str:
    """A Go (RE2) regular expression as a Python ``re`` expression of the same meaning (compiled
    with ``re.ASCII``, since Go's \\w, \\d, \\s and \\b are ASCII).

    - a flag group inside the expression, ``p8e-(?i)[a-z0-9]{32}``, applies to the end of its
      enclosing group in Go; Python allows flags only at the start, so it becomes a scoped
      group ``(?i:…)`` closed where the enclosing group closes;
    - ``\\z`` (end of text) is ``\\Z`` in Python, and ``$`` without the m flag means the end of
      the text in Go (Python's ``$`` also matches before a final newline): ``\\Z``;
    - POSIX classes (``[[:alnum:]]``) become ranges;
    - ``.*`` becomes ``.{0,400}`` (see MAX_DOT_RUN), and a doubled identifier prefix one prefix
      (see DOUBLED_PREFIX), so that matching stays linear in Python.
    Raises Untranslatable for what Python's re cannot express (``\\p{Greek}``, ``\\C``, ``\\Q…\\E``).
    """
    out: list[str] = []
    # For each open group: the scoped flag groups opened inside it, closed with it (and around
    # each "|" of it, since Go's flags hold to the group's end, across its alternatives).
    pending: list[list[str]] = [[]]
    i = 0
    while i < len(go):
        c = go[i]
        if c == "\\":
            if i + 1 >= len(go):
                raise Untranslatable("a trailing backslash")
            nxt = go[i + 1]
            if nxt in UNSUPPORTED_ESCAPES:
                raise Untranslatable(f"the escape \\{nxt} (no Python equivalent)")
            out.append(r"\Z" if nxt == "z" else go[i: i + 2])
            i += 2
        elif c == "[":
            text, i = _class_end(go, i)
            out.append(text)
        elif c == "(":
            flags = FLAG_GROUP.match(go, i)
            if flags and "U" in flags.group(1):
                raise Untranslatable("the U flag (ungreedy by default)")
            if flags and out:
                out.append(f"(?{flags.group(1)}:")
                pending[-1].append(flags.group(1))
                i = flags.end()
            elif flags:
                out.append(flags.group())
                i = flags.end()
            else:
                if go.startswith("(?<", i) and not go.startswith(("(?<=", "(?<!"), i):
                    out.append("(?P<")  # Go's (?<name>…) is Python's (?P<name>…)
                    i += 3
                    pending.append([])
                    continue
                out.append("(")
                pending.append([])
                i += 1
        elif c == ")":
            out.append(")" * len(pending.pop()) + ")")
            if not pending:
                raise Untranslatable("an unbalanced parenthesis")
            i += 1
        elif c == "|" and pending[-1]:
            out.append(")" * len(pending[-1]) + "|" + "".join(f"(?{f}:" for f in pending[-1]))
            i += 1
        elif c == "$":
            out.append(r"\Z")
            i += 1
        else:
            out.append(c)
            i += 1
    if len(pending) != 1:
        raise Untranslatable("an unbalanced parenthesis")
    out.append(")" * len(pending[0]))
    python = DOUBLED_PREFIX.sub(r"(?i:\1", "".join(out))
    python = UNBOUNDED_DOT.sub(lambda m: f".{{0,{MAX_DOT_RUN}}}{m.group(1)}", python)
    try:
        re.compile(python, re.ASCII)
    except re.error as error:
        raise Untranslatable(f"Python's re rejects the translation: {error}") from error
    return python


def _allowlist(raw: dict[str, Any]) -> dict[str, Any] | None:
    """A rule's allow-list as the service reads it, or None when it cannot apply to a draft (it
    needs a path or a commit, which a draft has not)."""
    condition = str(raw.get("condition", "OR")).upper()
    needs_file = bool(raw.get("paths") or raw.get("commits"))
    if condition == "AND" and needs_file:
        return None
    regexes = [translate(r) for r in raw.get("regexes", [])]
    stopwords = [str(w).lower() for w in raw.get("stopwords", [])]
    if not regexes and not stopwords:
        return None
    out: dict[str, Any] = {"target": raw.get("regexTarget", "secret"), "condition": condition}
    if regexes:
        out["regexes"] = regexes
    if stopwords:
        out["stopwords"] = stopwords
    return out


def convert(config: dict[str, Any], commit: str, licence: str = "") -> dict[str, Any]:
    rules: list[dict[str, Any]] = []
    unused: list[dict[str, str]] = []
    for raw in config["rules"]:
        rule_id = raw["id"]
        if "regex" not in raw:
            unused.append({"id": rule_id, "reason": "it matches file names only (a draft has no file)"})
            continue
        if "path" in raw:
            unused.append({"id": rule_id, "reason": f"it applies only to files named like {raw['path']!r} "
                                                    "(a draft has no file)"})
            continue
        try:
            rule: dict[str, Any] = {"id": rule_id, "regex": translate(raw["regex"])}
            if raw["regex"] != rule["regex"]:
                rule["go_regex"] = raw["regex"]
            rule["keywords"] = sorted({str(k).lower() for k in raw.get("keywords", [])})
            if raw.get("entropy"):
                rule["entropy"] = float(raw["entropy"])
            if raw.get("secretGroup"):
                rule["secret_group"] = int(raw["secretGroup"])
            allowlists = [a for a in (_allowlist(x) for x in raw.get("allowlists", [])) if a]
            if allowlists:
                rule["allowlists"] = allowlists
        except Untranslatable as error:
            unused.append({"id": rule_id, "reason": f"its expression has {error}"})
            continue
        rules.append(rule)
    glob = config.get("allowlist", {})
    return {
        "source": UPSTREAM,
        "commit": commit,
        "file": CONFIG_PATH,
        "licence": "MIT (Copyright (c) 2019 Zachary Rice)",
        "licence_text": licence.strip().splitlines(),
        "generated_by": "scripts/secrets_rules.py (make secrets-rules), translated to Python's re; do not edit "
                        "by hand: change the commit in the script and run it again",
        "allowlist": {"regexes": [translate(r) for r in glob.get("regexes", [])],
                      "stopwords": [str(w).lower() for w in glob.get("stopwords", [])]},
        "rules": rules,
        "unused": unused,
    }


def git_dir(repo: Path) -> Path:
    return repo / ".git" if (repo / ".git").exists() else repo


def read_at(repo: Path, commit: str, path: str) -> str:
    return subprocess.run(["git", "--git-dir", str(git_dir(repo)), "show", f"{commit}:{path}"],
                          check=True, capture_output=True, text=True).stdout


def clone(into: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", "--bare", "--filter=blob:none", UPSTREAM, str(into)], check=True)
    return into


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, help="a clone of gitleaks (bare or not); cloned when absent")
    parser.add_argument("--commit", default=COMMIT)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        repo = args.repo or clone(Path(tmp) / "gitleaks.git")
        config = tomllib.loads(read_at(repo, args.commit, CONFIG_PATH))
        licence = read_at(repo, args.commit, "LICENSE")
    data = convert(config, args.commit, licence)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(data['rules'])} rules from gitleaks {args.commit[:12]} -> {args.out.relative_to(ROOT)}; "
          f"{len(data['unused'])} unused: " + ", ".join(u["id"] for u in data["unused"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
