"""export-video (F, session 52): ``--map NAME`` re-ran the tracker on two frames before saying it draws no such map,
though the plugin declares its maps (``Plugin.map_names``): the declared names are checked first, no frame tracked.
A bad extension's hint said ``x.txt.mp4``: it now says ``x.mp4``. The runs' colours follow the figures' rule
(``plots.tracker_styles`` over the runs as eval lists them: --trackers as given, else the labels sorted), whatever
order the result folders were given in."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data.synthetic import write_demo
from workbench.core.errors import WorkbenchError


def _kcf_run(tmp_path):
    s = write_demo(tmp_path / "data", frames=4, width=48, height=40, seed=1, name="s1")
    assert main(["run", "--tracker", "kcf", "--sequence", str(s), "--out", str(tmp_path / "res")]) == 0
    return s


def test_undeclared_map_refused_before_any_frame_is_tracked(tmp_path, capsys, monkeypatch):
    import workbench.core.loops as loops
    import workbench.core.runs as runs

    s = _kcf_run(tmp_path)

    def tracked(*a, **k):
        raise AssertionError("the tracker was run for a map its plugin does not declare")

    monkeypatch.setattr(loops, "iter_track", tracked)
    monkeypatch.setattr(runs, "run_tracker", tracked)
    assert main(["export-video", "--sequence", str(s), "--results", str(tmp_path / "res"), "--map", "nomap",
                 "--out", str(tmp_path / "x.mp4")]) == 2
    err = capsys.readouterr().err
    assert "kcf draws no 'nomap' map (its maps: response)" in err, err
    assert not list(tmp_path.glob("x.*"))


def test_bad_extension_hint_replaces_it(tmp_path):
    from workbench.core.video import video_path

    with pytest.raises(WorkbenchError) as err:
        video_path(tmp_path / "x.txt")
    assert f"e.g. {tmp_path / 'x.mp4'}" in str(err.value) and "x.txt.mp4" not in str(err.value)


def test_run_colours_by_the_figures_rule_not_the_folders_order(tmp_path):
    from workbench.core.data import open_sequence
    from workbench.core.evaluation.plots import color_for
    from workbench.core.video import runs_from_folders

    write_demo(tmp_path / "data", frames=3, width=32, height=24, seed=1, name="s")
    for label in ("zeta", "alpha"):
        (tmp_path / label / label).mkdir(parents=True)
        (tmp_path / label / label / "s.txt").write_text("3,5,7,7\n" * 3)
    seq = open_sequence(tmp_path / "data" / "s")
    runs = runs_from_folders(seq, [tmp_path / "zeta", tmp_path / "alpha"])  # zeta's folder first
    assert [r.label for r in runs] == ["zeta", "alpha"]
    assert {r.label: r.color for r in runs} == {"alpha": color_for(0), "zeta": color_for(1)}  # as eval --plots
    given = runs_from_folders(seq, [tmp_path / "zeta", tmp_path / "alpha"], trackers=["zeta", "alpha"])
    assert {r.label: r.color for r in given} == {"zeta": color_for(0), "alpha": color_for(1)}
    assert np.allclose(runs[0].boxes[0], [3, 5, 7, 7]) or np.allclose(runs[0].boxes[0], [2, 4, 7, 7])
