"""A LasHeR export made by an older workbench (its tracker folder without the manifest.json, the boxes the same) and a
new run exported beside it into the same --out: the refusal ("already holds afterrain.txt") gave no rerun hint, as
the old folder did not count as exported already (its files compared with the manifest it lacks), and it named the
commit that added the manifest ("exports before 3f4c1c2"), which says nothing to a user. The old run counts as
exported there (the hint: --trackers of the new run) and the message says "an export made by an older workbench"."""
from tests.test_q52_lasher_old_export_manifest_added import BOXES, _old_export
from workbench.cli import main


def test_an_old_export_and_a_new_run_are_told_the_trackers_of_the_rest(tmp_path, capsys):
    res, out, cmd, _ = _old_export(tmp_path, capsys)
    (res / "new").mkdir()
    for seq in ("afterrain", "baby"):
        (res / "new" / f"{seq}.txt").write_text("".join(",".join(map(str, b)) + "\n" for b in BOXES + 2))
    (res / "new" / "manifest.json").write_text('{"boxes": "dataset file"}')
    assert main(cmd) == 2
    err = capsys.readouterr().err
    assert f"{out / 'trk'}: already holds afterrain.txt" in err, err
    assert "without the manifest.json that an export made by an older workbench did not write" in err, err
    assert "3f4c1c2" not in err
    assert ("trk: exported there already (the same boxes): to export the rest, the same command with "
            "--trackers new") in err, err
    assert main(cmd + ["--trackers", "new"]) == 0, capsys.readouterr().err  # as it says
    assert sorted(p.name for p in (out / "new").iterdir()) == ["afterrain.txt", "baby.txt", "manifest.json"]
    assert not (out / "trk" / "manifest.json").exists()  # the old folder left as it was
