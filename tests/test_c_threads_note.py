"""`workbench run` / `demo` on a busy machine said "(--threads N or WORKBENCH_THREADS=N to choose)", and
`workbench run --threads 2` was then refused (unrecognized arguments): neither verb has --threads. Their note names
WORKBENCH_THREADS alone; a plugin verb's names --threads where the command has it
(tests/test_f5s57_cli_small_defects.py: the others)."""
import workbench.cli as cli
import workbench.core.cpu as cpu


def test_the_busy_cores_note_offers_no_option_the_verb_refuses(monkeypatch, capsys):
    real = cpu.choose_command_threads
    # 3 of 4 cores busy, in an environment of its own (the test's own is left as it is)
    monkeypatch.setattr(cpu, "choose_command_threads", lambda **k: real(environ={}, sample=lambda: 3.0, cores=4, **k))
    for verb in ("run", "demo"):
        assert cli.command_threads([verb, "--tracker", "kcf"]) == 1
        line = capsys.readouterr().err
        assert "computing with 1 thread (WORKBENCH_THREADS=N to choose)" in line and "--threads" not in line
    assert cli.command_threads(["train", "lw_irstnet"]) == 1
    assert "(--threads N or WORKBENCH_THREADS=N to choose)" in capsys.readouterr().err  # it has (THREADS_OPTION)
