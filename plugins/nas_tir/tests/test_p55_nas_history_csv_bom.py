"""The NAS inspector's Export wrote alpha_history.csv without the byte-order mark the window's File > Export choice
"CSV with a byte-order mark (Excel)" asks for (the other docks' CSV exports take it): read on the GUI thread and
passed to the export, on the Export button's worker as in a script's export."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")

MARK = b"\xef\xbb\xbf"


def test_the_alpha_history_csv_follows_the_bom_setting(window, registry, qtbot, monkeypatch, tmp_path,
                                                       shipped_copy):
    import functools

    from PySide6.QtWidgets import QFileDialog

    from workbench.gui import settings as wsettings
    from workbench_nas_tir import inspector

    dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    qtbot.waitUntil(lambda: not dock.loading and dock.search_dir is not None, timeout=20000)
    assert dock.history
    (plain,) = [p for p in dock.export(tmp_path / "plain", formats=()) if p.name == "alpha_history.csv"]
    assert not plain.read_bytes().startswith(MARK)  # the default: as it was
    wsettings.set_csv_bom(True)
    (marked,) = [p for p in dock.export(tmp_path / "excel", formats=()) if p.name == "alpha_history.csv"]
    assert marked.read_bytes() == MARK + plain.read_bytes()  # the old code: no mark
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "button"))
    # the button's export without its figures (png, svg, pdf: seconds, beside what is tested here)
    monkeypatch.setattr(inspector, "_export_files", functools.partial(inspector._export_files, formats=()))
    dock._export_dialog()  # the Export button: on a worker
    qtbot.waitUntil(lambda: not dock.export_job.running, timeout=30000)
    assert (tmp_path / "button" / "alpha_history.csv").read_bytes().startswith(MARK)
