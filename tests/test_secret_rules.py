"""gitleaks' secret rules as data: the Go-to-Python translation (scripts/secrets_rules.py) and the
engine that runs them as gitleaks does (tuumaustauko/secret_rules.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tuumaustauko.datafiles import read_data_json
from tuumaustauko.secret_rules import DATA_FILE, find_secrets, gitleaks_rules, shannon_entropy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from secrets_rules import MAX_DOT_RUN, Untranslatable, translate  # noqa: E402

DATA = read_data_json(DATA_FILE)


# --- translation ------------------------------------------------------------------------------

@pytest.mark.parametrize(("go", "python"), [
    # A flag group inside the expression holds to the end of its group: a scoped group in Python.
    (r"\b(p8e-(?i)[a-z0-9]{32})", r"\b(p8e-(?i:[a-z0-9]{32}))"),
    (r"dp\.pt\.(?i)[a-z0-9]{43}", r"dp\.pt\.(?i:[a-z0-9]{43})"),
    # ... and across the group's alternatives, closed and opened again around each "|".
    (r"""(?:"(?i)ab"|'(?i)cd')""", r"""(?:"(?i:ab")|(?i:'(?i:cd')))"""),
    (r"(?i)abc", r"(?i)abc"),  # at the start it is Python's global flag
    (r"(?:[^\w-]|\z)", r"(?:[^\w-]|\Z)"),
    (r"x(?:;|$)", r"x(?:;|\Z)"),  # Go's $ without the m flag is the end of the text
    (r"pat[[:alnum:]]{14}", r"pat[a-zA-Z0-9]{14}"),
    (r"[[:xdigit:]_]{4}", r"[0-9A-Fa-f_]{4}"),
    (r"(?<name>\d+)", r"(?P<name>\d+)"),
    (r"\bcurl\b.*?-u", rf"\bcurl\b.{{0,{MAX_DOT_RUN}}}?-u"),
    (r"[\w.-]{0,50}?(?i:[\w.-]{0,50}?(?:okta))", r"(?i:[\w.-]{0,50}?(?:okta))"),
])
def test_go_expressions_are_translated_to_the_same_meaning_in_python(go: str, python: str) -> None:
    assert translate(go) == python


def test_a_translated_flag_group_matches_what_go_matches() -> None:
    pattern = re.compile(translate(r"""\b(p8e-(?i)[a-z0-9]{4})(?:"|$)"""), re.ASCII)
    assert pattern.search("p8e-AbC1") and pattern.search('p8e-abc1"')
    assert not pattern.search("P8E-abc1")  # the flag holds after it, not before
    alternatives = re.compile(translate(r"""(?:"(?i)ab"|'(?i)cd')"""), re.ASCII)
    assert alternatives.fullmatch('"AB"') and alternatives.fullmatch("'CD'") and not alternatives.fullmatch('"AB\'')


@pytest.mark.parametrize("go", [r"\p{Greek}+", r"\QA.B\E", r"(?U)a+", r"[[:^alpha:]]", r"(ab"])
def test_what_python_cannot_express_is_refused(go: str) -> None:
    with pytest.raises(Untranslatable):
        translate(go)


def test_every_rule_in_the_data_is_the_scripts_translation_of_gitleaks_expression() -> None:
    for rule in DATA["rules"]:
        assert translate(rule.get("go_regex", rule["regex"])) == rule["regex"], rule["id"]


def test_the_data_records_its_source_commit_and_the_rules_left_out_with_reasons() -> None:
    assert DATA["source"] == "https://github.com/gitleaks/gitleaks" and re.fullmatch(r"[0-9a-f]{40}", DATA["commit"])
    assert len(DATA["rules"]) >= 200
    assert {u["id"] for u in DATA["unused"]} >= {"pkcs12-file"}
    assert all(u["reason"] for u in DATA["unused"])
    assert "Copyright (c) 2019 Zachary Rice" in DATA["licence_text"]


# --- the engine -------------------------------------------------------------------------------

def rule_ids(text: str) -> set[str]:
    return {f.rule for f in find_secrets(text)}


def test_a_rule_runs_only_when_one_of_its_keywords_is_in_the_text() -> None:
    rules = gitleaks_rules()
    assert "slack-bot-token" in {r.id for r in rules.rules_woken_by("token: xoxb-…")}
    assert "slack-bot-token" not in {r.id for r in rules.rules_woken_by("kahvia ja pullaa")}


def test_the_secret_is_the_rules_group_not_the_whole_match() -> None:
    text = 'api_token = "Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"'
    (finding,) = find_secrets(text)
    assert finding.rule == "generic-api-key" and text[finding.start:finding.end] == "Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"


def test_a_secret_below_the_rules_entropy_floor_is_no_finding() -> None:
    assert shannon_entropy("xoxb-1111111111-1111111111-aaaa") <= 3.0
    assert "slack-bot-token" not in rule_ids("xoxb-1111111111-1111111111-aaaa")
    assert "slack-bot-token" in rule_ids("xoxb-781236542736-2364535789652-GkwFDQoHqzXDVsC6GzqYUypD")


@pytest.mark.parametrize("text", [
    "aws_access_key: AKIAIOSFODNN7EXAMPLE",  # the rule's allow-list: AWS's documentation key
    "token: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",  # low entropy
    "api_key = abcdefghijklmnopqrstuvwxyz0123",  # the global stop word
    'public_key = "9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit"',  # generic rule's allow-list on the match
])
def test_allow_lists_and_placeholders_let_a_match_go(text: str) -> None:
    assert find_secrets(text) == []


def test_the_identifier_prefix_is_part_of_the_match_the_allow_list_reads() -> None:
    """generic-api-key's allow-list reads "foreign_key" in the match, which begins in the prefix."""
    assert find_secrets("foreignKey=mxQ.K_tX.Skl36xBCRI9ZBXhCT8-KY") == []
    assert rule_ids("apiKey=mxQ.K_tX.Skl36xBCRI9ZBXhCT8-KY") == {"generic-api-key"}


def test_rules_without_a_file_path_are_not_run() -> None:
    assert not {r.id for r in gitleaks_rules().rules} & {u["id"] for u in DATA["unused"]}
