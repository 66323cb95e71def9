"""Small CLI defects a newcomer found (session 57, Q1), each said or refused now instead of passing without a word:
eval --eao-range with a protocol other than vot was ignored silently (its default looked given); list --dataset
with --settings dropped --settings; `workbench corpus pak` printed the usage alone, not which word was wrong; the
busy-cores note told segment tophat / mpcm and detect users to give --threads, which those refuse; run --device had
no help; "holds these 1 box file", "1 of the 2 sequences were not run", "1 validation videos", "1 thread(s)"; and
`workbench prune ps_siamfcpp -h` / `import ps_siamfcpp -h` showed the usage of `siamfcpp`."""
from __future__ import annotations

import argparse
import contextlib
import io

import pytest

import workbench.cli as cli
import workbench.core.cpu as cpu
from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def _demo_run(tmp_path, protocol="ope"):
    data, res = tmp_path / "data", tmp_path / "r"
    write_demo(data, frames=8, width=32, height=24, seed=1, name="a")
    assert main(["run", "--tracker", "kcf", "--dataset", str(data), "--out", str(res), "--protocol", protocol]) == 0
    return data, res


def test_eao_range_with_another_protocol_is_said_not_used(tmp_path, capsys):
    data, res = _demo_run(tmp_path)
    capsys.readouterr()
    assert main(["eval", str(res), "--dataset", str(data), "--eao-range", "1,8"]) == 0
    err = capsys.readouterr().err
    assert "note: --eao-range sets the EAO interval of --protocol vot; not used by --protocol ope" in err
    assert main(["eval", str(res), "--dataset", str(data)]) == 0  # not given: nothing said
    assert "--eao-range" not in capsys.readouterr().err


def test_vot_without_eao_range_keeps_the_vot2017_interval(tmp_path, capsys):
    data, res = _demo_run(tmp_path, "vot")
    capsys.readouterr()
    assert main(["eval", str(res), "--dataset", str(data), "--protocol", "vot"]) == 0
    err = capsys.readouterr().err  # an 8-frame run is shorter than the default interval, which is said
    assert "EAO interval 100..356; pass a shorter --eao-range" in err and "not used by" not in err


def test_list_refuses_dataset_with_settings(tmp_path, capsys):
    write_demo(tmp_path / "data", frames=4, width=32, height=24, seed=1, name="a")
    with pytest.raises(SystemExit) as stop:
        main(["list", "--dataset", str(tmp_path / "data"), "--settings", "kcf"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "argument --settings: not allowed with argument --dataset" in err
    assert main(["list", "--settings", "kcf"]) == 0 and "settings of kcf" in capsys.readouterr().out


def test_corpus_names_the_unknown_sub_command(capsys):
    assert main(["corpus", "pak", "x", "--out", "y"]) == 2
    err = capsys.readouterr().err
    assert "unknown corpus sub-command 'pak'; known: pack (workbench corpus -h)" in err
    assert main(["corpus", "-h"]) == 0 and capsys.readouterr().out.startswith("usage: workbench corpus pack")


@pytest.fixture
def busy(monkeypatch):
    real = cpu.choose_command_threads
    # 3 of 4 cores busy, in an environment of its own (the test's own is left as it is)
    monkeypatch.setattr(cpu, "choose_command_threads", lambda **k: real(environ={}, sample=lambda: 3.0, cores=4, **k))


@pytest.mark.parametrize("argv, threads", [
    (["segment", "tophat", "--dataset", "d"], False), (["segment", "--dataset", "d", "--model", "mpcm"], False),
    (["detect", "--sequence", "s"], False), (["segment", "--model", "lw_irstnet", "--dataset", "d"], True),
    (["train", "hanet", "--generate", "1"], True), (["prune", "ps_siamfcpp", "--out", "o"], True),
    (["search", "--out", "o"], True)])  # search: nas_tir alone offers it, which gets the line
def test_the_busy_cores_note_names_threads_only_where_the_command_takes_it(busy, capsys, argv, threads):
    assert cli.command_threads(argv) == 1
    err = capsys.readouterr().err
    want = "(--threads N or WORKBENCH_THREADS=N to choose)" if threads else "(WORKBENCH_THREADS=N to choose)"
    assert want in err and ("--threads" in err) == threads, err


def test_threads_option_table_is_what_the_commands_take():
    """THREADS_OPTION against each computing plugin command's own -h (the note trusts it)."""
    helps = {}
    for verb, plugins in cli.plugin_commands().items():
        if verb not in cli.COMPUTING_VERBS:
            continue
        for name in plugins:
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()), \
                    pytest.raises(SystemExit):
                cli._main([verb, name, "-h"])
            helps[verb, name] = "--threads" in out.getvalue()
    assert len(helps) >= 10
    assert helps == {(v, n): n in cli.THREADS_OPTION.get(v, ()) for v, n in helps}


def test_run_device_has_help(capsys):
    with pytest.raises(SystemExit):
        main(["run", "-h"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--device {auto,cpu,cuda} where the torch trackers compute: auto (a CUDA GPU when torch sees one" in out


def test_export_results_again_one_box_file_singular(tmp_path, capsys):
    data, res = _demo_run(tmp_path)
    line = ["export-results", str(res), "--toolkit", "pysot", "--out", str(tmp_path / "x"), "--dataset", str(data)]
    assert main(line) == 0 and "wrote 1 box file" in capsys.readouterr().out
    assert main(line) == 0
    out = capsys.readouterr().out
    assert "holds the same 1 box file" in out and "these 1" not in out, out


def test_one_sequence_not_run_is_said_in_the_singular():
    from workbench.core.batch import SequenceRef, TaskOutcome, TrackTask, _rerun_text

    tasks = tuple(TrackTask("kcf", SequenceRef(f"/d/{s}", name=s)) for s in ("a", "b", "c"))
    text = _rerun_text(TaskOutcome(tasks[1], not_run=tasks[2:], batch=tasks))
    assert text.startswith("1 of the 3 sequences was not run (c); "), text
    text = _rerun_text(TaskOutcome(tasks[0], not_run=tasks[1:], batch=tasks))
    assert text.startswith("2 of the 3 sequences were not run (b, c); "), text


@pytest.mark.parametrize("verb", ["prune", "import"])
def test_siamfcpp_commands_usage_names_the_plugin_asked_for(capsys, verb):
    pytest.importorskip("workbench_siamfcpp_prune")
    for name in ("ps_siamfcpp", "siamfcpp"):
        with pytest.raises(SystemExit) as stop:
            main([verb, name, "-h"])
        assert stop.value.code == 0 and capsys.readouterr().out.startswith(f"usage: workbench {verb} {name} ")


def test_hanet_start_line_counts_in_the_singular():
    pytest.importorskip("workbench_hanet")
    from workbench_hanet import train

    one = train._start_line(1, 1, 1, argparse.Namespace(epochs=1, steps=1, batch=2, threads=0), "2.x")
    assert one.startswith("1 training video, 1 validation video, 1 band; 1 epoch x 1 step x batch 2; torch 2.x, ")
    assert one.endswith(", 1 thread"), one
    more = train._start_line(2, 0, 16, argparse.Namespace(epochs=3, steps=5, batch=2, threads=4), "2.x")
    assert more.startswith("2 training videos, 0 validation videos, 16 bands; 3 epochs x 5 steps x batch 2")
    assert more.endswith(", 4 threads"), more
