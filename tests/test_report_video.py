"""`workbench report` (one self-contained HTML page + a LaTeX table) and `workbench export-video`
(the sequence with its result boxes as an MP4), on a tiny generated dataset with two trackers."""
from __future__ import annotations

import re

import cv2
import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.evaluation.ope import CONVENTION


@pytest.fixture
def dataset(tmp_path):
    """Two sequences under one root, two trackers' flat result folders (0-based, as the data)."""
    root = tmp_path / "data"
    seqs = [write_demo(root, frames=10, width=96, height=80, seed=k, name=f"s{k}") for k in (1, 2)]
    res = tmp_path / "res"
    for s in seqs:
        seq = open_sequence(s)
        for name, shift in (("alpha", 0.0), ("beta_2", 6.0)):
            (res / name).mkdir(parents=True, exist_ok=True)
            np.savetxt(res / name / f"{seq.name}.txt", seq.groundtruth + [shift, 0, 0, 0], fmt="%.2f", delimiter=",")
    return root, seqs, res


def test_report_is_one_self_contained_html_and_a_tex_table(tmp_path, dataset, capsys):
    root, seqs, res = dataset
    names = [open_sequence(s).name for s in seqs]
    out = tmp_path / "report"
    assert main(["report", str(res), "--dataset", str(root), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.tex"]
    page = (out / "report.html").read_text()
    assert CONVENTION in page
    assert "alpha" in page and "beta_2" in page
    assert "<svg" in page and "data:image/png;base64," in page
    assert not re.search(r'(src|href)="(?!data:|#)', page), "no external files"
    seq_table = page.split('class="sequences"')[1].split("</table>")[0]
    for n in names:
        assert seq_table.count(f"<tr><td>{n}</td>") == 1
    tex = (out / "report.tex").read_text()
    rows = [ln for ln in tex.splitlines() if ln.endswith("\\\\") and not ln.startswith("Tracker")]
    assert len(rows) == 2 and rows[0].startswith("alpha") and rows[1].startswith("beta\\_2")
    assert "\\toprule" in tex and "\\textbf{" in rows[0]


def test_video_has_every_frame_and_the_boxes_colours(tmp_path, dataset):
    from workbench.core.evaluation.plots import color_for

    root, seqs, res = dataset
    seq = open_sequence(seqs[0])
    out = tmp_path / "v.mp4"
    assert main(["export-video", "--sequence", str(seqs[0]), "--results", str(res), "--trackers", "alpha",
                 "--out", str(out), "--fps", "10"]) == 0
    path = out if out.exists() else out.with_suffix(".avi")
    cap = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, f = cap.read()
        if not ok:
            break
        frames.append(f)
    cap.release()
    assert len(frames) == len(seq)
    from workbench.core.video import auto_scale

    k = auto_scale(96, 80)
    x, y, w, h = seq.groundtruth[5]
    f = frames[5].astype(int)
    want = np.array([int(color_for(0)[i:i + 2], 16) for i in (5, 3, 1)])  # BGR of the first tracker's colour
    # the box's right edge (a 2-px line, drawn at x + w) holds the colour; compression blurs it a little
    col = int(round((x + w) * k))
    ys = slice(int((y + h * 0.3) * k), int((y + h * 0.7) * k))
    strip = f[ys, col - 2:col + 3].reshape(-1, 3)
    assert np.min(np.abs(strip - want).sum(axis=1)) < 90
    # a pixel far from every box is not that colour
    assert np.abs(f[-3, -3] - want).sum() > 90


def test_video_errors_are_clear(tmp_path, dataset, capsys):
    root, seqs, res = dataset
    assert main(["export-video", "--sequence", str(seqs[0]), "--results", str(res), "--trackers", "nope",
                 "--out", str(tmp_path / "v.mp4")]) == 2
    assert "nope" in capsys.readouterr().err


def test_video_draws_extreme_boxes_clipped(tmp_path, dataset):
    """A diverged tracker's rows (1e308, 1e20) are drawn clipped to the picture: the video is written,
    and a box partly outside the frame looks exactly as before."""
    from workbench.core.video import draw_frame

    root, seqs, res = dataset
    seq = open_sequence(seqs[0])
    rows = np.repeat(seq.groundtruth[:1], len(seq), axis=0)
    rows[3] = 1e308
    rows[4] = [1e20, 10, 20, 20]
    rows[5] = [-1e20, -1e20, 2e20, 2e20]
    (tmp_path / "wild" / "kcf").mkdir(parents=True)
    np.savetxt(tmp_path / "wild" / "kcf" / f"{seq.name}.txt", rows, fmt="%.6g", delimiter=",")
    assert main(["export-video", "--sequence", str(seqs[0]), "--results", str(tmp_path / "wild"),
                 "--out", str(tmp_path / "w.mp4")]) == 0
    rgb = np.zeros((40, 50, 3), np.uint8)
    for box in ([1e308] * 4, [1e20, 10, 20, 20], [-1e20, -1e20, 2e20, 2e20]):
        assert draw_frame(rgb, {"t": (box, "#ff0000")}).shape == (40, 50, 3)
    rgb = np.zeros((100, 60, 3), np.uint8)
    want = rgb.copy()
    cv2.rectangle(want, (-30, 40), (20, 130), (255, 0, 0), 2, cv2.LINE_AA)
    got = draw_frame(rgb, {"t": ([-30, 40, 50, 90], "#ff0000")})
    np.testing.assert_array_equal(got[30:], want[30:])  # below the legend
    assert got[40:, 20, 0].max() == 255


def test_report_does_not_rank_a_tracker_scored_on_fewer_sequences(tmp_path, dataset):
    """alpha (the better tracker) has no result for one sequence: its means are over fewer sequences, so
    it is marked (dagger) with the sequence named, in the HTML, the LaTeX table and the plot legends,
    and the bold 'best' goes to the tracker scored on every sequence."""
    root, seqs, res = dataset
    lost = open_sequence(seqs[1]).name
    (res / "alpha" / f"{lost}.txt").unlink()
    out = tmp_path / "report"
    assert main(["report", str(res), "--dataset", str(root), "--out", str(out)]) == 0
    page = (out / "report.html").read_text()
    assert "<td>alpha \u2020</td>" in page and f"alpha: not scored on {lost}" in page
    assert "alpha \u2020 [AUC" in page  # the success plot's legend (inline SVG keeps the text as a comment)
    tex = (out / "report.tex").read_text()
    rows = {ln.split(" & ")[0]: ln for ln in tex.splitlines() if ln.endswith("\\\\") and " & " in ln}
    assert "\\textbf" not in rows["alpha$^\\dagger$"] and rows["beta\\_2"].count("\\textbf") == 3
    assert f"alpha is not scored on {lost}" in tex.replace("\\_", "_")


def test_latex_table_explains_its_marks_and_attribute_table_has_frames(tmp_path):
    """$^*$ (a partial run) is explained under the table with where the run stopped; the HTML
    per-attribute table says on how many frames each attribute's AUC rests."""
    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.core.evaluation.report import latex_table, render_html

    gt = np.tile([10.0, 10, 20, 20], (30, 1))
    occ = np.zeros(30, bool)
    occ[5:9] = True
    r = evaluate_tracker("ps_x", {"a": gt.copy()}, {"a": gt}, {"a": {"occlusion": occ}})
    r.partial = {"a": {"frame": 12, "reason": "interrupted"}}
    tex = latex_table([r])
    assert "ps\\_x$^*$ &" in tex
    note = tex.split("\\end{tabular}")[1]
    assert "$^*$" in note and "interrupted at frame index 12 (0-based; frame 13 counted from 1)" in note and "failures" in note
    page = render_html([r], [], "")
    attr = page.split('class="attributes"')[1].split("</table>")[0]
    assert "<th>frames</th>" in attr and "<tr><td>occlusion</td><td>4</td>" in attr


def test_report_timelines_shade_occluded_frames():
    """The per-frame IoU plots shade occluded frames as the window's Timeline does: the picture with the
    occlusion flags differs from the one without."""
    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.core.evaluation.report import timeline_png

    gt = np.tile([10.0, 10, 20, 20], (40, 1))
    occ = np.zeros(40, bool)
    occ[10:20] = True
    r = evaluate_tracker("t", {"a": gt}, {"a": gt})
    plain = timeline_png([r], {"t": {"a": gt}}, {}, {"a": gt})
    shaded = timeline_png([r], {"t": {"a": gt}}, {}, {"a": gt}, {"a": {"occlusion": occ}})
    assert plain and shaded and plain != shaded
