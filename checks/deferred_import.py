"""Defer a submodule that a dependency imports at module level but uses only inside functions.

Great Expectations runs ``from scipy import stats`` at import time in three modules (a KL-divergence
expectation and two KS-test metrics) and touches ``stats`` only when one of them is computed; no rule
of ours uses them. Importing ``scipy.stats`` costs about 0.6 s, a quarter of GX's import, on every
run. ``from package import name`` imports the submodule only when ``package`` has no attribute
``name``, so binding a ``DeferredModule`` there first makes those modules hold a stand-in that imports
the real submodule at its first attribute access. ``importlib.util.LazyLoader`` can't do this on
Python 3.11: the import system reads the lazy module's ``__spec__`` attributes, which loads it.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


class DeferredModule(types.ModuleType):
    """A stand-in for a submodule: the first attribute read imports it and answers from it."""

    def __getattr__(self, attribute: str) -> Any:
        # Reached only for names the stand-in lacks; `import_module` imports once, then finds
        # the module in sys.modules (the import also rebinds the parent's attribute to it).
        return getattr(importlib.import_module(self.__name__), attribute)


def defer_submodule(package_name: str, submodule: str) -> bool:
    """Bind a stand-in for ``package.submodule`` unless it is imported already; True if bound.

    A package that is not installed is left alone (False): the dependency's own import reports it.
    """
    full_name = f"{package_name}.{submodule}"
    if full_name in sys.modules:
        return False
    try:
        package = importlib.import_module(package_name)
    except ImportError:
        return False
    if isinstance(package.__dict__.get(submodule), types.ModuleType):
        return False
    setattr(package, submodule, DeferredModule(full_name))
    return True
