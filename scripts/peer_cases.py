"""Convert the peers' own test cases into tests/data/peers/*.jsonl (run once; the tests fetch nothing).

- Presidio (https://github.com/microsoft/presidio, MIT): the parametrised cases of its recognizer
  tests for the kinds both projects have (``presidio-analyzer/tests/test_*_recognizer.py``), each
  case a text with the spans Presidio expects (none for a negative case), as the contract's kind.
- gitleaks (https://github.com/gitleaks/gitleaks, MIT): the true- and false-positive examples
  each rule of ``cmd/generate/config/rules/*.go`` is validated with, for the rules gitleaks ships
  in config/gitleaks.toml. The Go source is read, not run: string literals and their
  concatenations are taken as written; gitleaks' random examples (``secrets.NewSecret(regex)``,
  ``newPlausibleSecret``, ``utils.AlphaNumeric("32")``…) are generated here from the same
  expressions with a seeded generator (marked ``"generated": true``), so the file is the same on
  every run; ``utils.GenerateSampleSecrets(id, secret)`` becomes gitleaks' own one-line sample of
  it (``utils.GenerateSampleSecret``: ``{id}_api_token = "{secret}"``). What the script cannot
  evaluate (loops, base64 of built values) is counted and left out.

Cases that LABELS.md judges differently from the peer are not dropped: tests/data/peers/exceptions.yaml
lists them with the reason, and tests/test_peer_suites.py reads both files.

    python scripts/peer_cases.py --presidio PATH --gitleaks PATH   # clones (git dirs, bare or not)
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import re
import string
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "peers"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from secrets_rules import COMMIT as GITLEAKS_COMMIT  # noqa: E402
from secrets_rules import CONFIG_PATH, git_dir  # noqa: E402

PRESIDIO_COMMIT = "0aa9f8e44275cb52c00fbbebe19168e934e1f076"  # main of 2026-07-02
PRESIDIO_TESTS = "presidio-analyzer/tests"
# Presidio's test file -> the contract's kind, and the test functions whose cases are taken.
PRESIDIO_SUITES: dict[str, tuple[str, tuple[str, ...]]] = {
    "test_credit_card_recognizer.py": ("payment_card", ("test_when_all_credit_cards_then_succeed",)),
    "test_iban_recognizer.py": ("iban", ("test_when_all_ibans_then_succeed",)),
    "test_email_recognizer.py": ("email", ("test_when_all_email_addresses_then_succeed",)),
    "test_fi_personal_identity_code_recognizer.py": ("national_id", ()),
    "test_se_personnummer_recognizer.py": ("national_id", ()),
    "test_phone_recognizer.py": ("phone", ("test_when_all_phones_then_succeed",
                                           "test_when_phone_with_textual_explanation_then_succeed")),
}
GITLEAKS_RULES = "cmd/generate/config/rules"


def show(repo: Path, commit: str, path: str) -> str:
    return subprocess.run(["git", "--git-dir", str(git_dir(repo)), "show", f"{commit}:{path}"],
                          check=True, capture_output=True, text=True).stdout


def listing(repo: Path, commit: str, folder: str) -> list[str]:
    out = subprocess.run(["git", "--git-dir", str(git_dir(repo)), "ls-tree", "--name-only", f"{commit}:{folder}"],
                         check=True, capture_output=True, text=True).stdout
    return sorted(line for line in out.splitlines() if line)


# --- Presidio -------------------------------------------------------------------------------------

def _update_iban_checksum(iban: str) -> str:
    """Presidio's test helper of the same name: the IBAN with its check digits made right."""
    compact = iban.replace(" ", "")
    digits = "".join(str(int(c, 36)) for c in (compact[4:] + compact[:2] + "00").upper())
    return iban[:2] + f"{98 - int(digits) % 97:0>2}" + iban[4:]


HELPERS = {"update_iban_checksum": _update_iban_checksum}


def _value(node: ast.expr) -> Any:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in HELPERS:
        return HELPERS[node.func.id](*(_value(a) for a in node.args))
    return ast.literal_eval(node)


def presidio_cases(source: str, wanted: tuple[str, ...]) -> Iterator[tuple[str, list[list[int]]]]:
    """(text, expected spans) of each parametrised case of the wanted test functions (all when empty)."""
    for fn in ast.walk(ast.parse(source)):
        if not isinstance(fn, ast.FunctionDef) or (wanted and fn.name not in wanted):
            continue
        for deco in fn.decorator_list:
            if not (isinstance(deco, ast.Call) and getattr(deco.func, "attr", "") == "parametrize"):
                continue
            names = [n.strip() for n in ast.literal_eval(deco.args[0]).split(",")]
            if "expected_len" not in names:
                continue
            text_at = 0
            spans_at = next(i for i, n in enumerate(names) if n in ("expected_positions", "expected_res"))
            assert isinstance(deco.args[1], ast.List)
            for case in deco.args[1].elts:
                assert isinstance(case, ast.Tuple)
                values = [_value(e) for e in case.elts]
                spans = [list(s) for s in values[spans_at]][: values[names.index("expected_len")]]
                yield values[text_at], spans


def convert_presidio(repo: Path, commit: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name, (kind, functions) in PRESIDIO_SUITES.items():
        for text, spans in presidio_cases(show(repo, commit, f"{PRESIDIO_TESTS}/{name}"), functions):
            rows.append({"suite": name.removesuffix(".py"), "kind": kind, "text": text, "spans": spans})
    return rows


# --- gitleaks ---------------------------------------------------------------------------------------

GO_TOKEN = re.compile(
    r"(?P<raw>`[^`]*`)|(?P<str>\"(?:\\.|[^\"\\\n])*\")|(?P<rune>'(?:\\.|[^'\\\n])+')"
    r"|(?P<comment>//[^\n]*|/\*.*?\*/)|(?P<ident>[A-Za-z_][\w.]*)|(?P<num>\d[\w.]*)"
    r"|(?P<spread>\.\.\.)|(?P<op>:=|[-+*/%=<>!&|^:;,.(){}\[\]])|(?P<nl>\n)|(?P<ws>[ \t\r]+)",
    re.S,
)
SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "'": "'", "\\": "\\", "a": "\a", "b": "\b",
                  "f": "\f", "v": "\v"}


def _go_string(token: str) -> str:
    if token.startswith("`"):
        return token[1:-1].replace("\r", "")
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        if body[i] != "\\":
            out.append(body[i])
            i += 1
            continue
        kind = body[i + 1]
        if kind in SIMPLE_ESCAPES:
            out.append(SIMPLE_ESCAPES[kind])
            i += 2
        elif kind in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[kind]
            out.append(chr(int(body[i + 2: i + 2 + width], 16)))
            i += 2 + width
        else:  # octal
            out.append(chr(int(body[i + 1: i + 4], 8)))
            i += 4
    return "".join(out)


def go_tokens(source: str) -> list[tuple[str, str]]:
    return [(m.lastgroup or "", m.group()) for m in GO_TOKEN.finditer(source)
            if m.lastgroup not in ("ws", "comment")]


class Unknown(Exception):
    """An example gitleaks computes at its test time (random or derived): left out."""


def _split_args(tokens: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Top-level comma-separated parts of a token list (newlines dropped)."""
    parts: list[list[tuple[str, str]]] = [[]]
    depth = 0
    for kind, tok in tokens:
        if kind == "nl":
            continue
        if tok in "([{" and kind == "op":
            depth += 1
        elif tok in ")]}" and kind == "op":
            depth -= 1
        if tok == "," and kind == "op" and depth == 0:
            parts.append([])
        else:
            parts[-1].append((kind, tok))
    return [p for p in parts if p]


def _closing(tokens: list[tuple[str, str]], i: int) -> int:
    """Index of the bracket closing the one at ``i``."""
    depth = 0
    for j in range(i, len(tokens)):
        kind, tok = tokens[j]
        if kind == "op" and tok in "([{":
            depth += 1
        elif kind == "op" and tok in ")]}":
            depth -= 1
            if depth == 0:
                return j
    raise ValueError("unbalanced")


GENERATOR_PATTERNS = {
    "utils.Numeric": "[0-9]{%s}", "utils.Hex": "[a-f0-9]{%s}", "utils.AlphaNumeric": "[a-z0-9]{%s}",
    "utils.AlphaNumericExtendedShort": "[a-z0-9_-]{%s}", "utils.AlphaNumericExtended": r"[a-z0-9=_\-]{%s}",
    "utils.AlphaNumericExtendedLong": r"[a-z0-9\/=_\+\-]{%s}",
}
MAX_OPEN_REPEAT = 10  # reggen's limit for "*" and "+"


def _generate(node: Any, rng: random.Random, out: list[str]) -> None:
    """A random string matching a parsed regex (re._parser's tree), as gitleaks' reggen makes one."""
    for op, arg in node:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "IN":
            chars: list[str] = []
            for item_op, item in arg:
                if str(item_op) == "LITERAL":
                    chars.append(chr(item))
                elif str(item_op) == "RANGE":
                    chars += [chr(c) for c in range(item[0], item[1] + 1)]
                elif str(item_op) == "CATEGORY" and "DIGIT" in str(item):
                    chars += list(string.digits)
                elif str(item_op) == "CATEGORY" and "WORD" in str(item):
                    chars += list(string.ascii_letters + string.digits + "_")
                else:
                    raise Unknown(str(item_op))
            out.append(rng.choice(chars))
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, sub = arg
            high = min(high, max(low, MAX_OPEN_REPEAT)) if high > 1000 else high
            for _ in range(rng.randint(low, high)):
                _generate(sub, rng, out)
        elif name == "SUBPATTERN":
            _generate(arg[-1], rng, out)
        elif name == "BRANCH":
            _generate(rng.choice(arg[1]), rng, out)
        else:
            raise Unknown(name)


def new_secret(regex: str, rng: random.Random, plausible: bool = False) -> str:
    """gitleaks' secrets.NewSecret (and newPlausibleSecret: at least one digit 1-9) with a seeded generator."""
    tree = re._parser.parse(regex)
    for _ in range(1000):
        out: list[str] = []
        _generate(tree, rng, out)
        if not plausible or re.search("[1-9]", "".join(out)):
            return "".join(out)
    raise Unknown("no plausible secret")


def _term(tokens: list[tuple[str, str]], i: int, rng: random.Random) -> tuple[str, int]:
    kind, tok = tokens[i]
    if kind in ("raw", "str"):
        return _go_string(tok), i + 1
    if kind == "ident" and i + 1 < len(tokens) and tokens[i + 1][1] == "(":
        close = _closing(tokens, i + 1)
        args = [_expr(a, rng) for a in _split_args(tokens[i + 2:close])]
        if tok in GENERATOR_PATTERNS:
            return GENERATOR_PATTERNS[tok] % args[0], close + 1
        if tok == "utils.Hex8_4_4_4_12":
            return "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", close + 1
        if tok == "secrets.NewSecret":
            return new_secret(args[0], rng), close + 1
        if tok == "newPlausibleSecret":
            return new_secret(args[0], rng, plausible=True), close + 1
        if tok == "fmt.Sprintf" and all("%" not in a.replace("%s", "") for a in args[:1]):
            return args[0] % tuple(args[1:]), close + 1
    raise Unknown(tok)


def _expr(tokens: list[tuple[str, str]], rng: random.Random) -> str:
    """String literals and gitleaks' generator calls joined with '+'; anything else is left out."""
    parts: list[str] = []
    i = 0
    while i < len(tokens):
        value, i = _term(tokens, i, rng)
        parts.append(value)
        if i < len(tokens):
            if tokens[i][1] != "+":
                raise Unknown(tokens[i][1])
            i += 1
    if not parts:
        raise Unknown("empty")
    return "".join(parts)


class _Examples:
    """The example lists of one rule function, evaluated statement by statement."""

    def __init__(self, rule: str) -> None:
        self.rng = random.Random(f"gitleaks-{rule}")  # the same examples on every run
        self.known: dict[str, list[str]] = {}
        self.left_out = 0

    def list_expr(self, tokens: list[tuple[str, str]]) -> list[str]:
        """[]string{…}, append(list, …), utils.GenerateSampleSecrets(id, secret), or a list variable."""
        kind, tok = tokens[0]
        if tok == "[" and tokens[1][1] == "]" and tokens[2][1] == "string" and tokens[3][1] == "{":
            return self.elements(tokens[4:_closing(tokens, 3)])
        if tok == "append":
            args = _split_args(tokens[2:_closing(tokens, 1)])
            rest = [t for a in args[1:] for t in (*a, ("op", ","))][:-1]
            return list(self.known.get(args[0][0][1], [])) + self.elements(rest)
        if tok in ("utils.GenerateSampleSecrets", "utils.GenerateSampleSecret"):
            ident, secret = (_expr(a, self.rng) for a in _split_args(tokens[2:_closing(tokens, 1)]))
            return [f'{ident}_api_token = "{secret}"']
        if kind == "ident" and len(tokens) == 1 and tok in self.known:
            return list(self.known[tok])
        raise Unknown(tok)

    def elements(self, tokens: list[tuple[str, str]]) -> list[str]:
        out: list[str] = []
        for part in _split_args(tokens):
            try:
                out += self.list_expr(part[:-1]) if part[-1][0] == "spread" else [_expr(part, self.rng)]
            except (Unknown, ValueError, IndexError):
                self.left_out += 1
        return out


LIST_NAMES = ("tps", "fps", "truePositives", "falsePositives")


def _statement_end(tokens: list[tuple[str, str]], start: int) -> int:
    """Where an assignment's expression ends: a newline outside brackets not after an open token."""
    depth = 0
    end = start
    while end < len(tokens):
        kind, tok = tokens[end]
        if kind == "nl" and depth == 0 and end > start and tokens[end - 1][1] not in ("(", "{", ",", "+"):
            break
        if kind == "op" and tok in "([{":
            depth += 1
        elif kind == "op" and tok in ")]}":
            depth -= 1
        end += 1
    return end


def gitleaks_examples(source: str) -> Iterator[tuple[str, str, str, bool]]:
    """(rule id, "tp"|"fp", text, generated) of the examples of each rule function of a Go file;
    a final ("", "left_out", count, False) tells how many could not be evaluated."""
    left_out = 0
    for body in re.split(r"\nfunc ", source)[1:]:
        rule = re.search(r'RuleID:\s*"([^"]+)"', body)
        if not rule or "utils.Validate" not in body:
            continue
        examples = _Examples(rule.group(1))
        tokens = go_tokens(body)
        generated: set[str] = set()
        i = 0
        while i < len(tokens):
            kind, tok = tokens[i]
            if not (kind == "ident" and tok in LIST_NAMES and i + 1 < len(tokens) and tokens[i + 1][1] in (":=", "=")):
                i += 1
                continue
            end = _statement_end(tokens, i + 2)
            expr = [t for t in tokens[i + 2:end] if t[0] != "nl"]
            randomised = any(t[1] in ("secrets.NewSecret", "newPlausibleSecret") for t in expr)
            try:
                before = set(examples.known.get(tok, []))
                examples.known[tok] = examples.list_expr(expr)
                if randomised:
                    generated |= set(examples.known[tok]) - before
            except (Unknown, ValueError, IndexError):
                examples.left_out += 1
            i = end
        left_out += examples.left_out
        for name, label in (("tps", "tp"), ("truePositives", "tp"), ("fps", "fp"), ("falsePositives", "fp")):
            for text in dict.fromkeys(examples.known.get(name, [])):
                yield rule.group(1), label, text, text in generated
    yield "", "left_out", str(left_out), False


def convert_gitleaks(repo: Path, commit: str) -> tuple[list[dict[str, Any]], int]:
    """The examples of the rules gitleaks ships in config/gitleaks.toml (the generator holds a few more)."""
    shipped = {r["id"] for r in tomllib.loads(show(repo, commit, CONFIG_PATH))["rules"]}
    rows: list[dict[str, Any]] = []
    skipped = 0
    for name in listing(repo, commit, GITLEAKS_RULES):
        if not name.endswith(".go") or name.endswith("_test.go"):
            continue
        for rule, label, text, generated in gitleaks_examples(show(repo, commit, f"{GITLEAKS_RULES}/{name}")):
            if label == "left_out":
                skipped += int(text)
            elif rule in shipped:
                row = {"suite": name.removesuffix(".go"), "rule": rule, "label": label, "text": text}
                rows.append(row | ({"generated": True} if generated else {}))
    return rows, skipped


def write_jsonl(path: Path, meta: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    lines = [json.dumps({"_meta": meta}, ensure_ascii=False)] + [json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presidio", type=Path, required=True, help="a clone of microsoft/presidio")
    parser.add_argument("--gitleaks", type=Path, required=True, help="a clone of gitleaks/gitleaks")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    presidio = convert_presidio(args.presidio, PRESIDIO_COMMIT)
    write_jsonl(OUT / "presidio.jsonl", {"source": "https://github.com/microsoft/presidio", "commit": PRESIDIO_COMMIT,
                                         "licence": "MIT", "files": f"{PRESIDIO_TESTS}/" + "{"
                                         + ",".join(PRESIDIO_SUITES) + "}"}, presidio)
    gitleaks, skipped = convert_gitleaks(args.gitleaks, GITLEAKS_COMMIT)
    write_jsonl(OUT / "gitleaks.jsonl", {"source": "https://github.com/gitleaks/gitleaks", "commit": GITLEAKS_COMMIT,
                                         "licence": "MIT", "files": f"{GITLEAKS_RULES}/*.go",
                                         "left_out_not_evaluated": skipped,
                                         "generated_seed": "random.Random(f'gitleaks-{rule}')"}, gitleaks)
    positives = sum(len(r["spans"]) for r in presidio)
    print(f"presidio: {len(presidio)} cases, {positives} expected spans, "
          f"{sum(1 for r in presidio if not r['spans'])} negative cases")
    print(f"gitleaks: {sum(r['label'] == 'tp' for r in gitleaks)} true positives over "
          f"{len({r['rule'] for r in gitleaks if r['label'] == 'tp'})} rules, "
          f"{sum(r['label'] == 'fp' for r in gitleaks)} false positives; {skipped} left out "
          "(computed in ways the script does not evaluate)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
