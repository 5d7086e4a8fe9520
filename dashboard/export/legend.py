"""The images' legend: a key to every symbol the day's map shows, drawn on a matplotlib Axes."""

from __future__ import annotations

from collections.abc import Iterable

from matplotlib.axes import Axes
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from dashboard import style
from dashboard.export.artists import dashes, path_style, pt
from dashboard.export.badges import BADGE_DARK, BADGE_FONT_PT

_LEGEND_HEADINGS = ("Events by kind", "Status of the report", "Areas and lines")
# Layers the legend leaves out: the land, the district lines and the zones (keyed by side).
_NOT_IN_LEGEND = ("countries", "control_zones", "districts")
# The sample badge, as text: the map's badges are paths of the same look.
_BADGE_TEXT = {
    "fontsize": BADGE_FONT_PT,
    "fontweight": "bold",
    "color": "white",
    "bbox": {"boxstyle": "round,pad=0.2", "fc": BADGE_DARK, "ec": "white", "lw": 0.8},
}
_BADGE_SAMPLE = "18"
_BADGE_LABEL = "Events at one place: how many"


def _kind_handles() -> list[Line2D]:
    handles = []
    for kind, label in style.KIND_LABELS.items():
        marker = style.marker_style(kind, "confirmed")
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markersize=pt(style.EVENT_RADIUS) * 2,
                markerfacecolor=marker["fill"],
                markeredgecolor="#222222",
                markeredgewidth=pt(marker["weight"]),
                label=label,
            )
        )
    return handles


def _status_handles() -> list[Patch]:
    return [
        Patch(
            facecolor=(style.UNKNOWN_COLOUR, status["fill_opacity"]),
            edgecolor="#555555",
            linewidth=pt(status["weight"]),
            linestyle=dashes(status["dash_array"], pt(status["weight"])),
            label=status["label"],
        )
        for status in style.STATUS_STYLES.values()
    ]


def _area_handles(layers: Iterable[str]) -> list[object]:
    layers = tuple(layers)
    handles: list[object] = []
    if "control_zones" in layers:
        fill = style.LAYER_STYLES["control_zones"].get("fill_opacity", 0.3)
        handles += [
            Patch(facecolor=(colour, fill), edgecolor=colour, label=style.CONTROLLER_LABELS[key])
            for key, colour in style.CONTROLLER_COLOURS.items()
        ]
    for name in layers:
        if name in _NOT_IN_LEGEND:
            continue
        mpl_style = path_style(style.LAYER_STYLES.get(name, {}))
        label = style.LAYER_LABELS.get(name, name)
        if name.startswith("contact_line") or name == "rivers":
            handles.append(
                Line2D(
                    [],
                    [],
                    color=mpl_style["edgecolor"],
                    linewidth=mpl_style["linewidth"] * 1.2,
                    linestyle=mpl_style["linestyle"],
                    label=label,
                )
            )
        else:
            handles.append(Patch(**mpl_style, label=label))
    return handles


class _Badge:
    """Legend handle of the count badge."""


class _BadgeHandler(HandlerBase):
    """Draw the legend's sample badge: a count, in the badges' style."""

    def create_artists(
        self,
        legend: object,
        orig_handle: object,
        xdescent: float,
        ydescent: float,
        width: float,
        height: float,
        fontsize: float,
        trans: object,
    ) -> list[Text]:
        """Return the sample badge, centred in the handle's box."""
        return [
            Text(
                width / 2 - xdescent,
                height / 2 - ydescent,
                _BADGE_SAMPLE,
                ha="center",
                va="center",
                transform=trans,
                **_BADGE_TEXT,
            )
        ]


def draw_legend(ax: Axes, layers: Iterable[str], stacked: bool = False) -> None:
    """Draw the key to every symbol the map can show (the filters are stated above it).

    One legend with the section headings as entries without a symbol: it stacks itself,
    whatever the number of entries. ``stacked`` adds the count badge, for a map that
    draws one.
    """
    kinds: list[object] = list(_kind_handles())
    if stacked:
        kinds.append(_Badge())
    sections: list[object] = []
    labels: list[str] = []
    for heading, handles in zip(
        _LEGEND_HEADINGS, (kinds, _status_handles(), _area_handles(layers)), strict=True
    ):
        if handles:
            sections.append(Line2D([], [], linestyle="none"))
            labels.append(heading)
            sections += handles
            labels += [
                _BADGE_LABEL if isinstance(handle, _Badge) else handle.get_label()
                for handle in handles
            ]
    legend = ax.legend(
        handles=sections,
        labels=labels,
        handler_map={_Badge: _BadgeHandler()},
        loc="upper left",
        bbox_to_anchor=(0.0, 1.0),
        fontsize=6.5,
        frameon=False,
        borderaxespad=0.0,
        handlelength=1.6,
        labelspacing=0.55,
    )
    for entry in legend.get_texts():
        if entry.get_text() in _LEGEND_HEADINGS:
            entry.set_fontweight("bold")
            entry.set_fontsize(7.5)
