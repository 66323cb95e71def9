"""A point-labelled sequence (DAUB anno_xy.txt, YOLO labels: the Anti-UAV frames) carries the tag ``points`` (how
it is labelled, shown by `workbench list`). `eval --attributes`, the report's per-attribute table and the JSON's
``_attributes`` scored it as if it were a challenge such as occlusion ("points  57 frames  0.119": every frame of
the dataset again). It is not an attribute of the frames: left out of the per-attribute scores; real ones stay."""
import numpy as np

from workbench.core.evaluation.folders import score_folder


def test_the_points_tag_gets_no_per_attribute_score(tmp_path):
    gt = np.array([[10.0, 10.0, 20.0, 20.0]] * 6)
    d = tmp_path / "res" / "kcf"
    d.mkdir(parents=True)
    np.savetxt(d / "seq1.txt", gt + [1.0, 0.0, 0.0, 0.0], delimiter=",", fmt="%.3f")
    occluded = np.array([False, False, True, True, False, False])
    attrs = {"seq1": {"points": True, "occlusion": occluded, "night": True}}
    report = score_folder(tmp_path / "res", {"seq1": gt}, attrs).reports[0]
    assert sorted(report.attributes) == ["night", "occlusion"]
    assert report.attributes["occlusion"].frames == 2
    assert attrs["seq1"]["points"] is True  # the caller's attributes are left as they were


def test_the_window_scores_no_points_tag_either():
    """The window's sequence scope (its live and saved runs, ``score_run``) listed 'points' in the Plots dock's
    attributes of a DAUB sequence: it leaves the tag out as eval does."""
    from workbench.gui.controllers.scoring import score_run

    gt = np.array([[10.0, 10.0, 20.0, 20.0]] * 6)
    occluded = np.array([False, True, True, False, False, False])
    attrs = {"points": True, "occlusion": occluded}
    for last in (None, 3):  # a saved run, a live one scored up to frame 3
        report = score_run("kcf", "seq1", gt + [1.0, 0.0, 0.0, 0.0], gt, attrs, 0, last=last)
        assert sorted(report.attributes) == ["occlusion"]
    assert "points" in attrs  # the sequence's own attributes are left as they were
