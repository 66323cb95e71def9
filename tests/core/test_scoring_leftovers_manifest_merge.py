"""One method and settings stored under several ``<dataset>`` levels (a LaSOT root's own folder and a class
folder) is one run, one-pass (``results._merge_level``) and VOT / TRE / SRE (``evaluation.vot.protocol_folders``)
alike; both merge the manifests with ``results.merge_manifests``. Where the first level has no manifest, the other
level's records of its sequences are kept (a VOT toolkit's folder beside ours); one-pass never meets that case, a
level without a manifest being read in another layout than one with a manifest."""
from __future__ import annotations

import json

from workbench.core.evaluation import vot
from workbench.core.results import find_runs_in, merge_manifests

LEVELS = ("LaSOT", "bird")  # the root's name first, then its class folder
RECORD = {"box_offset": 0, "start_frame": 3, "completed": False, "partial": {"frame": 5, "reason": "interrupted"}}


def _level(folder, seq, manifest=None):
    (folder / seq).mkdir(parents=True)
    (folder / seq / f"{seq}_001.txt").write_text("1,1,5,5\n" * 8)
    if manifest is not None:
        (folder / "manifest.json").write_text(json.dumps(manifest))


def test_one_pass_merges_a_level_without_a_manifest_only_with_another_without_one(tmp_path):
    for level, seq in zip(LEVELS, ("s1", "s2")):  # ours without a manifest: pytracking's layout
        (tmp_path / level / "kcf" / "default").mkdir(parents=True)
        (tmp_path / level / "kcf" / "default" / f"{seq}.txt").write_text("1,1,5,5\n" * 8)
    (run,) = find_runs_in(tmp_path, LEVELS)
    assert set(run.files) == {"s1", "s2"} and run.manifest is None and run.dataset == "LaSOT"
    (tmp_path / "bird" / "kcf" / "default" / "manifest.json").write_text(json.dumps({"sequences": {"s2": RECORD}}))
    first, other = find_runs_in(tmp_path, LEVELS)  # ours beside pytracking's: read another way, two runs
    assert (first.layout, set(first.files), first.manifest) == ("pytracking", {"s1"}, None)
    assert (other.layout, set(other.files), other.start_frame("s2")) == ("ours", {"s2"}, 3)


def test_vot_runs_merge_the_same_way(tmp_path):
    _level(tmp_path / "LaSOT" / "kcf" / "default" / "baseline", "s1")
    _level(tmp_path / "bird" / "kcf" / "default" / "baseline", "s2", {"method": "kcf", "sequences": {"s2": RECORD}})
    (run,) = vot.find_vot_runs(tmp_path, LEVELS)
    assert set(run.files) == {"s1", "s2"}
    assert run.manifest == {"method": "kcf", "sequences": {"s2": RECORD}}


def test_merge_manifests_without_a_first_manifest():
    other = {"method": "kcf", "sequences": {"s2": RECORD, "s3": {}}}
    assert merge_manifests(None, other, ["s2"]) == {"method": "kcf", "sequences": {"s2": RECORD}}
    assert merge_manifests(None, other, ["s9"]) is None and merge_manifests(None, None, ["s2"]) is None
    ours = {"method": "kcf", "sequences": {"s1": {}}}
    assert merge_manifests(ours, other, ["s2"]) == {"method": "kcf", "sequences": {"s1": {}, "s2": RECORD}}
