"""Export files: the format an extension names, and writing it only where it can be written."""

from __future__ import annotations

import os
from pathlib import Path

from dashboard.export.formats import FORMATS, ExportError, FormatName
from dashboard.files import write_atomically


def format_of(path: str | Path) -> FormatName:
    """Return the export format named by the extension of ``path`` (``.json`` is GeoJSON).

    Raises
    ------
    ExportError
        If the extension is missing or not one of :data:`~dashboard.export.formats.FORMATS`.
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix == "json":
        suffix = "geojson"
    if suffix not in FORMATS:
        raise ExportError(
            f"cannot tell the format of {str(path)!r} from its extension: end the file name "
            f"with one of {', '.join('.' + name for name in FORMATS)}"
        )
    return FORMATS[suffix].name


def check_writable(path: str | Path) -> Path:
    """Return ``path`` as a Path after checking its folder exists and accepts new files.

    Checked before any rendering, so a long animation is not drawn for nothing.
    """
    target = Path(path).expanduser()
    folder = target.parent
    if target.is_dir():
        raise ExportError(f"{str(target)!r} is a folder: give a file name such as map.png")
    if not folder.is_dir():
        raise ExportError(
            f"cannot write {str(target)!r}: the folder {str(folder)!r} does not exist"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(
            f"cannot write {str(target)!r}: no permission to create files in {str(folder)!r}"
        )
    if target.exists() and not os.access(target, os.W_OK):
        raise ExportError(f"cannot replace {str(target)!r}: the file is read-only")
    return target


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path written.

    The folder is checked first (:func:`check_writable`); the write itself is
    :func:`dashboard.files.write_atomically`, whose failures become an :class:`ExportError`
    that names the file and the reason.
    """
    target = check_writable(path)
    try:
        return write_atomically(target, data)
    except OSError as error:
        raise ExportError(f"cannot write {str(target)!r}: {error.strerror}") from error
