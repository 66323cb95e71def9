"""A dataset's sequence whose target is absent at frame 0: `run --dataset` failed it with "give --init or --start",
which a dataset run refuses; it is tracked from its first groundtruth box, said as a warning."""
import numpy as np

from workbench.cli import main


def _otb(root, name, absent_first):
    from workbench.core.data.images import write_image

    rows = []
    for i in range(6):
        f = np.full((48, 48), 40, np.uint8)
        f[10 + i:18 + i, 12:20] = 220
        write_image(root / name / "img" / f"{i + 1:04d}.png", f)
        rows.append("NaN,NaN,NaN,NaN" if i < absent_first else f"13,{11 + i},8,8")
    (root / name / "groundtruth_rect.txt").write_text("\n".join(rows) + "\n")


def test_a_dataset_sequence_starts_at_its_first_box(tmp_path, capsys):
    data = tmp_path / "data"
    _otb(data, "late", 2)
    _otb(data, "never", 6)
    out = tmp_path / "runs"
    assert main(["run", "--tracker", "kcf", "--dataset", str(data), "--out", str(out)]) == 2  # 'never' fails alone
    err = capsys.readouterr().err
    assert "late: no groundtruth box at frame 0" in err and "tracked from frame 2" in err
    rows = [ln for ln in next(out.rglob("late.txt")).read_text().splitlines() if ln.strip()]
    assert len(rows) == 6 and rows[0].lower().startswith("nan") and rows[2].split(",")[:2] == ["13", "13"]
    assert "never" in err and not list(out.rglob("never.txt"))
