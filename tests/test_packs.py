"""Organisation packs are data: a second pack (the City of Tampere) changes what counts as
the organisation's matters without any code change."""

from __future__ import annotations

from importlib import resources

import yaml

from tuumaustauko.advisor import check
from tuumaustauko.draft import analyse
from tuumaustauko.hints import LANGS, Mode
from tuumaustauko.packs import available_packs, load_pack

TAMPERE_DRAFT = "Mielestäni ratikan jatkaminen Hiedanrantaan on hieno ratkaisu."


def _raw(pack_id: str) -> dict[str, object]:
    path = resources.files("tuumaustauko").joinpath(f"data/packs/{pack_id}.yaml")
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def _kinds(text: str, pack: str, mode: Mode = "hybrid") -> set[str]:
    return {f"{h.category}/{h.kind}" for h in check(text, mode=mode, lang="fi", pack=pack).hints}


def test_tampere_pack_is_listed_with_its_names_in_three_languages() -> None:
    packs = {p.id: p for p in available_packs()}
    assert {"lvm", "tampere"} <= set(packs)
    tampere = packs["tampere"]
    assert tampere.display_name("fi") == "Tampereen kaupunki"
    assert tampere.display_name("sv") == "Tammerfors stad"
    assert tampere.display_name("en") == "City of Tampere"


def test_tampere_pack_has_every_field_the_lvm_pack_has() -> None:
    assert set(_raw("lvm")) <= set(_raw("tampere"))


def test_every_pack_has_official_channels_text_in_every_language() -> None:
    for pack in available_packs():
        assert set(LANGS) <= set(pack.official_channels["text"]), pack.id
        assert pack.official_channels["emails"], pack.id


def test_a_draft_about_tampere_needs_a_disclaimer_with_the_tampere_pack_only() -> None:
    assert "disclaimer/missing" in _kinds(TAMPERE_DRAFT, "tampere")
    assert "disclaimer/missing" not in _kinds(TAMPERE_DRAFT, "lvm")


def test_a_draft_about_the_ministry_needs_a_disclaimer_with_the_lvm_pack_only() -> None:
    text = "Mielestäni ministeriön uusi liikennestrategia on surkea."
    assert "disclaimer/missing" in _kinds(text, "lvm")
    assert "disclaimer/missing" not in _kinds(text, "tampere")


def test_tampere_organisation_names_match_inflected_forms() -> None:
    pack = load_pack("tampere")
    draft = analyse("Tampereen kaupungilta ja kaupunginvaltuustosta ei kuulunut mitään.", lang="fi", pack=pack)
    found = [draft.text[m.start : m.end] for m in pack.organisation_terms("fi").find_all(draft)]
    assert found == ["Tampereen kaupungilta", "kaupunginvaltuustosta"]


def test_the_town_as_a_place_is_not_the_city_organisation() -> None:
    assert "disclaimer/missing" not in _kinds("Mielestäni Tampereella on Suomen kaunein ilta-aurinko.", "tampere")


def test_tampere_topics_cover_its_services() -> None:
    pack = load_pack("tampere")
    for text in ("Nysse-linjat", "päiväkodeissa", "asemakaavan", "kouluun", "ratikalla"):
        draft = analyse(text, lang="fi", pack=pack)
        assert pack.topic_terms("fi").matches_text(draft), text


def test_work_email_domain_follows_the_pack() -> None:
    tampere, lvm = load_pack("tampere"), load_pack("lvm")
    assert tampere.is_work_email("sanna.laine@tampere.fi")
    assert not tampere.is_work_email("matti.virtanen@lvm.fi")
    assert lvm.is_work_email("matti.virtanen@lvm.fi")
    assert "disclaimer/work_email" in _kinds("Kysy lisää: sanna.laine@tampere.fi", "tampere", mode="private")
    assert "disclaimer/work_email" not in _kinds("Kysy lisää: sanna.laine@tampere.fi", "lvm", mode="private")


def test_tampere_registry_address_is_a_public_contact() -> None:
    assert load_pack("tampere").is_public_contact("email", "Kirjaamo@tampere.fi")


def test_lvm_pack_disclaimers_are_read_by_the_disclaimer_check() -> None:
    assert "disclaimers" in _raw("lvm")
    text = "Ei LVM:n kanta, mutta mielestäni raideliikenteen rahoitus on liian pieni."
    assert "disclaimer/missing" not in _kinds(text, "lvm")
