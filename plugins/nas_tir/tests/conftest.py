"""The window fixtures of tests/gui, for this plugin's window tests; ``registry``: the test plugins of
tests/gui and this plugin's (the NAS inspector's tests); ``shipped_copy``: the shipped searches' replay
files (dual- and single-bottom cells) in a copy that stands in for the plugin's weights folder (the real
folder checked unchanged)."""
import hashlib
import shutil
from pathlib import Path

import pytest

from tests.gui.conftest import messages, window  # noqa: F401


@pytest.fixture
def registry():
    from tests.gui.conftest import make_registry
    from workbench_nas_tir import PLUGIN

    reg = make_registry()
    reg.add(PLUGIN)
    return reg


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def folder_hashes():
    """``folder_hashes(folder)``: {file name: sha256} of the files directly in ``folder``."""
    return _hashes


@pytest.fixture
def real_shipped():
    """The real shipped folder; its files' hashes are the same after the test."""
    from workbench_nas_tir import weights_dir

    real = Path(weights_dir())
    before = _hashes(real)
    yield real
    assert _hashes(real) == before, "the plugin's shipped weights folder was changed"


@pytest.fixture
def shipped_copy(tmp_path, monkeypatch, real_shipped):
    """A copy of the shipped replay's files standing in for the shipped weights folder."""
    import workbench_nas_tir

    copy = tmp_path / "package" / "weights"
    copy.mkdir(parents=True)
    for name in ("alpha_history.json", "genotype_dual.json", "search_log_dual.txt",
                 "alpha_history_single.json", "genotype_single.json", "search_log_single.txt"):
        shutil.copy2(real_shipped / name, copy / name)
    monkeypatch.setattr(workbench_nas_tir, "weights_dir", lambda: copy)
    return copy
