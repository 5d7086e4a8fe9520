"""Optional dependencies of the readers, imported in one place with a message saying what to do."""

from __future__ import annotations

import functools
import importlib.util


@functools.cache
def has_pyarrow() -> bool:
    """Whether pyarrow, the fast CSV parser the readers rely on, can be imported."""
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
            "reading event files needs pyarrow (the fast CSV parser), which is not installed:"
            " run `make run` again or `pip install 'pyarrow>=15'` in this environment"
        )
