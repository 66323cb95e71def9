"""``workbench segment tophat --dataset SET --csv-bom`` without ``--plots`` (and the LW plugin's evaluate) ran and
exited 0 with the mark asked for written on no file (their only CSVs are --plots' roc.csv / pd_fa.csv), where
``eval --csv-bom`` without ``--csv`` is refused: one rule (``csvtable.check_bom_given``), refused before any work."""
import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data.images import write_image

pytestmark = pytest.mark.usefixtures("one_thread")


def _set(root, n=2, size=16):
    for i in range(n):
        x = np.full((size, size), 30, np.uint8)
        m = np.zeros((size, size), np.uint8)
        x[5:8, 5:8], m[5:8, 5:8] = 200, 255
        write_image(root / "images" / f"img{i}.png", x)
        write_image(root / "masks" / f"img{i}_pixels0.png", m)
    return root


@pytest.mark.parametrize("model", ["tophat", "lw_irstnet"])
def test_segment_csv_bom_without_plots_is_refused(tmp_path, capsys, model):
    data = _set(tmp_path / "set")
    scores = tmp_path / "scores.json"
    rc = main(["segment", model, "--dataset", str(data), "--json", str(scores), "--csv-bom"])
    err = capsys.readouterr().err
    assert rc == 2, err  # the old code: 0, the scores written, no CSV marked
    assert "--csv-bom: marks the CSV files of --plots (roc.csv, pd_fa.csv), and no --plots is given; add --plots " \
           "FOLDER, or drop --csv-bom" in err, err
    assert not scores.exists()  # before any work


def test_eval_keeps_its_wording(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "res"), "--dataset", str(tmp_path / "data"), "--csv-bom"]) == 2
    assert "--csv-bom: marks the --csv file, and no --csv is given; add --csv FILE, or drop --csv-bom" \
        in capsys.readouterr().err
