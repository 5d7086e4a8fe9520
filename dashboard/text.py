"""The words of the maps: zone popups, source links, both place names, titles and credits.

Everything here is HTML escaped once, where the text from the data enters; the web map, the
page's panels and the exports use the results as they are. (An event's popup is written in
the browser by the map's time engine, with ``textContent``.)
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING

import pandas as pd

import geodata
from dashboard import style
from dashboard.state import NameOrder, ViewState

if TYPE_CHECKING:
    from dashboard.changes import Changes

EVENTS_ATTRIBUTION = "Events: project record, sources listed in each popup"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
#: How much of a value given by a reader (URL, file) a message repeats.
ECHO_MAX_CHARS = 40


def markdown_literal(text: str) -> str:
    """Escape text so that Streamlit's Markdown shows it as typed: no link, image, HTML or math."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def echo(value: str) -> str:
    """Quote a reader's value in a message, cut to :data:`ECHO_MAX_CHARS` characters."""
    if len(value) <= ECHO_MAX_CHARS:
        return repr(value)
    return repr(value[:ECHO_MAX_CHARS]) + f" (cut: {len(value):,} characters)"


def plain_text(value: object) -> str:
    """Return a text cell as str; missing values (None, NaN) as ''."""
    return value if isinstance(value, str) else ""


def event_place_names(events: pd.DataFrame, order: NameOrder = "common") -> pd.Series:
    """Return the place of each event as the reader's order of names writes it.

    An event at a gazetteer place (its ``place`` id) is named by :func:`geodata.place_labels`, as
    the live map names it in that order; any other keeps the ``place_name`` its file gave
    (an ACLED location, say). The images' texts and the live map's event texts use this.
    """
    given = events["place_name"] if "place_name" in events.columns else None
    names = pd.Series("", index=events.index) if given is None else given.fillna("").astype(str)
    if order == "common" or "place" not in events.columns:
        return names
    ordered = events["place"].map(geodata.place_labels(order))
    return ordered.where(ordered.notna() & (ordered != ""), names)


def both_names(row: Mapping[str, object]) -> str:
    """Return a place's names in the English order, as :func:`geodata.ordered_names` gives them.

    For example "Shusha/Shushi", or "Hovtashen/Aliaghali" where a settlement's other names
    (``other_names``) write its Azerbaijani name in English letters; a name given twice, or
    in two spellings, is said once.
    """
    name, name_hy, name_az = (plain_text(row.get(key)) for key in ("name", "name_hy", "name_az"))
    others = row.get("other_names")
    if isinstance(others, str):
        others = others.split("|")
    spellings = [other.strip() for other in others or () if isinstance(other, str)]
    english = geodata.english_spelling(name_az, spellings)
    return geodata.ordered_names(name or name_hy or name_az, name_hy, name_az, "common", english)


def every_name(row: Mapping[str, object]) -> str:
    """Return an area's common, Armenian and Azerbaijani names as written, each once.

    A region's tooltip gives every form with its letters ("Azerbaijan/Adrbejan/Azərbaycan",
    "…/Dağlıq Qarabağ Muxtar Vilayəti"): a reader hovering an area sees how each side
    writes it, where a label gives two names only.
    """
    forms = (plain_text(row.get(key)) for key in ("name", "name_hy", "name_az"))
    return "/".join(dict.fromkeys(form for form in forms if form))


def source_links(urls: Iterable[object]) -> list[str]:
    """Return an escaped link per source, named by its site; non-web text is not linked.

    Two sources on the same site are numbered ("en.wikipedia.org 1", "... 2"), and each
    link shows its full address on hover, so that a reader can tell them apart.
    """
    texts = [str(url).strip() for url in urls if isinstance(url, str) and url.strip()]
    sites = [_site(text) for text in texts]
    seen: dict[str, int] = {}
    links = []
    for text, site in zip(texts, sites, strict=True):
        if site is None:
            links.append(html.escape(text))
            continue
        seen[site] = seen.get(site, 0) + 1
        label = f"{site} {seen[site]}" if sites.count(site) > 1 else site
        address = html.escape(text, quote=True)
        links.append(
            f'<a href="{address}" title="{address}" target="_blank" '
            f'rel="noopener noreferrer">{html.escape(label)}</a>'
        )
    return links


def _site(text: str) -> str | None:
    if not text.lower().startswith(("http://", "https://")):
        return None
    return text.split("/")[2].removeprefix("www.")


def _sources_html(urls: Iterable[object]) -> str:
    links = "".join(f"<li>{link}</li>" for link in source_links(urls))
    return f"<p><b>Sources</b></p><ul>{links}</ul>" if links else ""


def zone_label(zone: Mapping[str, object]) -> str:
    """Return a control zone's label: its name, who held it, and "(approximate)" if so."""
    controller = str(zone.get("controller", ""))
    label = style.CONTROLLER_LABELS.get(controller, controller)
    if plain_text(zone.get("label")):
        label = f"{zone['label']}: {label[0].lower()}{label[1:]}"
    if style.is_approximate(zone):
        label += " (approximate)"
    return label


def zone_popup(label: str, zone: Mapping[str, object]) -> str:
    """Return a control zone's popup: its label, its dates and its sources."""
    escape = html.escape
    parts = [f"<h4>{escape(label)}</h4>"]
    valid_from, valid_to = zone.get("valid_from"), zone.get("valid_to")
    if valid_from is not None:
        parts.append(f"<p class='meta'>From {escape(str(valid_from)[:10])}")
        if valid_to is not None and pd.notna(valid_to):
            parts[-1] += f" to {escape(str(valid_to)[:10])}"
        parts[-1] += "</p>"
    sources = zone.get("sources")
    if isinstance(sources, str):
        sources = [part for part in sources.split(" | ") if part]
    if sources:
        parts.append(_sources_html(sources))
    return "".join(parts)


def map_credits(layer_names: Iterable[str]) -> list[str]:
    """Return the short credits of the given geodata layers and of the events, deduplicated.

    The full provenance of each layer (``geodata.provenance``) is long; on the map each
    source is named once, without the "via <package>" detail, which the page lists in full.
    """
    import geodata

    credits: list[str] = []
    for name in layer_names:
        text = geodata.provenance(name).get("attribution") or ""
        for part in text.split(";"):
            credit = part.split(", via ")[0].strip()
            if credit and credit not in credits:
                credits.append(credit)
    credits.append(EVENTS_ATTRIBUTION)
    return credits


def events_attribution(events: pd.DataFrame) -> str:
    """Return the line crediting the events drawn: the curated record or the user's files."""
    origins = events["origin"].dropna().unique().tolist() if "origin" in events else []
    own = sorted(str(origin) for origin in origins if origin != "curated")
    parts = []
    if not own or len(own) < len(origins):
        parts.append("karabakh-dashboard record")
    if own:
        parts.append("the user's file " + ", ".join(own))
    return "Events: " + " and ".join(parts) + "; every event cites its own sources"


def image_titles(state: ViewState) -> tuple[str, str]:
    """Return the title and the day line of an image, as the dashboard labels the day.

    Examples: ``"Day 43 of 44: 8 November 2020"``, ``"Ceasefire in force: 10 November 2020"``.
    """
    day = f"{state.date.day} {state.date:%B %Y}"
    return "The 2020 Nagorno-Karabakh war", f"{state.date_label()}: {day}"


def filter_line(state: ViewState, shown: int) -> str:
    """Return one line naming the mode and every active filter, with the number of events."""
    parts = [f"Showing {shown} event{'s' if shown != 1 else ''}: {state.describe_mode()}"]
    return "; ".join(parts + state.filters.describe())


@cache
def map_data_credit() -> str:
    """Return the one line crediting every map layer's sources, for the images."""
    import geodata

    return "Map data: " + " · ".join(geodata.attribution())


def link_line(events: pd.DataFrame, link: str) -> str:
    """Return an image's permalink line, or why a view of a reader's own events has none."""
    if "origin" in events and len(events) and (events["origin"] != "curated").any():
        return (
            "This view shows events from a file of your own: it cannot be linked (a link "
            "opens the dashboard on the project's record)."
        )
    return f"This view: {link}"


def settlement_popup(names: str, label: str, row: Mapping[str, object]) -> str:
    """Return a settlement's popup: its names, its state on the day, claims, denials, sources."""
    escape = html.escape
    parts = [f"<h4>{escape(names)}</h4>", f"<p class='meta'>{escape(label)}"]
    district = plain_text(row.get("district"))
    if district:
        parts[-1] += f" · {escape(district)} district"
    parts[-1] += "</p>"
    for title, by, day, sources in (
        ("Claimed taken", "claimed_by", "claimed_on", "claim_sources"),
        ("Confirmed", "confirmed_by", "confirmed_on", "confirm_sources"),
        ("Handed over", None, "handover_on", "handover_sources"),
    ):
        when = row.get(day)
        if when is None or pd.isna(when):
            continue
        who = plain_text(row.get(by)) if by else ""
        line = f"{title} on {pd.Timestamp(when):%d %B %Y}" + (f" by {who}" if who else "")
        links = ", ".join(source_links(row.get(sources) or []))
        parts.append(f"<p>{escape(line)}" + (f" ({links})" if links else "") + "</p>")
    if row.get("never_confirmed"):
        parts.append("<p>Never confirmed by the other side or independent reporting.</p>")
    denied = row.get("denied_by") or []
    if len(denied):
        links = ", ".join(source_links(row.get("deny_sources") or []))
        parts.append(
            f"<p><b>Denied by:</b> {escape('; '.join(denied))}"
            + (f" ({links})" if links else "")
            + "</p>"
        )
    return "".join(parts)


#: How each kind of change is told after a number ("700 km² ...", "24 settlements ...").
CHANGE_LABELS: dict[str, str] = {
    "claimed": "claimed taken by Azerbaijan",
    "confirmed": "taken by Azerbaijan and confirmed",
    "claim_confirmed": "confirmed taken (claimed earlier)",
    "handed_over": "handed over to Azerbaijan",
    "held": "held by Armenian forces again",
}


#: Areas from this size on are told in whole km², smaller ones to a tenth.
WHOLE_KM2_FROM = 10


def km2_text(km2: float) -> str:
    """Return an area as the map's change box writes it: "700 km²", "8.6 km²"."""
    if km2 >= WHOLE_KM2_FROM:
        return f"{int(km2 + 0.5):,} km²"
    return f"{km2:.1f} km²"


def change_parts(changes: Changes) -> list[str]:
    """Return what changed hands, one part per kind of change: areas first, then settlements.

    For example ``["700 km² claimed taken by Azerbaijan", "24 settlements claimed taken by
    Azerbaijan: Horovlu, ..."]``. Plain text: escape it where it is rendered.
    """
    parts = [f"{km2_text(km2)} {CHANGE_LABELS[kind]}" for kind, km2 in changes.km2.items()]
    settlements = changes.settlements
    for kind, label in CHANGE_LABELS.items():
        names = settlements.loc[settlements["kind"] == kind, "names"].tolist()
        if names:
            noun = "settlement" if len(names) == 1 else "settlements"
            parts.append(f"{len(names)} {noun} {label}: {', '.join(names)}")
    return parts


def change_line(changes: Changes) -> str:
    """Return the change line of the map's box and the page: "Since 19 October: ... · ...".

    Plain text: escape it where it is rendered.
    """
    since = f"Since {changes.since.day} {changes.since:%B}"
    parts = change_parts(changes)
    return f"{since}: " + (" · ".join(parts) if parts else "nothing changed hands")
