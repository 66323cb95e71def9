"""NanoTrack v2 as a training-only teacher: the ONNX runner, the geometry, the KL term, the CLI."""
from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
import torch

from tests.helpers import shared


class _Backbone(torch.nn.Module):
    """NanoTrack's backbone I/O: ``input`` (1, 3, H, W) 0..255 -> ``output`` (1, 48, H/16, W/16)."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 48, 3, 16, 1)

    def forward(self, x):
        return torch.relu(self.conv(x / 255.0))


class _Head(torch.nn.Module):
    """``input1`` (1, 48, 8, 8), ``input2`` (1, 48, 16, 16) -> ``output1`` (1, 2, 16, 16), ``output2`` (1, 4, 16, 16)."""

    def __init__(self):
        super().__init__()
        self.cls = torch.nn.Conv2d(48, 2, 1)
        self.box = torch.nn.Conv2d(48, 4, 1)

    def forward(self, z, x):
        y = x * z.mean(dim=(2, 3), keepdim=True)
        return self.cls(y), torch.exp(self.box(y).clamp(max=5))


@pytest.fixture(scope="module")
def standin(tmp_path_factory):
    """A tiny random ONNX pair with the released files' names and (fixed, batch-1) shapes."""
    d = tmp_path_factory.mktemp("nanotrack_standin")
    torch.manual_seed(0)
    kw = {"dynamo": False} if "dynamo" in torch.onnx.export.__code__.co_varnames else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        _export(d, kw)
    return d


def _export(d, kw):
    torch.onnx.export(_Backbone().eval(), (torch.rand(1, 3, 255, 255),), str(d / "nanotrack_backbone_sim.onnx"),
                      input_names=["input"], output_names=["output"], opset_version=13, **kw)
    torch.onnx.export(_Head().eval(), (torch.rand(1, 48, 8, 8), torch.rand(1, 48, 16, 16)),
                      str(d / "nanotrack_head_sim.onnx"), input_names=["input1", "input2"],
                      output_names=["output1", "output2"], opset_version=13, **kw)


def test_teacher_maps_shape_and_range(standin):
    from workbench_siamfcpp_prune.teacher import NanoTrackTeacher

    t = NanoTrackTeacher(standin, "cpu")
    z, x = torch.rand(3, 3, 127, 127), torch.rand(3, 3, 223, 223)  # search != 255: centre-padded
    m = t(z, x)
    assert m.shape == (3, 1, 16, 16) and m.dtype == torch.float32
    assert float(m.min()) >= 0.0 and float(m.max()) <= 1.0
    m2 = t(z, torch.rand(3, 3, 303, 303))  # larger: centre-cropped
    assert m2.shape == (3, 1, 16, 16)


def test_teacher_missing_files_one_line(tmp_path):
    from workbench.core.errors import WorkbenchError
    from workbench_siamfcpp_prune.teacher import NanoTrackTeacher

    with pytest.raises(WorkbenchError) as e:
        NanoTrackTeacher(tmp_path)
    assert "\n" not in str(e.value) and "nanotrack_backbone_sim.onnx" in str(e.value)


def test_geometry_maps_our_cells_onto_teacher_cells():
    """Our cell i sits at crop pixel offset + 8 i; NanoTrack's cell j at 127 + 16 (j - 8) of its 255
    crop centred on ours: the centre cell of both maps is the crop centre."""
    from workbench_siamfcpp_prune.model import score_geometry
    from workbench_siamfcpp_prune.teacher import teacher_cells, teacher_on_score_grid

    for x_size in (255, 303, 223):
        s, off = score_geometry(x_size)
        j = teacher_cells(x_size, s, off)
        assert j[s // 2] == pytest.approx(8.0)  # both centres at the crop centre
        assert np.allclose(np.diff(j), 0.5)  # stride 8 vs 16
    s, off = score_geometry(255)
    assert teacher_cells(255, s, off)[0] == pytest.approx(5.5)  # pixel 87 -> (87 - 127) / 16 + 8
    # a teacher map with one hot cell at (7, 10) lands on our cells (2 (7 - 5.5), 2 (10 - 5.5)) = (3, 9)
    tm = torch.zeros(1, 1, 16, 16)
    tm[0, 0, 7, 10] = 1.0
    ours, mask = teacher_on_score_grid(tm, 255, s, off)
    assert ours.shape == (1, 1, s, s) and float(mask.min()) == 1.0
    assert tuple(np.unravel_index(int(ours.argmax()), (s, s))) == (3, 9)


def test_distill_loss_zero_when_equal_and_grows():
    from workbench_siamfcpp_prune.loss import distill_loss

    g = torch.Generator().manual_seed(1)
    cls, ctr = torch.randn(2, 1, 11, 11, generator=g), torch.randn(2, 1, 11, 11, generator=g)
    ours = torch.sigmoid(cls) * torch.sigmoid(ctr)
    assert float(distill_loss(cls, ctr, ours)) == pytest.approx(0.0, abs=1e-5)
    near = (ours + 0.05).clamp(0, 1)
    far = (ours + 0.4).clamp(0, 1)
    l_near, l_far = float(distill_loss(cls, ctr, near)), float(distill_loss(cls, ctr, far))
    assert 0 < l_near < l_far
    mask = torch.zeros(1, 1, 11, 11)
    assert float(distill_loss(cls, ctr, far, mask)) == 0.0  # cells outside the teacher's grid count nothing


def test_train_with_standin_teacher_records_it(tmp_path, standin):
    from workbench.cli import main as cli
    from workbench_siamfcpp_prune.checkpoint import load_state

    out = tmp_path / "run"
    rc = cli(["train", "siamfcpp", "--out", str(out), "--teacher", str(standin), "--distill-weight", "0.5",
              "--epochs", "1", "--steps", "2", "--batch-size", "2", "--x-size", "199", "--demo-sequences", "1",
              "--shape-sequences", "0", "--threads", "1", "--device", "cpu"])
    assert rc == 0 and (out / "weights.pt").is_file()
    d = json.loads((out / "history.json").read_text())["extra"]["distillation"]
    assert d["weight"] == 0.5 and d["teacher"].endswith(standin.name)
    assert d["note"] == "distilled from NanoTrack v2 (Apache-2.0) response maps, teacher not shipped"
    _, meta = load_state(out / "weights_q8.pt")
    assert meta["distillation"]["note"] == d["note"]
    assert "teacher" in (out / "train_log.txt").read_text()


def test_no_teacher_loss_unchanged(tmp_path):
    """Without --teacher the step is the old one: identical loss."""
    from workbench_siamfcpp_prune.loss import tracking_loss
    from workbench_siamfcpp_prune.model import SiamFCpp, score_geometry
    from workbench_siamfcpp_prune.train import train_step_fn

    torch.manual_seed(0)
    model = SiamFCpp().eval()
    z, x = torch.rand(2, 3, 127, 127), torch.rand(2, 3, 199, 199)
    b = torch.tensor([[80.0, 80, 120, 120], [70, 90, 110, 130]])
    s, off = score_geometry(199)
    ref, _ = tracking_loss(model(z, x), b, s, off)
    got = train_step_fn(199, "cpu")(model, (z, x, b))
    assert torch.equal(ref, got)


def test_real_teacher_peaks_near_target():
    folder = shared("weights/nanotrack_v2")
    from workbench.core.data.synthetic import demo_sequence
    from workbench.core.training.pairs import PairConfig, PairSampler
    from workbench_siamfcpp_prune.data import to_tensors
    from workbench_siamfcpp_prune.teacher import NANO_STRIDE, NanoTrackTeacher

    seq = demo_sequence(frames=30, seed=3)
    sampler = PairSampler([seq], PairConfig(x_size=255, max_gap=5))
    z, x, b = to_tensors(sampler.batch(4, np.random.default_rng(0)))
    m = NanoTrackTeacher(folder, "cpu")(z, x)
    assert m.shape == (4, 1, 16, 16)
    for i in range(4):
        r, c = np.unravel_index(int(m[i, 0].argmax()), (16, 16))
        px, py = 127 + NANO_STRIDE * (c - 8), 127 + NANO_STRIDE * (r - 8)  # the peak's search-crop pixel
        cx, cy = float(b[i, 0] + b[i, 2]) / 2, float(b[i, 1] + b[i, 3]) / 2
        assert abs(px - cx) <= 1.5 * NANO_STRIDE and abs(py - cy) <= 1.5 * NANO_STRIDE, (i, px, py, cx, cy)
