"""``workbench bench NAME --json F --force`` wrote the figures over ``F`` even when ``F`` was a file of the data folder
the benchmarks read (``$WORKBENCH_BENCH_DATA``), and without ``--force`` the refusal told the user to pass it. A file
in that folder is refused before the run, with or without ``--force``, naming the file and the folder; so is a new
name there (it would sit among the data the next run reads); a file elsewhere is written as before."""
from __future__ import annotations

import json
import types

import pytest

from workbench.core import bench
from workbench.core.errors import WorkbenchError


def _no_run(quick=False):
    raise AssertionError("the benchmark ran: the --json check comes before any work")


@pytest.fixture
def data(tmp_path, monkeypatch):
    root = tmp_path / "data"
    (root / "irst" / "sirst").mkdir(parents=True)
    (root / "irst" / "sirst" / "list.txt").write_text("Misc_1\n")
    monkeypatch.setenv(bench.DATA_ENV, str(root))
    return root


@pytest.mark.parametrize("force", [False, True])
def test_a_data_file_is_refused_with_or_without_force(data, monkeypatch, capsys, force):
    from workbench.cli import main

    f = data / "irst" / "sirst" / "list.txt"
    monkeypatch.setattr(bench, "load", lambda name: types.SimpleNamespace(run=_no_run))
    assert main(["bench", "fake", "--json", str(f)] + (["--force"] if force else [])) == 2
    err = capsys.readouterr().err
    assert f"--json {f}: is a file in the data folder" in err and "pass --force" not in err, err
    assert f.read_text() == "Misc_1\n"
    with pytest.raises(WorkbenchError) as got:
        bench.check_json_out(str(data / "irst" / ".." / "irst" / "sirst" / "list.txt"), force)
    assert "list.txt" in str(got.value) and str(data) in str(got.value) and "pass --force" not in str(got.value)


def test_a_new_name_in_it_is_refused_and_files_elsewhere_are_written(data, tmp_path, monkeypatch, capsys):
    from workbench.cli import main

    monkeypatch.setattr(bench, "load", lambda name: types.SimpleNamespace(run=lambda quick=False: {"name": "fake"}))
    new = data / "irst" / "fake.json"
    assert main(["bench", "fake", "--json", str(new), "--force"]) == 2 and not new.exists()
    err = capsys.readouterr().err
    assert f"--json {new}: would be a new file in the data folder" in err and str(data) in err, err
    old = tmp_path / "old.json"
    old.write_text("{}")
    assert main(["bench", "fake", "--json", str(old), "--force"]) == 0
    assert json.loads(old.read_text())["name"] == "fake"
    beside = tmp_path / "data2.json"  # a name that starts as the data folder's does, not in it
    assert main(["bench", "fake", "--json", str(beside)]) == 0 and beside.is_file()
