"""Place names: every spelling of a gazetteer place, folded to compare them, shown in order."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from geodata.layers import DATA_DIR, GeodataError, load_places, read_table_rows

NAMES_PATH = DATA_DIR / "place_names.csv"
NAME_COLUMNS = ("id", "spelling", "language", "source")
# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({"ə": "e", "ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss"})
_QUOTES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})
# Azerbaijani letters as English transliterations write them (Xankəndi: Khankendi), and
# the sounds that transliterations render in more than one way (Qubadli, Gubadly) merged.
_AZ_SOUNDS = str.maketrans(
    {"x": "kh", "ç": "ch", "ş": "sh", "ğ": "gh", "ə": "e", "a": "e", "ı": "i", "y": "i", "q": "g"}
)
_AZ_C = re.compile(r"c(?!h)")  # Azerbaijani c is English j (Cəbrayıl: Jabrayil)


def fold(text: str) -> str:
    """Return ``text`` folded for comparison: case, diacritics and Azerbaijani ``ə`` erased.

    "Şuşa" and "SUSA" fold alike, "Xankəndi" to "xankendi", "İrəvan" to "irevan", so that a
    reader finds a place however they type it. Only for comparing: the names shown keep
    their diacritics.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.translate(_LETTERS).translate(_QUOTES).split())


def same_name(one: str, other: str) -> bool:
    """Return whether two spellings write one name, or the first is part of the second.

    "Xankəndi" and "Khankendi", "Mingəçevir" and "Mingachevir", "Cəbrayıl" and "Jabrayil"
    are one name in Azerbaijani and in English transliteration; "Xudafərin" is part of
    "Khudafarin bridges". A label that gave both would say the same name twice.
    """
    return _name_key(one) in _name_key(other)


def _name_key(text: str) -> str:
    return fold(_AZ_C.sub("j", text.casefold().translate(_AZ_SOUNDS)))


def ordered_names(name: str, name_hy: str, name_az: str, order: str = "common") -> str:
    """Return a place's names joined by "/", the chosen form first, at most two.

    ``"common"`` gives the gazetteer's order ("Shusha/Shushi", "Stepanakert/Xankəndi"),
    ``"hy"`` the Armenian form then the Azerbaijani ("Berdzor/Laçın"), ``"az"`` the
    Azerbaijani form then the Armenian ("Xankəndi/Stepanakert"). A form that only spells a
    name said already ("Şuşa" after "Shusha"), or part of one ("Horadiz" in "Horadiz
    (town)"), is left out: the label names the two sides' names, not their spellings.
    """
    forms = {
        "common": (name, name_hy, name_az),
        "hy": (name_hy, name_az, name),
        "az": (name_az, name_hy, name),
    }[order]
    shown: list[str] = []
    for form in forms:
        if form and not any(same_name(form, other) or same_name(other, form) for other in shown):
            shown.append(form)
    if len(shown) == 1 and shown[0] in name:
        return name  # "Horadiz (town)" and "Horadiz (village)" stay apart
    return "/".join(shown[:2])


def display_name(name: str, name_hy: str, name_az: str, kind: str, order: str = "common") -> str:
    """Return a place's name as the maps write it, in the reader's order of names.

    Contested names give both sides' forms, the chosen one first (:func:`ordered_names`);
    foreign exonyms (Moscow, Baku, Geneva; see :func:`is_exonym`) keep their common name in
    every order. The live map's labels, the event texts and the images all use this, so
    one view names a place alike wherever it is written.
    """
    if is_exonym(name, name_hy, name_az, kind):
        return name
    return ordered_names(name, name_hy, name_az, order)


def is_exonym(name: str, name_hy: str, name_az: str, kind: str) -> bool:
    """Return whether a place is named abroad by neither side's form: a foreign exonym.

    Capitals (Baku, Yerevan, Moscow), and places whose common name is neither the Armenian
    nor the Azerbaijani form (Geneva: Zheneva, Cenevrə), are named by their English name
    alone: they are exonyms, not contested names.
    """
    if kind == "capital":
        return True
    return not any(form and same_name(form, name) for form in (name_hy, name_az))


@functools.cache
def _read_spellings(path: Path) -> dict[str, tuple[str, ...]]:
    rows = read_table_rows(path, NAME_COLUMNS, "the place names")
    known = set(load_places()["id"])
    spellings: dict[str, list[str]] = {}
    for number, row in enumerate(rows, start=2):
        for column in NAME_COLUMNS:
            if not (row[column] or "").strip():
                raise GeodataError(f"{path}:{number}:{column}: empty")
        if row["id"] not in known:
            raise GeodataError(
                f"{path}:{number}:id: {row['id']!r} is not a place of geodata/data/places.csv"
            )
        spellings.setdefault(row["id"], []).append(row["spelling"].strip())
    return {place: tuple(names) for place, names in spellings.items()}


@functools.cache
def place_spellings() -> dict[str, tuple[str, ...]]:
    """Return every name of each gazetteer place, by place id, with diacritics as written.

    The gazetteer's common, Armenian and Azerbaijani forms come first, then the spellings of
    ``geodata/data/place_names.csv`` (official alphabets, other transliterations, each with
    its source).

    Raises
    ------
    GeodataError
        If the names file is missing or a row is malformed (``file:row:column: reason``).
    """
    extra = _read_spellings(NAMES_PATH)
    names: dict[str, tuple[str, ...]] = {}
    for row in load_places().itertuples():
        forms = [row.name, row.name_hy, row.name_az, *extra.get(row.id, ())]
        names[row.id] = tuple(dict.fromkeys(form for form in forms if form))
    return names


@functools.cache
def _folded_index() -> dict[str, frozenset[str]]:
    """Folded name -> every folded name of the places that bear it."""
    index: dict[str, set[str]] = {}
    for names in place_spellings().values():
        folded = {fold(name) for name in names}
        for name in folded:
            index.setdefault(name, set()).update(folded)
    return {name: frozenset(group) for name, group in index.items()}


def search_terms(query: str) -> frozenset[str]:
    """Return the folded texts a search for ``query`` looks for.

    A query that is one of a place's names stands for all of them: "Shushi" looks for
    "shushi", "shusha" and "susa" (Şuşa), so that it finds what "Shusha" finds. Any other
    query looks for itself, folded.
    """
    folded = fold(query)
    if not folded:
        return frozenset()
    return _folded_index().get(folded, frozenset()) | {folded}
