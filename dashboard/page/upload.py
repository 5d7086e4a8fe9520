"""The sidebar upload: an analyst's event file replaces or extends the record for one session."""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.uploaded_file_manager import UploadedFile

import events
from dashboard.text import markdown_literal
from events.loader import read_events
from events.report import ValidationReport
from events.schema import MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS

FORMAT_LABELS = {
    "auto": "Detect automatically",
    "csv": "Our CSV schema",
    "acled": "ACLED export (CSV)",
    "ucdp": "UCDP GED (CSV)",
    "geojson": "GeoJSON points",
}
MODE_LABELS = {"replace": "Replace the record", "add": "Add to the record"}
UPLOAD_TYPES = ["csv", "tsv", "txt", "geojson", "json"]
#: Problems listed on the page; the command line lists them all.
PROBLEMS_SHOWN = 200
_LIMITS = f"up to {MAX_UPLOAD_BYTES // 2**20} MB and {MAX_UPLOAD_ROWS:,} rows"
_CACHE_KEY = "_upload_result"
_PREPARED_KEY = "_upload_prepared"


def _read_upload(
    upload: UploadedFile, format: str
) -> tuple[gpd.GeoDataFrame, ValidationReport] | str:
    """Read an upload once per (file, format) in this session; an error comes back as text."""
    key = (upload.file_id, format)
    cached = st.session_state.get(_CACHE_KEY)
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        with st.sidebar, st.spinner(f"Reading {upload.name}…"):
            result = read_events(
                upload.getvalue(),
                format=None if format == "auto" else format,
                name=upload.name,
                max_bytes=MAX_UPLOAD_BYTES,
                max_rows=MAX_UPLOAD_ROWS,
            )
    except events.EventDataError as error:
        result = str(error)
    except Exception as error:  # a reader bug must not take the session down with it
        result = (
            f"{upload.name}: unexpected {type(error).__name__} while reading: {error}. "
            "Run `karabakh-dashboard --debug validate FILE` and report it."
        )
    st.session_state[_CACHE_KEY] = (key, result)
    return result


def show_report(report: ValidationReport, container: DeltaGenerator) -> None:
    """Say what was loaded and what was rejected, once and consistently, all text as typed.

    One rule decides (:attr:`events.report.ValidationReport.usable`): a file in our own schema
    loads whole or not at all; other formats load the rows without problems, if any are left.
    """
    if report.usable:
        merged = (
            f", {report.rows_merged:,} merged into rows of the same event"
            if report.rows_merged
            else ""
        )
        container.success(
            f"Loaded {report.rows_kept:,} of {report.rows_read:,} rows from "
            f"{markdown_literal(report.source)} ({markdown_literal(report.details)}{merged}), "
            f"dated {report.date_min} to {report.date_max}."
        )
    elif report.strict and report.rows_kept:
        container.error(
            f"Nothing loaded: {len(report.problems):,} problems in a file in our own schema,"
            " which is loaded whole or not at all. Fix the rows listed and upload it again."
        )
    else:
        container.error(markdown_literal(report.outcome()))
    if report.problems:
        if report.usable:
            container.warning(
                f"{report.rows_rejected:,} rows rejected ({len(report.problems):,} problems); "
                "the others are on the map."
            )
        with container.expander("Rejected rows and why", expanded=not report.usable):
            st.code("\n".join(report.problem_lines(limit=PROBLEMS_SHOWN)), language=None)
            st.caption(
                "Rows are counted from 1, the header line being row 1. "
                "`karabakh-dashboard validate FILE` lists every problem."
            )
    with container.expander("What was understood (format, layout, dates, columns)"):
        st.code("\n".join(report.summary_lines()), language=None)


def _combine(base: gpd.GeoDataFrame, uploaded: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, int]:
    """Return the base record plus the uploaded events whose ids it does not already hold.

    Returns the combined events and how many uploaded events were left out.
    """
    clashing = uploaded["id"].isin(base["id"])
    combined = pd.concat([base, uploaded[~clashing]], ignore_index=True)
    combined = gpd.GeoDataFrame(combined, geometry="geometry", crs=base.crs)
    combined = combined.sort_values(["date", "time", "id"], kind="stable")
    return combined.reset_index(drop=True), int(clashing.sum())


def upload_panel(
    base: gpd.GeoDataFrame | None = None,
    prepare: Callable[[gpd.GeoDataFrame], gpd.GeoDataFrame] | None = None,
) -> tuple[gpd.GeoDataFrame | None, str]:
    """Draw the upload controls in the sidebar and return this session's events.

    The file is read in memory for the current browser session only: nothing is written to
    disk, the curated record is never changed and other sessions do not see it.

    Parameters
    ----------
    base
        The record an upload is added to; None for the curated record. Columns it has beyond
        :func:`events.load_events`'s (rendered popups, say) are left empty for uploaded rows,
        so ``prepare`` should fill them.
    prepare
        Applied once to the events returned (e.g. rendering popups); the result is kept in
        this session's state, so reruns do not repeat it.

    Returns
    -------
    tuple
        The events to show (the upload alone, or the base plus the upload) and a key that
        identifies them for caches; ``(None, "")`` when nothing usable is uploaded, in which
        case the caller shows its own record.
    """
    sidebar = st.sidebar
    sidebar.header("Your events")
    upload = sidebar.file_uploader(
        f"Event file: our CSV, ACLED, UCDP GED or GeoJSON ({_LIMITS})",
        type=UPLOAD_TYPES,
        key="upload_file",
        max_upload_size=MAX_UPLOAD_BYTES // 2**20,
        help="Read in this browser session only; nothing is stored on the server.",
    )
    format = sidebar.selectbox(
        "Format", list(FORMAT_LABELS), format_func=FORMAT_LABELS.get, key="upload_format"
    )
    mode = sidebar.radio(
        "Uploaded events", list(MODE_LABELS), format_func=MODE_LABELS.get, key="upload_mode"
    )
    if upload is None:
        return None, ""
    result = _read_upload(upload, format)
    if isinstance(result, str):
        sidebar.error("The file could not be read:")
        sidebar.code(result, language=None)
        return None, ""
    uploaded, report = result
    show_report(report, sidebar)
    if (report.strict and report.problems) or uploaded.empty:
        return None, ""
    key = f"upload:{upload.file_id}:{format}:{mode}"
    prepared = st.session_state.get(_PREPARED_KEY)
    if prepared is None or prepared[0] != key:
        left_out = 0
        if mode == "add":
            base = events.load_events() if base is None else base
            uploaded, left_out = _combine(base, uploaded)
        if prepare is not None:
            with st.sidebar, st.spinner(f"Drawing {len(uploaded):,} events…"):
                uploaded = prepare(uploaded)
        prepared = (key, uploaded, left_out)
        st.session_state[_PREPARED_KEY] = prepared
    _, shown, left_out = prepared
    if left_out:
        sidebar.info(f"{left_out:,} uploaded events share an id with the record and were left out.")
    return shown, key
