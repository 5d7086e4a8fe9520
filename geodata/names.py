"""Place names: every spelling of a gazetteer place, folded to compare them, shown in order."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
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
_K_NOT_KH = re.compile(r"k(?!h)")


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
    # English writes Azerbaijani ğ as gh or g (Aghdam, Agdam) and q as g or k (Ballıqaya,
    # Ballikaya); x stays kh, which the k rule leaves apart from g.
    key = fold(_AZ_C.sub("j", text.casefold().translate(_AZ_SOUNDS)))
    return _K_NOT_KH.sub("g", key.replace("gh", "g"))


def english_spelling(name_az: str, spellings: Iterable[str]) -> str:
    """Return the first of ``spellings`` that writes ``name_az`` in English letters.

    "Khankendi" for "Xankəndi", "Aliaghali" for "Əliağalı": the Azerbaijani name as the
    English order shows it. An empty text where no spelling writes it (the name is then
    shown as Azerbaijani writes it) or where ``name_az`` needs no English letters.
    """
    if not name_az or name_az.isascii():
        return ""
    key = _name_key(name_az)
    return next((text for text in spellings if text.isascii() and _name_key(text) == key), "")


def place_label(place_id: str, order: str = "common") -> str:
    """Return a gazetteer place's label in ``order`` (see :func:`ordered_names`).

    Foreign exonyms (capitals, Geneva) keep their English name alone; contested places give
    both sides' names, the Azerbaijani one in English letters in the common order, from
    the first English spelling of ``geodata/data/place_names.csv`` that writes it.
    """
    return place_labels(order)[place_id]


@functools.cache
def place_labels(order: str = "common") -> dict[str, str]:
    """Return every gazetteer place's label in ``order``, by place id (see :func:`place_label`).

    Built once per order and shared: read it, do not change it.
    """
    english = _english_spellings()
    labels = {}
    for row in load_places().itertuples():
        if is_exonym(row.name, row.name_hy, row.name_az, row.kind):
            labels[row.id] = row.name
            continue
        in_english = english_spelling(row.name_az, english.get(row.id, ()))
        labels[row.id] = ordered_names(row.name, row.name_hy, row.name_az, order, in_english)
    return labels


@functools.cache
def _english_spellings() -> dict[str, tuple[str, ...]]:
    english: dict[str, list[str]] = {}
    for place, spelling, language in _read_spellings(NAMES_PATH):
        if language == "en":
            english.setdefault(place, []).append(spelling)
    return {place: tuple(names) for place, names in english.items()}


def ordered_names(
    name: str, name_hy: str, name_az: str, order: str = "common", english_az: str = ""
) -> str:
    """Return a place's names joined by "/", the chosen form first, at most two.

    ``"common"`` gives the English order: the common name, then the other side's name as
    English writes it ("Shusha/Shushi", "Stepanakert/Khankendi" when ``english_az`` is
    "Khankendi"), as the record's own texts do. ``"hy"`` gives the Armenian form then the
    Azerbaijani as Azerbaijani writes it ("Berdzor/Laçın"), ``"az"`` the Azerbaijani form
    then the Armenian ("Xankəndi/Stepanakert"). A form that only spells a name said already
    ("Şuşa" after "Shusha"), or part of one ("Horadiz" in "Horadiz (town)"), is left out: the
    label names the two sides' names, not their spellings.
    """
    forms = {
        "common": (name, name_hy, english_az or name_az),
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
def _read_spellings(path: Path) -> tuple[tuple[str, str, str], ...]:
    """Return (place id, spelling, language) of every row, in the file's order, checked."""
    rows = read_table_rows(path, NAME_COLUMNS, "the place names")
    known = set(load_places()["id"])
    spellings = []
    for number, row in enumerate(rows, start=2):
        for column in NAME_COLUMNS:
            if not (row[column] or "").strip():
                raise GeodataError(f"{path}:{number}:{column}: empty")
        if row["id"] not in known:
            raise GeodataError(
                f"{path}:{number}:id: {row['id']!r} is not a place of geodata/data/places.csv"
            )
        spellings.append((row["id"], row["spelling"].strip(), row["language"].strip()))
    return tuple(spellings)


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
    extra: dict[str, list[str]] = {}
    for place, spelling, _ in _read_spellings(NAMES_PATH):
        extra.setdefault(place, []).append(spelling)
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
