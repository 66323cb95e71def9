"""``workbench nas_tir search --device mps`` (or cuda without a GPU) was refused only after the crops of every
sequence were cut (minutes with real --data) and --out was made: the refusal left an empty folder behind. The
device is resolved before any data is read."""
import pytest

pytest.importorskip("torch")


def test_an_unusable_device_is_refused_before_any_crop_is_cut_or_folder_made(tmp_path, monkeypatch):
    from workbench.core.errors import WorkbenchError
    from workbench_nas_tir import data, search

    cut = []
    monkeypatch.setattr(data, "build_bank", lambda *a, **k: cut.append(a) or pytest.fail("crops cut first"))
    out = tmp_path / "run"
    cfg = search.SearchConfig(device="mps", synthetic=1, real=False)
    with pytest.raises(WorkbenchError, match="device must be one of"):
        next(search.search_events(cfg, out))
    assert not cut and not out.exists()
