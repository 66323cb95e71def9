"""Listing a GOT-10k-like root (split folders with a list.txt) probes each of its sequence folders for
Anti-UAV's IR_label.json once, not a second time folder by folder after the list.txt named none of them
(GOT-10k's train/ holds 9335 sequences)."""
import numpy as np


def test_a_split_listed_by_another_layouts_list_txt_is_not_scanned_again(tmp_path, monkeypatch):
    import cv2

    from workbench.core.data import antiuav, open_dataset

    root = tmp_path / "GOT-10k"
    names = [f"GOT-10k_Train_{k:06d}" for k in range(1, 6)]
    for n in names:
        seq = root / "train" / n
        seq.mkdir(parents=True)
        cv2.imwrite(str(seq / "00000001.jpg"), np.zeros((16, 16, 3), np.uint8))
        (seq / "groundtruth.txt").write_text("1,2,3,4\n")
    (root / "train" / "list.txt").write_text("\n".join(names) + "\n")
    probed = []
    real = antiuav.probe
    monkeypatch.setattr(antiuav, "probe", lambda p: probed.append(p) or real(p))
    assert not antiuav.list_root(root)
    assert sorted(p.name for p in probed if p.parent.name == "train") == names  # each once
    assert [e.name for e in open_dataset(root)] == names
