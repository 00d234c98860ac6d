"""Named roles through the public API, on sentences written for these tests."""

from __future__ import annotations

import pytest

import textmine
from textmine.errors import InputError


def roles(text: str) -> set[tuple]:
    return {(r.person, r.title, r.org, r.party)
            for r in textmine.extract_roles(text, model="blank")}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Anna Berg, docent vid Malmö universitet, leder projektet.",
         {("Anna Berg", "docent", "Malmö universitet", None)}),
        ("Projektet leds av Karin Öst, professor i företagsekonomi vid Södertörns högskola.",
         {("Karin Öst", "professor i företagsekonomi", "Södertörns högskola", None)}),
        ("Enligt rektor Per Holm är beslutet klart.", {("Per Holm", "rektor", None, None)}),
        ("Lunds universitets rektor Eva Ljung skrev under.",
         {("Eva Ljung", "rektor", "Lunds universitet", None)}),
        ("– Vi är glada, säger Åsa Lind (S), kommunalråd i Botkyrka kommun.",
         {("Åsa Lind", "kommunalråd", "Botkyrka kommun", "S")}),
        ("Johan Ek, som är biträdande förvaltningschef vid Huddinge kommun, berättar.",
         {("Johan Ek", "biträdande förvaltningschef", "Huddinge kommun", None)}),
        ("Sara Nord är lektor och studierektor vid Örebro universitet.",
         {("Sara Nord", "lektor", "Örebro universitet", None),
          ("Sara Nord", "studierektor", "Örebro universitet", None)}),
        ("Maria Dahl och Olof Sten har utsetts till nya skolchefer på Tumbaskolan.",
         {("Maria Dahl", "skolchef", "Tumbaskolan", None),
          ("Olof Sten", "skolchef", "Tumbaskolan", None)}),
        ("Till ny kommundirektör i Nacka kommun har Lena Fors utsetts.",
         {("Lena Fors", "kommundirektör", "Nacka kommun", None)}),
        ("Region Skånes regiondirektör Ulf Sand slutar.",
         {("Ulf Sand", "regiondirektör", "Region Skåne", None)}),
        ("Anders Lund, stadsdirektör Solna stad, var på plats.",
         {("Anders Lund", "stadsdirektör", "Solna stad", None)}),
        ("Kommunstyrelsens ordförande Lisa Hed (M) invigde skolan.",
         {("Lisa Hed", "kommunstyrelsens ordförande", None, "M")}),
    ],
)
def test_patterns(text: str, expected: set) -> None:
    assert roles(text) == expected


def test_caption_lists_several_people() -> None:
    found = roles("Fr v: Eva Ek, samordnare på Botkyrka kommun, Nils Alm, rektor, "
                  "Södertörns högskola och Kim Berg, projektledare.")
    assert found == {("Eva Ek", "samordnare", "Botkyrka kommun", None),
                     ("Nils Alm", "rektor", "Södertörns högskola", None),
                     ("Kim Berg", "projektledare", None, None)}


def test_one_person_two_titles_and_later_mentions() -> None:
    text = ("Elin Strand är ekonomichef i Tyresö kommun. Från maj blir Elin Strand även "
            "tillförordnad kommundirektör. Strand säger att hon ser fram emot det. "
            "Elin har arbetat i kommunen i tio år.")
    found = roles(text)
    assert ("Elin Strand", "ekonomichef", "Tyresö kommun", None) in found
    assert any(t == "tillförordnad kommundirektör" for _, t, _, _ in found)
    assert {p for p, _, _, _ in found} == {"Elin Strand"}


def test_pronoun_refers_to_the_person_last_named() -> None:
    text = "Styrelsen har anställt Mona Vik. Hon har tidigare varit kulturchef i Region Halland."
    assert ("Mona Vik", "kulturchef", "Region Halland", None) in roles(text)


@pytest.mark.parametrize("text", [
    "Den nya rektorn tillträder i augusti.",
    "Kommunen söker en ny förvaltningschef.",
    "Julia Ek, student, deltog i mötet.",
    "Foto: Per Ek",
    "",
    "The new vice chancellor Jane Smith opened the conference.",
])
def test_no_role_without_a_named_title_holder(text: str) -> None:
    assert roles(text) == set()


def test_party_never_in_title() -> None:
    (role,) = textmine.extract_roles("– Det är bra, säger oppositionsrådet Ali Demir (V).",
                                     model="blank")
    assert role.title == "oppositionsråd" and role.party == "V"
    assert role.title_surface == "oppositionsrådet"


def test_list_header_applies_to_the_lines_below() -> None:
    text = ("Ledamöter – Ersättare\n"
            "• Eva Ek, s – Lars Berg, s\n"
            "• Nils Holm, m – Kim Lund, c\n\n"
            "Övriga frågor togs upp.")
    found = roles(text)
    assert ("Eva Ek", "ledamot", None, "S") in found
    assert ("Kim Lund", "ersättare", None, "C") in found
    assert len(found) == 4


def test_roles_carry_offsets_and_sentence() -> None:
    text = "Inledning.\n\nAnna Berg, docent vid Malmö universitet, leder projektet."
    (role,) = textmine.extract_roles(text, model="blank")
    assert text[role.start:role.end].startswith("Anna Berg")
    assert role.sentence.startswith("Anna Berg, docent")


def test_genitive_and_alias_orgs() -> None:
    text = ("Södertörns högskola (SH) och kommunen samarbetar. "
            "Bo Lind, prefekt vid SH, leder arbetet.")
    assert ("Bo Lind", "prefekt", "Södertörns högskola", None) in roles(text)


def test_quotes_are_attributed() -> None:
    text = "Anna Berg är rektor.\n\n– Vi är mycket glada över beslutet, säger Anna Berg."
    (quote,) = textmine.extract_quotes(text, model="blank")
    assert quote.person == "Anna Berg"
    assert quote.text == "Vi är mycket glada över beslutet"


def test_bad_input_gives_clear_errors() -> None:
    with pytest.raises(InputError):
        textmine.extract_roles(b"bytes", model="blank")  # type: ignore[arg-type]
    big = "ord " * 1_300_000
    with pytest.raises(InputError):
        textmine.extract_roles(big, model="blank")
    assert textmine.extract_roles("\x00\x01\x02 ÿþ garbage", model="blank") == []
