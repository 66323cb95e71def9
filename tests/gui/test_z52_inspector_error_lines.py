"""The NAS alphas and pruning inspectors said a failed search / ranking as ``TypeName: message``: a user's error
(a damaged file, named by a DataError) read as a plugin's bug, and a plugin's MethodRaised showed the wrapper's type.
They now say it as the window's status bar does (``worker.describe``)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

pytest.importorskip("torch")


class _Line:
    def __init__(self):
        self.text = ""

    def setText(self, text):
        self.text = text


class _Bar:
    def __init__(self):
        self.format = "cutting the training crops…"

    def setFormat(self, text):
        self.format = text


def _data_error():
    from workbench.core.errors import DataError

    return DataError("/data/search/alpha_history.json", "not JSON: line 3 is cut")


def test_nas_inspector_says_a_data_error_as_it_is():
    from workbench_nas_tir.inspector import NASInspector

    fake = SimpleNamespace(status=_Line(), progress=_Bar())
    NASInspector._on_error(fake, _data_error())
    assert fake.status.text == "search failed: /data/search/alpha_history.json: not JSON: line 3 is cut"
    assert fake.progress.format == "failed"


def test_pruning_inspector_says_a_data_error_as_it_is():
    from workbench_siamfcpp_prune.inspector import PruningInspector

    fake = SimpleNamespace(info=_Line(), progress=None, _loading_user=False)
    PruningInspector._on_error(fake, _data_error())
    assert fake.info.text == "failed: /data/search/alpha_history.json: not JSON: line 3 is cut"


def test_a_bug_still_names_its_type_and_place():
    from workbench_nas_tir.inspector import NASInspector

    try:
        raise KeyError("alpha")
    except KeyError as exc:
        fake = SimpleNamespace(status=_Line(), progress=_Bar())
        NASInspector._on_error(fake, exc)
    assert fake.status.text.startswith("search failed: KeyError: 'alpha' (in test_z52_inspector_error_lines.py:")
