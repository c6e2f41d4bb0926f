"""Reading the package's data files: YAML through libyaml's C loader when PyYAML has it (ten
times faster than the pure-Python one, which cost a second of the service's start), and JSON for
generated data that no one edits (gitleaks' rules: 1 ms where YAML took 98 ms)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import yaml

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader, C or Python


def read_data_yaml(relative_path: str) -> Any:
    """A YAML file under the package's data/ folder."""
    return load_yaml(resources.files("tuumaustauko").joinpath("data", relative_path).read_text(encoding="utf-8"))


def read_data_json(relative_path: str) -> Any:
    """A JSON file under the package's data/ folder."""
    return json.loads(resources.files("tuumaustauko").joinpath("data", relative_path).read_text(encoding="utf-8"))
