"""The dashboard's one file writer: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that no reader, and no crash, sees a half-written file.

    Either the old file stays untouched or the new one is complete; the temporary file is
    removed on any failure. A replaced file keeps its mode; a new one is readable by all.

    Returns
    -------
    pathlib.Path
        The written path.

    Raises
    ------
    OSError
        If the folder does not accept the file (callers say what to change).
    """
    target = Path(path)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".part", dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private (0600); give it the mode of the file it replaces,
        # or the usual mode of a new document.
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return target
