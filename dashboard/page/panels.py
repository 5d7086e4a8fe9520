"""The page's text panels: the day's event list, counts and the timeline charts."""

from __future__ import annotations

import datetime as dt
import functools
import html
import json

import altair as alt
import pandas as pd

from dashboard import changes, style, text
from dashboard.state import ViewState
from dashboard.text import markdown_literal, source_links

DAY_LIST_LIMIT = 200
# The dataset that marks the selected day on the charts. Only it changes from one day to
# the next: Streamlit then updates the drawn chart in place instead of redrawing it.
SELECTED_DAY = "selected_day"
# The selection a click on the events chart makes: the day of the bar clicked.
PICKED_DAY = "picked_day"
# The line of the panel and of the sidebar until the map has drawn the day: the rest of the
# page comes after it.
WAITING_TEXT = "The rest of the page follows once the map is drawn…"


# The page's look: a compact header, so that the map and its timeline fit the first
# screen of a laptop, and the day list (the legend lives on the map: webmap/legend.js).
# The map's frame is shaded, so that its place shows before the map is drawn in it.
PAGE_CSS = """<style>
.block-container { padding-top: 2.2rem; }
h1 { font-size: 1.9rem !important; padding-bottom: 0.2rem !important; }
.kd-events { max-height: 560px; overflow-y: auto; padding-right: 4px; }
.kd-event { border-left: 4px solid #777; padding: 2px 0 4px 8px; margin-bottom: 8px; }
.kd-event .kd-meta { color: #555; font-size: 0.82rem; }
.kd-event .kd-title { font-weight: 600; }
.kd-event .kd-title a.kd-show { color: inherit; text-decoration: none; }
.kd-event .kd-title a.kd-show:hover { text-decoration: underline; }
.kd-event .kd-sources { font-size: 0.82rem; }
.kd-status { font-size: 0.75rem; padding: 0 5px; border-radius: 3px; border: 1px solid #888; }
iframe[title="streamlit_folium.st_folium"] { background: #e9edf0; }
/* Below 1100 px the panel goes under the map instead of squeezing it beside. */
@media (max-width: 1100px) {
  [data-testid="stHorizontalBlock"]:has(iframe[title="streamlit_folium.st_folium"]) {
    flex-wrap: wrap;
  }
  [data-testid="stHorizontalBlock"]:has(iframe[title="streamlit_folium.st_folium"])
    > [data-testid="stColumn"] { flex: 1 1 100% !important; width: 100% !important; }
}
</style>"""


def day_list_html(day_events: pd.DataFrame) -> str:
    """Return the selected day's events as an escaped HTML list (time, title, place, sources).

    At most :data:`DAY_LIST_LIMIT` entries are written; the rest are counted.
    """
    if not len(day_events):
        return "<p>No events on this day match the filters.</p>"
    shown = day_events.head(DAY_LIST_LIMIT)
    columns = (
        "id",
        "kind",
        "time",
        "place_name",
        "status",
        "sources",
        "claimed_by",
        "denied_by",
        "title",
    )
    items = []
    for event_id, kind, time, place, status, sources, claimed, denied, title in zip(
        *(shown[name].tolist() for name in columns), strict=True
    ):
        colour = style.KIND_COLOURS.get(kind, style.UNKNOWN_COLOUR)
        when = f"{html.escape(time)} · " if isinstance(time, str) and time else ""
        place = html.escape(place) if isinstance(place, str) else ""
        label = style.STATUS_STYLES[status]["label"] if status in style.STATUS_STYLES else ""
        status = html.escape(label)
        links = ", ".join(source_links(sources or []))
        claims = ""
        if claimed:
            claims += f" · claimed by {html.escape(', '.join(claimed))}"
        if denied:
            claims += f" · denied by {html.escape(', '.join(denied))}"
        items.append(
            f"<div class='kd-event' style='border-left-color:{colour}'>"
            f"<div class='kd-meta'>{when}{place} · <span class='kd-status'>{status}</span>"
            f"{claims}</div>"
            # The page's bridge turns a click on the title into the map showing the event.
            f"<div class='kd-title'><a class='kd-show' href='#' role='button' "
            f"data-event='{html.escape(str(event_id), quote=True)}' "
            f"title='Show it on the map'>{html.escape(str(title))}</a></div>"
            f"<div class='kd-sources'>Sources: {links or 'none given'}</div></div>"
        )
    more = len(day_events) - DAY_LIST_LIMIT
    if more > 0:
        items.append(f"<p>… and {more} more on this day (narrow the filters to list them).</p>")
    return "<div class='kd-events'>" + "".join(items) + "</div>"


def changes_text(state: ViewState) -> str:
    """Return the line of the map's change box as Markdown: what changed hands, km², places."""
    return _change_line(changes.since_day(state.date, state.mode, state.window_days), state.date)


@functools.lru_cache(maxsize=512)
def _change_line(since: dt.date, day: dt.date) -> str:
    # Each settle reruns the panel: a day's line is worked out once per process (10-50 ms).
    return markdown_literal(text.change_line(changes.changes_between(since, day)))


def counts_text(state: ViewState, shown: int, total: int, markers: int | None = None) -> str:
    """Return one sentence stating how many events are shown, of how many, and why."""
    if state.mode == "day":
        scope = f"on {state.date:%d %B %Y}"
    elif state.mode == "window":
        scope = f"in the {state.window_days} days up to {state.date:%d %B %Y}"
    else:
        scope = f"up to {state.date:%d %B %Y} (older ones faded)"
    text = f"Showing **{shown:,}** of {total:,} events {scope}"
    filtered = state.filters.describe()
    if filtered:
        text += "; filtered by " + markdown_literal("; ".join(filtered))
    text += "."
    if markers is not None and markers < shown:
        text += f" Grouped into **{markers:,}** markers on the map (zoom or filter to separate)."
    return text


def timeline_chart_specs(per_day: pd.DataFrame, areas: pd.DataFrame | None) -> list[str]:
    """Return Vega-Lite specifications (JSON text) of events per day and of km² held.

    Parameters
    ----------
    per_day : DataFrame
        Columns ``date`` (ISO text), ``kind`` and ``count``.
    areas : DataFrame or None
        ``geodata.control_area_by_day()``: ``date``, ``armenian_km2``, ``azerbaijani_km2``.

    Returns
    -------
    list of str
        One chart per panel; :func:`with_selected_day` adds the day to mark.
    """
    kinds = list(style.KIND_COLOURS)
    day_rule = (
        alt.Chart(alt.NamedData(SELECTED_DAY))
        .mark_rule(color="#c00", strokeWidth=2)
        .encode(x="date:T")
    )
    x_axis = alt.X("date:T", title=None, axis=alt.Axis(format="%d %b"))
    bars = (
        alt.Chart(per_day)
        .mark_bar()
        .encode(
            x=x_axis,
            y=alt.Y("sum(count):Q", title="Events per day"),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=kinds, range=[style.KIND_COLOURS[k] for k in kinds]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("date:T", format="%d %B %Y"),
                "kind:N",
                alt.Tooltip("sum(count):Q", title="events"),
            ],
        )
        .add_params(alt.selection_point(name=PICKED_DAY, fields=["date"], on="click"))
    )
    # The day's rule under the bars: on a day's own bar (a one-day file) the bar stays seen,
    # the rule above it.
    charts = [alt.layer(day_rule, bars).properties(height=140, width="container")]
    if areas is not None and len(areas):
        held = areas.melt(
            id_vars="date",
            value_vars=["armenian_km2", "azerbaijani_km2"],
            var_name="side",
            value_name="km2",
        )
        held["side"] = held["side"].str.removesuffix("_km2").map(style.CONTROLLER_LABELS)
        held["date"] = pd.to_datetime(held["date"]).dt.strftime("%Y-%m-%d")
        sides = list(style.CONTROLLER_COLOURS)
        lines = (
            alt.Chart(held)
            .mark_line(interpolate="step-after")
            .encode(
                x=x_axis,
                y=alt.Y("km2:Q", title="km² held"),
                color=alt.Color(
                    "side:N",
                    scale=alt.Scale(
                        domain=[style.CONTROLLER_LABELS[s] for s in sides],
                        range=[style.CONTROLLER_COLOURS[s] for s in sides],
                    ),
                    legend=None,
                ),
                tooltip=[
                    alt.Tooltip("date:T", format="%d %B %Y"),
                    "side:N",
                    alt.Tooltip("km2:Q", format=",.0f", title="km²"),
                ],
            )
        )
        charts.append(alt.layer(lines, day_rule).properties(height=120, width="container"))
    return [_inline_datasets(chart.configure_view(stroke=None).to_dict()) for chart in charts]


def _inline_datasets(spec: dict) -> str:
    """Put each layer's data inline (the named selected day excepted), as JSON text.

    Streamlit converts a spec's named ``datasets`` to Arrow on every call; inline values
    are sent as they are, which keeps the rerun of a slider step cheaper.
    """
    datasets = spec.pop("datasets", {})
    for layer in spec.get("layer", [spec]):
        name = layer.get("data", {}).get("name")
        if name in datasets:
            layer["data"] = {"values": datasets[name]}
    return json.dumps(spec)


def areas_caption_html() -> str:
    """Return the key to the km² chart's line colours (constants only)."""
    keys = " · ".join(
        f"<span style='color:{colour};font-weight:700'>━</span> "
        f"{html.escape(style.CONTROLLER_LABELS[name])}"
        for name, colour in style.CONTROLLER_COLOURS.items()
    )
    return f"<div style='font-size:0.8rem'>{keys} (approximate areas)</div>"


def picked_day(event: object) -> dt.date | None:
    """Return the day clicked on the events chart, from Streamlit's selection state."""
    try:
        points = event["selection"][PICKED_DAY]
        value = points[0]["date"]
    except (KeyError, IndexError, TypeError):
        return None
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value / 1000, dt.UTC).date()
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def with_selected_day(spec_text: str, day: str) -> dict:
    """Return a chart specification with the selected day (ISO date) to mark."""
    spec = json.loads(spec_text)
    spec["datasets"] = {SELECTED_DAY: [{"date": day}]}
    return spec
