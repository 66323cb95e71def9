"""RR3 #1 / #8: whether a sequence or a dataset entry is RGB-T is one rule in the core (``evaluation.rgbt.is_rgbt``):
an entry by its layout (one of the RGB-T reader's), an opened sequence by the pair the reader gave it; the window
decides it once per dataset opened, not at every plots update."""
from types import SimpleNamespace

from tests.test_f51_rgbt_scores import _rgbt234
from workbench.core.data.detect import open_dataset
from workbench.core.evaluation import rgbt


def test_entry_and_its_sequence_agree(tmp_path):
    _rgbt234(tmp_path / "data" / "afterrain")
    entry = open_dataset(tmp_path / "data")[0]
    assert entry.layout == "rgbt"
    assert rgbt.is_rgbt(entry) and rgbt.is_rgbt(entry.open())
    assert not rgbt.is_rgbt(SimpleNamespace(layout="otb"))
    assert not rgbt.is_rgbt(SimpleNamespace(meta={"layout": "otb"}, layout="rgbt"))  # opened: its pair decides
    assert {n for n in ("rgbt", "gtot", "vtuav", "lasot") if rgbt.is_rgbt(SimpleNamespace(layout=n))} == {
        "rgbt", "gtot", "vtuav"}


def test_window_decides_once_per_dataset(monkeypatch):
    from workbench.gui.controllers import scoring

    calls = []

    def counting(item):
        calls.append(item)
        return item.layout == "gtot"

    monkeypatch.setattr(rgbt, "is_rgbt", counting)
    ctl = SimpleNamespace(_rgbt_entries=None)
    entries = [SimpleNamespace(layout="otb") for _ in range(50)]
    for _ in range(5):  # five plots updates of one dataset
        assert scoring.ScoringController._dataset_has_rgbt(ctl, entries) is False
    assert len(calls) == 50
    other = [SimpleNamespace(layout="gtot")]  # another dataset opened: decided again
    assert scoring.ScoringController._dataset_has_rgbt(ctl, other) is True
