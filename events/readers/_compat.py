"""Optional dependencies of the readers, imported in one place with a message saying what to do."""

from __future__ import annotations

import functools
import importlib.util
from types import ModuleType


@functools.cache
def has_pyarrow() -> bool:
    """Whether pyarrow, the fast CSV and JSON parser the readers rely on, can be imported."""
    return importlib.util.find_spec("pyarrow") is not None


def require_pyarrow() -> None:
    """Raise a clear error when pyarrow is missing.

    Raises
    ------
    ImportError
        Naming the package and how to install it: it is a declared dependency, so its
        absence means an installation made by hand or a broken environment.
    """
    if not has_pyarrow():
        raise ImportError(
            "reading event files needs pyarrow (the fast CSV and JSON parser), which is not"
            " installed:"
            " run `make run` again or `pip install 'pyarrow>=15'` in this environment"
        )


def import_pyarrow() -> tuple[ModuleType, ModuleType, ModuleType]:
    """Import pyarrow, its compute functions and its JSON parser, or raise the clear error.

    Returns
    -------
    tuple
        The modules ``pyarrow``, ``pyarrow.compute`` and ``pyarrow.json``.

    Raises
    ------
    ImportError
        As :func:`require_pyarrow` does, instead of a bare "No module named 'pyarrow'".
    """
    require_pyarrow()
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.json as pj

    return pa, pc, pj
