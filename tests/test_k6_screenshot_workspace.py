"""`workbench --demo --screenshot out.png` saved another kcf/default-runN run into the user's workspace each time; a
screenshot is a check: its run goes to a temporary workspace, removed afterwards, and the user's is left as it was."""
import os
from pathlib import Path

from workbench.gui import app


def test_a_screenshot_runs_in_a_temporary_workspace(tmp_path, monkeypatch):
    mine = tmp_path / "ws"
    (mine / "results").mkdir(parents=True)
    monkeypatch.setenv("WORKBENCH_WORKSPACE", str(mine))
    seen = []

    def fake(demo, screenshot, open_path):  # the window's part: a run saved where the workspace is
        from workbench.gui import settings

        where = settings.results_dir()
        (where / "kcf" / "default").mkdir(parents=True)
        (where / "kcf" / "default" / "demo.txt").write_text("1,2,3,4\n")
        seen.append(where)
        return 0

    monkeypatch.setattr(app, "_run_app", fake)
    assert app.run_app(demo=True, screenshot=str(tmp_path / "shot.png")) == 0
    assert seen and mine not in seen[0].parents and not seen[0].exists()  # elsewhere, and gone
    assert list((mine / "results").iterdir()) == [] and os.environ["WORKBENCH_WORKSPACE"] == str(mine)
    # the window without --screenshot keeps the user's workspace
    assert app.run_app(demo=True) == 0 and Path(seen[-1]) == mine / "results"
