"""Events that share a place: the images group them by the live map's keys."""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pytest

from dashboard.stacks import COORD_DECIMALS, direction_arrow, place_counts, place_keys

# Ties at the third decimal (0.0625, 39.8125), negatives, zeros, and ordinary positions.
TRICKY = [0.0625, -0.0625, 0.1875, 39.8125, 46.7515, -0.0001, 0.0, -0.0, 39.8153, 46.7519]


def test_keys_round_ties_away_from_zero_as_javascript_does():
    keys = place_keys([0.0625, -0.0625, 39.8153], [0.1875, 0.0, 46.7519])
    assert list(keys) == ["0.063,0.188", "-0.063,0.000", "39.815,46.752"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_keys_match_javascripts_to_fixed_on_many_positions():
    """The keys are the strings node writes for the engine's _placeKey.

    The engine writes lat.toFixed(3) + "," + lon.toFixed(3) of the five-decimal positions
    it receives.
    """
    rng = np.random.default_rng(14)
    raw = np.concatenate([rng.uniform(-90, 90, 5000), np.arange(-1, 1, 0.0005), TRICKY])
    # What the browser receives: the payload's positions (dashboard/webmap/timedata.py).
    values = np.round(raw, COORD_DECIMALS).tolist()
    script = (
        "const v = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(v.map((x) => x.toFixed(3))));"
    )
    done = subprocess.run(
        ["node", "-e", script], input=json.dumps(values), capture_output=True, text=True, check=True
    )
    expected = [f"{lat},{lat}" for lat in json.loads(done.stdout)]
    assert list(place_keys(raw, raw)) == expected


def test_place_counts_count_each_key_largest_first():
    counts = place_counts(place_keys([39.8153, 39.81531, 39.7583], [46.7519, 46.75192, 46.7486]))
    assert counts.to_dict() == {"39.815,46.752": 2, "39.758,46.749": 1}
    assert counts.index[0] == "39.815,46.752"


@pytest.mark.parametrize(
    ("dx", "dy", "arrow"),
    [(1, 0, "→"), (1, 1, "↗"), (0, 1, "↑"), (-1, 0.2, "←"), (-1, -1, "↙"), (0.1, -1, "↓")],
)
def test_direction_arrow_points_the_way(dx, dy, arrow):
    assert direction_arrow(dx, dy) == arrow
