"""`workbench corpus pack` stopped on one corrupt frame of one source (a training corpus gathers every folder it
finds): that source is skipped with a line naming it and the frame's file, the others are packed."""
import numpy as np

from workbench.cli import main


def _otb(root, name):
    from workbench.core.data.images import write_image

    for i in range(4):
        f = np.full((40, 40), 50, np.uint8)
        f[10:18, 10 + i:18 + i] = 210
        write_image(root / name / "img" / f"{i + 1:04d}.png", f)
    (root / name / "groundtruth_rect.txt").write_text("".join(f"{11 + i},11,8,8\n" for i in range(4)))


def test_a_corrupt_frame_skips_its_source_only(tmp_path, capsys):
    data = tmp_path / "data"
    _otb(data, "good")
    _otb(data, "bad")
    (data / "bad" / "img" / "0003.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    out = tmp_path / "c.wbpack.npz"
    assert main(["corpus", "pack", str(data), "--out", str(out)]) == 0
    said = capsys.readouterr()
    text = said.out + said.err
    assert "skipped bad" in text and "0003.png" in text and "packed good: 4 frames" in text
    from workbench.core.training.pack import open_pack

    assert [m["name"] for m, _ in open_pack(out)] == ["good"]
