"""A package whose exported names are imported from their modules when first asked for, not by its own import.

A package ``__init__`` that imports its submodules makes a thread importing one of them wait for the package's
import lock while another thread, running the ``__init__``, waits for that module's: Python breaks the tie by
failing one import ("deadlock detected by _ModuleLock", "cannot import name ... from partially initialized
module"). ``workbench.core.training`` and ``workbench.core.data`` name theirs lazily with this.
"""
from __future__ import annotations

import importlib
import sys


def lazy_names(package: str, names: dict[str, str]):
    """The module-level ``__getattr__`` and ``__dir__`` of ``package`` exporting ``names`` ({name: the submodule it
    is defined in}): a name is imported from its submodule when first asked for and kept on the package, so later
    look-ups (and a test's monkeypatch) see a plain attribute. Any other name is an AttributeError (Python then
    imports a submodule of that name, ``from package import submodule``)."""

    def __getattr__(name: str):
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(names))

    return __getattr__, __dir__
