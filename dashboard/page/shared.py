"""What every session reads and none changes: the record and the areas held, loaded once."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import events
import geodata
from dashboard.page.upload import PROBLEMS_SHOWN


@st.cache_resource(show_spinner="Loading the event record…")
def record_and_report(path: str | None) -> tuple[pd.DataFrame, events.ValidationReport | None]:
    """Return the event record, shared read-only by every session.

    For a file given with ``--events`` the validation report comes too, so the page can say
    which rows of an ACLED, UCDP GED or GeoJSON file were rejected instead of dropping them
    silently; a file in our own schema with any problem raises, as the curated record does.
    The server loads it before it accepts readers (:mod:`dashboard.server`).
    """
    if path is None:
        return events.load_events(), None
    kept, report = events.read_events(path)
    if not report.usable:
        raise report.error(limit=PROBLEMS_SHOWN)
    return kept, report


@st.cache_resource(show_spinner=False)
def areas_by_day() -> pd.DataFrame:
    """Return the km² each side held on each day, for the page's chart (read-only)."""
    return geodata.control_area_by_day()
