"""What a read of an event file understood and rejected, for people and for the command line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from events.schema import EventDataError, Problem, cut, format_problem


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@dataclass
class ValidationReport:
    """The outcome of reading one event file.

    Parameters
    ----------
    source
        The file's name.
    format
        The format read ("csv", "acled", "ucdp", "geojson"), or "" if not recognised.
    details
        The layout variant recognised (e.g. which ACLED layout, monadic or not).
    encoding
        How the bytes were decoded (UTF-8, Windows-1252, ...) and control characters removed.
    date_style
        The date style found and, for numeric dates, whether days or months come first
        and why.
    notes
        What was done to the layout or assumed (a hashtag row skipped, an index column
        ignored, defaults given).
    rows_read
        Data rows (or features) in the file.
    rows_kept
        Events loaded without problems.
    rows_merged
        Rows folded into another row of the same event (ACLED's monadic exports).
    date_min, date_max
        Date range of the kept rows (None when none were kept).
    kinds
        Number of kept rows of each kind.
    columns_mapped
        Input column -> the field of ours it feeds.
    columns_ignored
        Input columns not used.
    problems
        Every problem as (row, column, reason); row None for the whole file. Rows count
        from 1 with the header as row 1; GeoJSON features count from 1.
    strict
        True for our own format, where any problem rejects the whole file; external
        formats reject only the rows with problems.
    """

    source: str
    format: str = ""
    details: str = ""
    encoding: str = ""
    date_style: str = ""
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_kept: int = 0
    rows_merged: int = 0
    date_min: dt.date | None = None
    date_max: dt.date | None = None
    kinds: dict[str, int] = field(default_factory=dict)
    columns_mapped: dict[str, str] = field(default_factory=dict)
    columns_ignored: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    strict: bool = False

    @property
    def ok(self) -> bool:
        """True when the file had no problem at all."""
        return not self.problems

    @property
    def rows_rejected(self) -> int:
        """Rows not loaded (merged rows are loaded, as part of their event)."""
        return self.rows_read - self.rows_kept - self.rows_merged

    @property
    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """First and last date of the kept rows (None when none were kept)."""
        return None if self.date_min is None else (self.date_min, self.date_max)

    @property
    def unreadable(self) -> bool:
        """True when a problem with the whole file stopped the read before any row."""
        return any(problem.row is None for problem in self.problems) and not self.details

    def summary_lines(self) -> list[str]:
        """Return the report's figures, one line each, without the list of problems."""
        lines = [f"file: {cut(self.source)}"]
        if self.unreadable:
            return [*lines, "the file could not be read"]
        lines.append(f"format: {self.format}; layout: {self.details}")
        if self.encoding:
            lines.append(f"encoding: {self.encoding}")
        if self.date_style:
            lines.append(f"dates written: {self.date_style}")
        lines.extend(f"note: {cut(note, 200)}" for note in self.notes)
        policy = (
            "any problem rejects the whole file (our own schema)"
            if self.strict
            else "rows with a problem are rejected, the others kept"
        )
        merged = f"; merged into another row: {self.rows_merged:,}" if self.rows_merged else ""
        lines.append(
            f"rows read: {self.rows_read:,}; kept: {self.rows_kept:,}{merged};"
            f" rejected: {self.rows_rejected:,}; policy: {policy}"
        )
        if not self.rows_kept:
            lines.append("nothing was loaded")
        if self.date_min is not None:
            lines.append(f"dates: {self.date_min} to {self.date_max}")
        if self.kinds:
            kinds = ", ".join(f"{kind} {count:,}" for kind, count in self.kinds.items())
            lines.append(f"kinds: {kinds}")
        if self.columns_mapped:
            mapped = ", ".join(
                f"{cut(column, 40)} -> {to}" for column, to in self.columns_mapped.items()
            )
            lines.append(f"columns mapped: {mapped}")
        if self.columns_ignored:
            shown = ", ".join(cut(column, 40) for column in self.columns_ignored[:40])
            more = len(self.columns_ignored) - 40
            lines.append(f"columns ignored: {shown}" + (f" and {more:,} more" if more > 0 else ""))
        return lines

    @property
    def usable(self) -> bool:
        """Whether the kept rows may be used: some were kept, and our own schema had no problem.

        The one rule every surface follows (``load_events``, ``run --events``,
        ``snapshot --events``): our CSV loads whole or not at all; other formats load the
        rows without problems, provided any are left.
        """
        return self.rows_kept > 0 and not (self.strict and self.problems)

    def outcome(self) -> str:
        """One line saying what was loaded and what was rejected, for messages and logs."""
        source = cut(self.source)
        if not self.usable:
            reason = (
                "any problem rejects a file in our schema"
                if self.strict and self.rows_kept
                else f"{self.rows_read:,} rows read, none usable"
            )
            return f"{source}: nothing was loaded ({reason})"
        line = f"{source}: loaded {self.rows_kept:,} of {self.rows_read:,} rows"
        if self.rows_merged:
            line += f" ({self.rows_merged:,} merged into rows of the same event)"
        if self.rows_rejected:
            line += (
                f"; {self.rows_rejected:,} rejected (`karabakh-dashboard validate FILE` lists"
                " the reasons)"
            )
        return line

    def error(self, limit: int | None = None) -> EventDataError:
        """Return the error to raise when the file is not :attr:`usable`, the report as text."""
        return EventDataError(self.source, self.problems, message=self.format_text(limit))

    def problem_lines(self, limit: int | None = None) -> list[str]:
        """Each problem as ``file:row:column: reason``; past ``limit``, a count of the rest."""
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [format_problem(self.source, problem) for problem in shown]
        if len(shown) < len(self.problems):
            lines.append(f"... and {len(self.problems) - len(shown):,} more")
        return lines

    def format_text(self, limit: int | None = None) -> str:
        """Return the report as plain text: figures, then every problem (or the first ``limit``)."""
        lines = self.summary_lines()
        if self.unreadable:
            lines.extend("  " + line for line in self.problem_lines(limit))
        elif self.problems:
            lines.append(
                f"problems: {_count(self.rows_rejected, 'row')} rejected,"
                f" {_count(len(self.problems), 'problem')}"
                " (rows counted from 1, the header line being row 1):"
            )
            lines.extend("  " + line for line in self.problem_lines(limit))
        else:
            lines.append("problems: none")
        return "\n".join(lines)
