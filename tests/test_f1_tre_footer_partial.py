"""A cancelled TRE sequence (fewer runs than planned) counted its runs there as the starts it had, so the footer
said "2 to 3 starts per sequence (3 asked; fewer where fewer frames with a box leave 20 to the end)", a false
reason: the starts it was to have are counted."""
import json

from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def test_a_cancelled_sequence_counts_its_planned_starts(tmp_path, capsys):
    data = tmp_path / "data"
    write_demo(data, frames=30, width=40, height=32, seed=1, name="short")
    out = tmp_path / "r"
    assert main(["run", "--tracker", "kcf", "--dataset", str(data), "--protocol", "tre", "--segments", "3",
                 "--out", str(out)]) == 0
    manifest = next(out.rglob("manifest.json"))
    m = json.loads(manifest.read_text())
    entry = m["sequences"]["short"]
    assert entry["planned"] == 3 and len(entry["runs"]) == 3
    last = sorted((manifest.parent / "short").glob("short_*[0-9].txt"))[-1]
    last.unlink()  # the third start never ran: the run was cancelled
    entry["runs"], entry["completed"] = entry["runs"][:2], False
    manifest.write_text(json.dumps(m))
    capsys.readouterr()
    assert main(["eval", "--dataset", str(data), "--results", str(out), "--protocol", "tre"]) == 0
    said = capsys.readouterr().out
    assert "partial" in said, said  # the sequence is scored as partial
    assert "TRE, OTB convention: 3 starts per sequence spread over" in said, said
    assert "fewer where fewer frames" not in said, said
