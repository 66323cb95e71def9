"""Public datasets in their published layouts, pointed at the CLI (generated frames, tmp_path only)."""
from __future__ import annotations

import cv2
import numpy as np

from workbench.cli import main


def _frames(folder, n, size=(64, 48), pattern="{:08d}.jpg", dtype=np.uint8):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for i in range(n):
        img = rng.integers(0, 60, (size[1], size[0])).astype(np.uint8)
        img[20:30, 20 + i:30 + i] = 220
        if dtype == np.uint16:
            img = img.astype(np.uint16) * 64 + 3000
        cv2.imwrite(str(folder / pattern.format(i + 1)), img)


def test_got10k_test_split_first_box_only_is_not_scored_as_a_perfect_run(tmp_path, capsys):
    split = tmp_path / "GOT-10k" / "test"
    for k in (1, 2):
        seq = split / f"GOT-10k_Test_{k:06d}"
        _frames(seq, 6)
        (seq / "groundtruth.txt").write_text("20.0,20.0,10.0,10.0\n")
    (split / "list.txt").write_text("GOT-10k_Test_000001\nGOT-10k_Test_000002\n")
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--dataset", str(split), "--out", str(out)]) == 0
    capsys.readouterr()
    # the only box is the one each run starts from: a score would be the initial box against itself
    assert main(["eval", str(out), "--dataset", str(split)]) == 2
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert "no sequence with groundtruth" in last and "one box only" in last and "GOT-10k_Test_000001" in last
    assert "AUC" not in err


def _sirst(root, names, size=(40, 32)):
    (root / "images").mkdir(parents=True)
    (root / "masks").mkdir()
    for k, n in enumerate(names):
        img = np.full((size[1], size[0]), 30, np.uint8)
        img[10:13, 10 + k % 5:13 + k % 5] = 250
        cv2.imwrite(str(root / "images" / f"{n}.png"), img)
        cv2.imwrite(str(root / "masks" / f"{n}.png"), np.where(img > 200, 255, 0).astype(np.uint8))


def test_split_names_of_dnanet_and_basicirstd_layouts_are_found(tmp_path):
    from workbench.core.data.sirst import open_sirst, resolve_split
    from workbench.core.errors import DataError
    import pytest

    nudt = tmp_path / "NUDT-SIRST"  # DNANet: 50_50/train.txt, 50_50/test.txt
    _sirst(nudt, [f"{k:06d}" for k in range(1, 7)])
    (nudt / "50_50").mkdir()
    (nudt / "50_50" / "train.txt").write_text("000001\n000002\n000003\n000004\n")
    (nudt / "50_50" / "test.txt").write_text("000005\n000006\n")
    assert open_sirst(nudt, "test").names == ["000005", "000006"]
    assert open_sirst(nudt, "50_50/train").names == ["000001", "000002", "000003", "000004"]
    basic = tmp_path / "NUAA-SIRST"  # BasicIRSTD: img_idx/test_NUAA-SIRST.txt
    _sirst(basic, ["Misc_1", "Misc_2", "Misc_3"])
    (basic / "img_idx").mkdir()
    (basic / "img_idx" / "test_NUAA-SIRST.txt").write_text("Misc_3\n")
    (basic / "img_idx" / "train_NUAA-SIRST.txt").write_text("Misc_1\nMisc_2\n")
    assert open_sirst(basic, "test").names == ["Misc_3"]
    assert open_sirst(basic, "train").names == ["Misc_1", "Misc_2"]
    two = tmp_path / "two"  # DNANet's NUAA-SIRST ships idx_320/ and idx_427/: which one is the user's to say
    _sirst(two, ["a", "b"])
    for d in ("idx_320", "idx_427"):
        (two / d).mkdir()
        (two / d / "test.txt").write_text("a\n")
    with pytest.raises(DataError, match="idx_320/test.txt, idx_427/test.txt"):
        resolve_split(two, "test")


def _lasot(root, cls="horse", k=(1, 2), n=6):
    for i in k:
        seq = root / cls / f"{cls}-{i}"
        _frames(seq / "img", n)
        # LaSOT boxes are 1-based: the target drawn at 0-based (20 + f, 20) is written as (21 + f, 21)
        (seq / "groundtruth.txt").write_text("".join(f"{21 + f},21,10,10\n" for f in range(n)))
        (seq / "full_occlusion.txt").write_text(",".join(["0"] * n))
        (seq / "out_of_view.txt").write_text(",".join(["0"] * n))
        (seq / "nlp.txt").write_text("a bright square")


def test_runs_of_one_lasot_sequence_or_class_folder_are_scored_against_the_lasot_root(tmp_path, capsys):
    import json

    root = tmp_path / "LaSOT"
    _lasot(root)
    out = tmp_path / "res"
    # the img/ folder (one level too deep) and the sequence folder: each run is stored under the class folder
    assert main(["run", "--tracker", "kcf", "--sequence", str(root / "horse" / "horse-1" / "img"), "--out", str(out)]) == 0
    assert main(["run", "--tracker", "kcf", "--sequence", str(root / "horse" / "horse-2"), "--out", str(out)]) == 0
    capsys.readouterr()
    js = tmp_path / "s.json"
    assert main(["eval", str(out), "--dataset", str(root), "--json", str(js)]) == 0
    scores = json.loads(js.read_text())["kcf"]
    assert set(scores) >= {"horse-1", "horse-2"}
    assert scores["horse-1"]["success_auc"] > 0.8  # boxes line up: 1-based file, 0-based frames
    assert main(["report", str(out), "--dataset", str(root), "--out", str(tmp_path / "rep")]) == 0


def test_a_got10k_split_run_is_scored_against_the_root_above_the_splits(tmp_path, capsys):
    root = _got10k_val(tmp_path / "GOT-10k")
    (root / "val" / "list.txt").write_text("GOT-10k_Val_000001\n")
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--dataset", str(root / "val"), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["eval", str(out), "--dataset", str(root), "--per-sequence"]) == 0
    assert "GOT-10k_Val_000001" in capsys.readouterr().out


def test_irstd1k_as_published_img_and_label_folders_with_trainval_and_test(tmp_path, capsys):
    from workbench.core.data import open_dataset, open_sequence
    from workbench.core.data.sirst import open_sirst

    root = tmp_path / "IRSTD-1k"
    _sirst(root, [f"XDU{k}" for k in range(6)])
    (root / "images").rename(root / "IRSTD1k_Img")
    (root / "masks").rename(root / "IRSTD1k_Label")
    (root / "trainval.txt").write_text("XDU0\nXDU1\nXDU2\nXDU3\n")
    (root / "test.txt").write_text("XDU4\nXDU5\n")
    ds = open_sirst(root, "test")
    assert ds.names == ["XDU4", "XDU5"] and ds.items[0].mask_path.parent.name == "IRSTD1k_Label"
    assert ds.mask(0).sum() == 9
    entries = open_dataset(root)  # one labelled set, not two folders of images (the masks read as frames)
    assert [(e.name, e.layout) for e in entries] == [("IRSTD-1k", "masks")]
    seq = open_sequence(root)
    assert len(seq) == 6 and all(m is not None and m.parent.name == "IRSTD1k_Label" for m in seq.meta["mask_files"])
    assert main(["segment", "mpcm", "--dataset", str(root), "--split", "test"]) == 0
    out = capsys.readouterr().out
    assert "images           2" in out


def test_a_multi_page_16bit_tiff_is_a_sequence_of_its_pages(tmp_path, capsys):
    from workbench.core.data import open_sequence

    pages = []
    for i in range(5):
        img = np.full((48, 64), 3000, np.uint16)
        img[20:30, 20 + i:30 + i] = 9000 + i
        pages.append(img)
    stack = tmp_path / "rec 01.tif"
    assert cv2.imwritemulti(str(stack), pages)
    (tmp_path / "rec 01.txt").write_text("".join(f"{20 + i},20,10,10\n" for i in range(5)))
    seq = open_sequence(stack)
    assert len(seq) == 5 and seq.modality == "ir16"
    assert seq.frame(3).dtype == np.uint16 and seq.frame(3)[25, 23] == 9003
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--sequence", str(stack), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["eval", str(out), "--dataset", str(stack), "--per-sequence"]) == 0
    assert "     5" in capsys.readouterr().out  # every page scored


def test_sirst_v2_as_published_mixed_or_images_targets_with_annotations_masks(tmp_path):
    from workbench.core.data import open_dataset
    from workbench.core.data.sirst import open_sirst

    for imgs in ("mixed", "images/targets"):
        root = tmp_path / imgs.replace("/", "_") / "open-sirst-v2"
        _sirst(root, ["Misc_1", "S20210303_S4_25", "iraytek-4"])
        (root / "annotations").mkdir()
        (root / "masks").rename(root / "annotations" / "masks")
        for f in (root / "annotations" / "masks").iterdir():  # SIRST-V2 names its masks <name>_pixels0.png
            f.rename(f.with_name(f.stem + "_pixels0.png"))
        (root / "images").rename(root / "tmp_images")
        (root / imgs).parent.mkdir(parents=True, exist_ok=True)
        (root / "tmp_images").rename(root / imgs)
        (root / "splits").mkdir()
        (root / "splits" / "test_full.txt").write_text("iraytek-4\nMisc_1\n")
        ds = open_sirst(root, "test_full")
        assert ds.names == ["iraytek-4", "Misc_1"] and ds.mask(1).sum() == 9
        assert [(e.name, e.layout) for e in open_dataset(root)] == [("open-sirst-v2", "masks")]


def test_a_root_of_trainval_and_test_sets_says_to_give_one(tmp_path):
    import pytest
    from workbench.core.data.sirst import open_sirst
    from workbench.core.errors import DataError

    for split in ("trainval", "test"):
        _sirst(tmp_path / "NUAA-SIRST" / split, ["Misc_1", "Misc_2"])
    with pytest.raises(DataError, match=r"holds 2 labelled sets, test/, trainval/ .*give one of them"):
        open_sirst(tmp_path / "NUAA-SIRST")
    assert open_sirst(tmp_path / "NUAA-SIRST" / "test").names == ["Misc_1", "Misc_2"]


def test_ultralytics_split_layout_is_not_silently_read_without_its_labels(tmp_path, capsys):
    from workbench.core.data import open_sequence

    root = _ultralytics(tmp_path / "drones", 3)
    (root / "data.yaml").write_text("train: images/train\nval: images/val\nnames: [drone]\n")
    assert main(["list", "--dataset", str(root)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "splits (train, val" in err[0] and "not read" in err[0]
    seq = open_sequence(root / "images" / "val")  # opens, but says that its labels are not read
    assert any("labels" in w and "not read" in w for w in seq.meta.get("warnings", []))


def test_export_video_finds_the_runs_of_a_lasot_root_and_of_a_sequence_opened_by_its_img_folder(tmp_path, capsys):
    root = tmp_path / "LaSOT"
    _lasot(root, k=(1,))
    whole, one = tmp_path / "whole", tmp_path / "one"
    assert main(["run", "--tracker", "kcf", "--dataset", str(root), "--out", str(whole)]) == 0
    assert main(["run", "--tracker", "kcf", "--sequence", str(root / "horse" / "horse-1" / "img"), "--out", str(one)]) == 0
    for results in (whole, one):
        for seq in (root / "horse" / "horse-1", root / "horse" / "horse-1" / "img"):
            out = tmp_path / f"{results.name}_{seq.name}.mp4"
            assert main(["export-video", "--sequence", str(seq), "--results", str(results), "--out", str(out)]) == 0
            assert out.is_file()


def test_another_datasets_runs_under_a_split_folder_name_do_not_stop_the_evaluation(tmp_path, capsys):
    root = _got10k_val(tmp_path / "GOT-10k")
    other = tmp_path / "Other" / "val" / "clip"  # another benchmark with a val/ folder, results in the same place
    _frames(other / "img", 4, pattern="{:04d}.jpg")
    (other / "groundtruth_rect.txt").write_text("".join(f"{21 + f},21,10,10\n" for f in range(4)))
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--dataset", str(root), "--out", str(out)]) == 0
    assert main(["run", "--tracker", "kcf", "--dataset", str(tmp_path / "Other" / "val"), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["eval", str(out), "--dataset", str(root), "--per-sequence"]) == 0
    assert "GOT-10k_Val_000001" in capsys.readouterr().out
    assert main(["eval", str(out), "--dataset", str(tmp_path / "Other" / "val"), "--per-sequence"]) == 0
    assert "clip" in capsys.readouterr().out


def test_a_header_line_in_a_box_file_is_named_as_such(tmp_path, capsys):
    seq = tmp_path / "seq"
    _frames(seq / "img", 4, pattern="{:04d}.jpg")
    (seq / "groundtruth_rect.txt").write_text("x,y,w,h\n" + "".join(f"{21 + f},21,10,10\n" for f in range(4)))
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "groundtruth_rect.txt, line 1" in err[0] and "is a header" in err[0]


def test_segment_on_an_ultralytics_root_names_its_splits(tmp_path, capsys):
    root = _ultralytics(tmp_path / "drones", 2)
    assert main(["segment", "mpcm", "--dataset", str(root)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "splits (train, val" in err[-1] and "0 images" not in err[-1]


def _got10k_val(root):
    """A GOT-10k root with one 6-frame sequence in ``val/``."""
    seq = root / "val" / "GOT-10k_Val_000001"
    _frames(seq, 6)
    (seq / "groundtruth.txt").write_text("".join(f"{20 + f},20,10,10\n" for f in range(6)))
    (seq / "absence.label").write_text("0\n" * 6)
    return root


def _ultralytics(root, n):
    """An Ultralytics YOLO split layout: ``images/<split>/`` + ``labels/<split>/``, ``n`` frames a split."""
    for split in ("train", "val"):
        _frames(root / "images" / split, n, pattern="{:06d}.jpg")
        (root / "labels" / split).mkdir(parents=True)
        for i in range(n):
            (root / "labels" / split / f"{i + 1:06d}.txt").write_text("0 0.5 0.5 0.1 0.1\n")
    return root


def _tracked_and_scored(root, name, out, capsys) -> None:
    """``workbench run`` then ``eval --per-sequence`` of the dataset ``root``: the sequence ``name`` is scored."""
    assert main(["run", "--tracker", "kcf", "--dataset", str(root), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["eval", str(out), "--dataset", str(root), "--per-sequence"]) == 0
    assert name in capsys.readouterr().out


def _antiuav(seq, n=6, absent=(2,)):
    import json

    _frames(seq, n, pattern="{:06d}.jpg")
    exist = [0 if i in absent else 1 for i in range(n)]
    rects = [[] if i in absent else [20 + i, 20, 10, 10] for i in range(n)]
    (seq / "IR_label.json").write_text(json.dumps({"exist": exist, "gt_rect": rects}))


def test_anti_uav410_sequences_with_ir_label_json_are_tracked_and_scored(tmp_path, capsys):
    from workbench.core.data import open_dataset, open_sequence

    root = tmp_path / "Anti-UAV410"
    _antiuav(root / "test" / "20190925_111757_1_1")
    _antiuav(root / "val" / "20190926_183400_1_8", absent=())
    assert sorted((e.name, e.layout) for e in open_dataset(root)) == [
        ("20190925_111757_1_1", "antiuav"), ("20190926_183400_1_8", "antiuav")]
    seq = open_sequence(root / "test" / "20190925_111757_1_1")
    assert np.isnan(seq.groundtruth[2]).all() and list(seq.groundtruth[3]) == [23, 20, 10, 10]  # 0-based: no shift
    assert seq.attributes["absent"].tolist() == [False, False, True, False, False, False]
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--dataset", str(root), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["eval", str(out), "--dataset", str(root), "--per-sequence"]) == 0
    table = capsys.readouterr().out
    assert "20190925_111757_1_1" in table and "     5" in table  # the absent frame is left out


def test_anti_uav_label_file_problems_are_one_line(tmp_path, capsys):
    seq = tmp_path / "20190925_111757_1_1"
    _antiuav(seq)
    (seq / "IR_label.json").write_text('{"exist": [1, 1], "gt_rect": [[1, 2, 3, 4], [1, 2, "x", 4]]}')
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "IR_label.json" in err[0] and "gt_rect entry 2" in err[0]


def test_anti_uav_2020_ir_video_with_its_label_json(tmp_path, capsys):
    import json

    seq = tmp_path / "Anti-UAV" / "20190925_101846_1_1"
    seq.mkdir(parents=True)
    w = cv2.VideoWriter(str(seq / "IR.mp4"), cv2.VideoWriter_fourcc(*"mp4v"), 10, (64, 48))
    for i in range(5):
        img = np.full((48, 64, 3), 30, np.uint8)
        img[20:30, 20 + i:30 + i] = 220
        w.write(img)
    w.release()
    (seq / "IR_label.json").write_text(json.dumps({"exist": [1] * 5, "gt_rect": [[20 + i, 20, 10, 10] for i in range(5)]}))
    _tracked_and_scored(tmp_path / "Anti-UAV", "20190925_101846_1_1", tmp_path / "res", capsys)


def test_ptb_tir_toolkit_layout_tirsequences_with_tiranno(tmp_path, capsys):
    from workbench.core.data import open_dataset

    kit = tmp_path / "PTB-TIR_Evaluation_toolkit"
    _frames(kit / "tirsequences" / "airplane" / "img", 5)
    (kit / "tiranno" / "att").mkdir(parents=True)
    # the toolkit is OTB's (MATLAB): 1-based boxes
    (kit / "tiranno" / "airplane.txt").write_text("".join(f"{21 + f},21,10,10\n" for f in range(5)))
    (kit / "tiranno" / "att" / "airplane.txt").write_text("1,1,1,1,0,0,1,0,0,1\n")
    entries = open_dataset(kit)
    assert [(e.name, e.layout) for e in entries] == [("airplane", "otb")]
    seq = entries[0].open()
    assert list(seq.groundtruth[2]) == [22, 20, 10, 10] and "deformation" in seq.tags()  # its att/ vector named as the toolkit names it
    _tracked_and_scored(kit, "airplane", tmp_path / "res", capsys)


def test_lsotb_tir_toolkit_layout_sequences_with_anno(tmp_path, capsys):
    from workbench.core.data import open_dataset

    kit = tmp_path / "LSOTB-TIR"
    _frames(kit / "sequences" / "airplane_H_001" / "img", 5, pattern="{:04d}.jpg")
    (kit / "anno" / "att").mkdir(parents=True)
    (kit / "anno" / "airplane_H_001.txt").write_text("".join(f"{21 + f},21,10,10\n" for f in range(5)))
    (kit / "anno" / "att" / "airplane_H_001.txt").write_text("0,0,0,0,1,1,1,1,0,0,0,0,0,0,0,1")
    entries = open_dataset(kit)
    assert [(e.name, e.layout) for e in entries] == [("airplane_H_001", "otb")]
    assert list(entries[0].open().groundtruth[4]) == [24, 20, 10, 10]
    _tracked_and_scored(kit, "airplane_H_001", tmp_path / "res", capsys)


def test_otb_sequence_with_two_targets_lists_both_as_the_toolkits_name_them(tmp_path, capsys):
    from workbench.core.data import open_dataset, open_sequence

    root = tmp_path / "OTB100"
    _frames(root / "Jogging" / "img", 5, pattern="{:04d}.jpg")
    (root / "Jogging" / "groundtruth_rect.1.txt").write_text("".join(f"{21 + f},21,10,10\n" for f in range(5)))
    (root / "Jogging" / "groundtruth_rect.2.txt").write_text("".join("5,30,8,8\n" for f in range(5)))
    entries = open_dataset(root)
    assert [e.name for e in entries] == ["Jogging-1", "Jogging-2"]
    assert list(entries[1].open().groundtruth[0]) == [4, 29, 8, 8]
    one = open_sequence(root / "Jogging")  # the folder alone: the first target, named as the toolkits name it
    assert one.name == "Jogging-1" and any("2 targets" in w for w in one.meta["warnings"])
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--dataset", str(root), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["eval", str(out), "--dataset", str(root), "--per-sequence"]) == 0
    table = capsys.readouterr().out
    assert "Jogging-1" in table and "Jogging-2" in table


def test_the_windows_dataset_scope_finds_the_class_folder_runs_eval_finds(tmp_path, capsys):
    """The window's dataset scope (``scoring.score_dataset``, on its worker) looks in the same folders as
    eval (``results.dataset_folders``): runs of one LaSOT class folder were scored by eval on the root
    but not shown in the window with the root open."""
    from workbench.core.data import open_dataset
    from workbench.core.jobs import JobContext
    from workbench.gui.controllers.scoring import score_dataset

    root = tmp_path / "LaSOT"
    _lasot(root)
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--sequence", str(root / "horse" / "horse-2"), "--out", str(out)]) == 0
    capsys.readouterr()
    got = score_dataset(out, "LaSOT", root, open_dataset(root, opened=False), {}, None, JobContext())
    assert got.scores is not None and "kcf" in {r.tracker for r in got.scores.reports}, got.problems
