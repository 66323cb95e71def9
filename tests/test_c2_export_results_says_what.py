"""`workbench export-results` said "wrote 2 file(s)" counting the box files alone, while the time files and the
manifest beside them were written too; it says each kind it wrote."""
import numpy as np

from workbench.cli import main
from workbench.core.results import update_manifest, write_boxes, write_times


def test_export_results_counts_every_file_it_wrote(tmp_path, capsys):
    folder = tmp_path / "ours" / "set" / "kcf" / "default"
    for seq in ("a", "b"):
        write_boxes(folder / f"{seq}.txt", np.tile([1.0, 2.0, 10.0, 8.0], (5, 1)), 0)
        write_times(folder / f"{seq}_time.txt", np.full(5, 0.01))
        update_manifest(folder, {"method": "kcf", "kind": "tracker", "variant": "default"}, seq,
                        {"box_offset": 0, "start_frame": 0, "completed": True})
    out = tmp_path / "out"
    assert main(["export-results", str(tmp_path / "ours"), "--toolkit", "got10k", "--out", str(out)]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("wrote "))
    assert line.startswith("wrote 2 box files, 2 time files and manifest.json to "), line
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert len(written) == 5 and sum(p.endswith("_time.txt") for p in written) == 2, written
