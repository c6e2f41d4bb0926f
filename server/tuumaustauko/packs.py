"""Organisation policy packs: the organisation's names, topics, domains and channels, as data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .datafiles import load_yaml
from .hints import LANGS, Lang
from .textmatch import Lexicon

DEFAULT_PACK = "lvm"


class UnknownPackError(LookupError):
    pass


@dataclass(frozen=True)
class Pack:
    id: str
    name: dict[str, str]
    languages: tuple[str, ...]
    organisation: dict[str, Lexicon]
    topics: dict[str, Lexicon]
    email_domains: tuple[str, ...]
    intranet_hosts: tuple[str, ...]
    official_channels: dict[str, Any]
    public_contacts: dict[str, tuple[str, ...]]
    raw: dict[str, Any]

    def display_name(self, lang: str) -> str:
        return self.name.get(lang) or self.name.get("en") or self.id

    def organisation_terms(self, lang: Lang) -> Lexicon:
        return self.organisation[lang]

    def topic_terms(self, lang: Lang) -> Lexicon:
        return self.topics[lang]

    def is_work_email(self, address: str) -> bool:
        domain = address.rsplit("@", 1)[-1].lower()
        return any(domain == d or domain.endswith("." + d) for d in self.email_domains)

    def is_public_contact(self, kind: str, value: str) -> bool:
        """Whether a phone, e-mail or address is one the organisation publishes (not personal data)."""
        wanted = _simplify(value)
        return any(_simplify(v) == wanted for v in self.public_contacts.get(kind, ()))

    def summary(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "languages": list(self.languages)}


def _simplify(value: str) -> str:
    return "".join(c for c in value.lower() if c.isalnum() or c in "@+.")


def _per_lang_lexicons(data: dict[str, list[str]] | None) -> dict[str, Lexicon]:
    data = data or {}
    shared = list(data.get("any", []))
    return {lang: Lexicon([*shared, *data.get(lang, [])]) for lang in LANGS}


def pack_from_data(data: dict[str, Any]) -> Pack:
    contacts = data.get("public_contacts") or {}
    return Pack(
        id=str(data["id"]),
        name=dict(data["name"]),
        languages=tuple(data.get("languages", LANGS)),
        organisation=_per_lang_lexicons(data.get("organisation")),
        topics=_per_lang_lexicons(data.get("topics")),
        email_domains=tuple(d.lower() for d in data.get("email_domains", [])),
        intranet_hosts=tuple(h.lower() for h in data.get("intranet_hosts", [])),
        official_channels=dict(data.get("official_channels") or {}),
        public_contacts={k: tuple(str(x) for x in v) for k, v in contacts.items()},
        raw=data,
    )


def _pack_files() -> dict[str, Any]:
    folder = resources.files("tuumaustauko").joinpath("data/packs")
    return {
        entry.name.removesuffix(".yaml"): entry
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }


@cache
def load_pack(pack_id: str) -> Pack:
    files = _pack_files()
    if pack_id not in files:
        raise UnknownPackError(pack_id)
    data = load_yaml(files[pack_id].read_text(encoding="utf-8"))
    return pack_from_data(data)


def available_packs() -> list[Pack]:
    return [load_pack(pack_id) for pack_id in sorted(_pack_files())]
