"""Gather the problems found in mapped rows and put them in the words and order reported."""

from __future__ import annotations

import numpy as np
import pandas as pd

from events.readers.mapping import MappedEvents
from events.schema import Problem, cut


class Collector:
    """Gathers the problems of a frame's rows, one per flagged cell."""

    def __init__(self, index: pd.Index) -> None:
        self.index = index
        self.problems: list[Problem] = []

    def add(
        self,
        mask: pd.Series | np.ndarray,
        column: str,
        reason: str,
        values: pd.Series | None = None,
    ) -> None:
        """Record ``reason`` for every row in ``mask``.

        ``reason`` may hold ``{value}`` or ``{value!r}``, filled from ``values`` for the
        flagged rows only, so that checks passing on every row build no text.
        """
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        rows = self.index[mask]
        if values is None:
            self.problems.extend(Problem(int(row), column, reason) for row in rows)
            return
        # only the flagged cells become Python strings: a column may hold megabytes of text
        flagged = values[mask].to_numpy(dtype=object)
        # values are quoted cut short: a 1 MB URL must not travel whole into every message
        self.problems.extend(
            Problem(int(row), column, reason.format(value=cut(value)))
            for row, value in zip(rows, flagged, strict=True)
        )


def as_reported(problems: list[Problem], mapped: MappedEvents) -> list[Problem]:
    """Return ``problems`` as the report gives them: no echoes, the input's columns, by row.

    Parameters
    ----------
    problems
        Problems of the checks on the mapped rows.
    mapped
        The reader's rows, with its own problems and which input column fed which field.

    Returns
    -------
    list of Problem
        Sorted by row, then column.
    """
    return sorted(_in_input_columns(_without_echoes(problems, mapped), mapped), key=_problem_order)


def _problem_order(problem: Problem) -> tuple[int, str]:
    return (problem.row or 0, problem.column)


def _without_echoes(problems: list[Problem], mapped: MappedEvents) -> list[Problem]:
    """Drop problems that only repeat a reader's problem in a field fed by the same column.

    An unknown ACLED ``geo_precision`` leaves ``location_precision`` empty; reporting both
    would say the same thing twice.
    """
    fed_by = {
        column: {field.strip() for field in fields.split(",")}
        for column, fields in mapped.columns_mapped.items()
    }
    echoes = {
        (problem.row, field)
        for problem in mapped.problems
        for field in fed_by.get(problem.column, ())
        if field != problem.column
    }
    # Without coordinates the place check speaks too ("no place and no lat/lon").
    echoes |= {(row, "place") for row, field in list(echoes) if field in ("lat", "lon")}
    return [problem for problem in problems if (problem.row, problem.column) not in echoes]


def _in_input_columns(problems: list[Problem], mapped: MappedEvents) -> list[Problem]:
    """Name the input's column (ACLED ``latitude``), not ours (``lat``), where only one feeds it."""
    feeders: dict[str, list[str]] = {}
    for column, targets in mapped.columns_mapped.items():
        for target in targets.split(","):
            feeders.setdefault(target.strip(), []).append(column)
    renamed = {target: columns[0] for target, columns in feeders.items() if len(columns) == 1}
    return [
        problem._replace(column=renamed.get(problem.column, problem.column)) for problem in problems
    ]
