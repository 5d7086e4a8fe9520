"""Split the multi-valued columns into lists and check them: sources, actors, claims."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from events.problems import Collector
from events.readers.mapping import MappedEvents
from events.schema import ACTORS, MULTI_VALUED

_URL_PATTERN = r"^https?://[^\s/?#]+\.[^\s/?#]+\S*$"
#: Sources may be outlet names in external formats, but never links of another scheme.
_UNSAFE_LINK_PATTERN = r"(?i)^\s*(?:javascript|data|vbscript|file|ftp):"


def split_multi(values: pd.Series) -> pd.Series:
    """Split `` | ``-separated text into lists of stripped, non-empty strings.

    Rows holding the same text share one list object; treat the lists as read-only.
    """
    # Split each distinct text once: event files repeat the same actors and outlets a lot.
    # Factorised as Arrow text, only the distinct values become Python strings (values are
    # at most MAX_VALUE_CHARACTERS long by then, so the distinct copy is small).
    codes, distinct = pd.factorize(values.astype(str), use_na_sentinel=False)
    parsed = np.empty(len(distinct), dtype=object)
    for position, text in enumerate(distinct):
        if "|" not in text:
            # one value: strip() returns the text itself when there is nothing to strip
            parsed[position] = [value] if (value := text.strip()) else []
            continue
        parsed[position] = [item.strip() for item in text.split("|") if item.strip()]
    # Rows with the same text share one list: the lists are read-only values.
    return pd.Series(parsed[codes], index=values.index, dtype=object)


def _explode(lists: pd.Series) -> pd.Series:
    """One row per item of each list, indexed by its row, holding the same string objects.

    ``Series.explode`` would turn the items into a new Arrow text column: a copy of every
    value, which for a file of 1 MB values is the largest allocation of the whole read.
    """
    lengths = np.fromiter((len(items) for items in lists), dtype=np.int64, count=len(lists))
    items = np.empty(int(lengths.sum()), dtype=object)
    items[:] = list(itertools.chain.from_iterable(lists))
    return pd.Series(items, index=np.repeat(lists.index.to_numpy(), lengths), dtype=object)


def check_lists(
    frame: pd.DataFrame, mapped: MappedEvents, found: Collector
) -> dict[str, pd.Series]:
    """Split every multi-valued column and check sources, actors and who claimed or denied.

    Parameters
    ----------
    frame
        The rows, every column text.
    mapped
        The reader's output: whether sources must be URLs and actors come from a fixed list.
    found
        Where the problems go.

    Returns
    -------
    dict
        Each column of :data:`events.schema.MULTI_VALUED` as lists of strings, by name.
    """
    lists = {column: split_multi(frame[column]) for column in MULTI_VALUED}
    found.add(
        lists["sources"].str.len().eq(0),
        "sources",
        "missing source: give at least one source"
        + (" URL (http or https)" if mapped.url_sources else ""),
    )
    exploded = _explode(lists["sources"])
    distinct = pd.Series(exploded.unique(), dtype=object)
    if mapped.url_sources:
        valid = set(distinct[distinct.str.match(_URL_PATTERN)])
    else:
        valid = set(distinct[~distinct.str.match(_UNSAFE_LINK_PATTERN)])
    if len(valid) < len(distinct):
        bad = exploded[~exploded.isin(valid)]
        first_bad = bad[~bad.index.duplicated()]
        mask = frame.index.isin(first_bad.index)
        found.add(
            mask,
            "sources",
            "source {value!r} is not an http(s) URL",
            first_bad.reindex(frame.index),
        )
    if mapped.actor_vocabulary:
        exploded = _explode(lists["actors"])
        bad = exploded[~exploded.isin(ACTORS)]
        first_bad = bad[~bad.index.duplicated()]
        found.add(
            frame.index.isin(first_bad.index),
            "actors",
            "unknown actor {value!r}: use one of "
            + ", ".join(ACTORS)
            + " (or add the name to ACTORS in events/schema.py)",
            first_bad.reindex(frame.index),
        )
    no_claimant = lists["claimed_by"].str.len().eq(0)
    found.add(
        frame["status"].eq("claimed") & no_claimant,
        "claimed_by",
        "status claimed needs claimed_by: who made the claim",
    )
    found.add(
        frame["status"].eq("disputed") & no_claimant & lists["denied_by"].str.len().eq(0),
        "claimed_by",
        "status disputed needs claimed_by or denied_by: whose accounts contradict each other",
    )
    return lists
