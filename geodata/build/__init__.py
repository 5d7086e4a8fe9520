"""Maintainers' build of the committed GeoJSON: boundary layers, rivers, then control zones.

``karabakh-dashboard build-geodata`` (or ``python -m geodata.build``) runs :func:`build`; the
steps live in :mod:`geodata.build.layers`, :mod:`geodata.build.rivers` and
:mod:`geodata.build.control`, and every file is written by :mod:`geodata.build.writer`.
"""

from __future__ import annotations

from geodata.build.run import add_arguments, build, main

__all__ = ["add_arguments", "build", "main"]
