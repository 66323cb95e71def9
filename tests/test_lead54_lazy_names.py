"""``workbench.core.lazy.lazy_names``: the one rule both lazy packages (``core.data``, ``core.training``) name their
exports by (they had the same ``__getattr__`` / ``__dir__`` written twice)."""
from __future__ import annotations

import sys
import types

import pytest


def test_names_come_from_their_modules_once_and_others_are_attribute_errors(monkeypatch):
    from workbench.core.lazy import lazy_names

    pkg, sub = types.ModuleType("lz_pkg"), types.ModuleType("lz_pkg.part")
    sub.thing = object()
    monkeypatch.setitem(sys.modules, "lz_pkg", pkg)
    monkeypatch.setitem(sys.modules, "lz_pkg.part", sub)
    pkg.__getattr__, pkg.__dir__ = lazy_names("lz_pkg", {"thing": "part"})
    assert "thing" not in vars(pkg) and "thing" in pkg.__dir__()
    assert pkg.thing is sub.thing and vars(pkg)["thing"] is sub.thing  # kept on the package once asked
    with pytest.raises(AttributeError, match="lz_pkg.*nothing"):
        pkg.nothing


def test_both_packages_use_it():
    import workbench.core.data as data
    import workbench.core.training as training

    for pkg in (data, training):
        assert pkg.__getattr__.__module__ == "workbench.core.lazy"
    from workbench.core.data.detect import open_sequence
    from workbench.core.training.loop import fit

    assert data.open_sequence is open_sequence and training.fit is fit
