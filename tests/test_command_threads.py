"""A computing command starts with the cores other processes leave free (``workbench.core.cpu``)."""
import os

from workbench.core import cpu


def _reader(*samples):
    it = iter(samples)
    return lambda: next(it)


def test_busy_cores_counts_other_work_over_the_sample():
    # 2 cores, 100 ticks pass in the sample, 95 of them busy: a training loop keeps ~1.9 cores busy
    busy = cpu.busy_cores(0.0, cores=2, read=_reader((1000, 5000), (1095, 5100)), sleep=lambda s: None)
    assert abs(busy - 1.9) < 1e-9
    assert cpu.busy_cores(0.0, cores=2, read=_reader(None), sleep=lambda s: None) is None
    assert cpu.busy_cores(0.0, cores=2, read=_reader((1, 10), (1, 10)), sleep=lambda s: None) is None


def test_free_threads_leaves_the_busy_cores_and_keeps_one():
    assert cpu.free_threads(2, 0.05) == 2      # an idle machine keeps every core
    assert cpu.free_threads(2, 0.5) == 2       # a short-lived helper takes no thread
    assert cpu.free_threads(2, 0.9) == 1       # a 1-thread training
    assert cpu.free_threads(2, 1.95) == 1      # a 2-thread training: at least one
    assert cpu.free_threads(16, 3.8) == 12
    assert cpu.free_threads(4, None) == 4      # the system does not say


def test_cpu_times_reads_proc_stat_and_refuses_anything_else(tmp_path):
    f = tmp_path / "stat"
    f.write_text("cpu  100 5 50 800 20 1 2 3 0 0\ncpu0 1 2 3 4\n")
    busy, total = cpu.cpu_times(str(f))
    assert total == 981 and busy == 981 - 820
    f.write_text("intr 1 2 3\n")
    assert cpu.cpu_times(str(f)) is None
    assert cpu.cpu_times(str(tmp_path / "missing")) is None


def test_choose_command_threads_sets_omp_only_when_cores_are_taken():
    env = {}
    n, why = cpu.choose_command_threads(env, sample=lambda: 1.9, cores=2)
    assert n == 1 and env["OMP_NUM_THREADS"] == "1" and "--threads" in why
    env = {}
    assert cpu.choose_command_threads(env, sample=lambda: 0.1, cores=2) is None and env == {}
    env = {"OMP_NUM_THREADS": "2"}                           # the user's choice wins
    assert cpu.choose_command_threads(env, sample=lambda: 1.9, cores=2) is None and env["OMP_NUM_THREADS"] == "2"
    env = {"WORKBENCH_THREADS": "2"}
    assert cpu.choose_command_threads(env, sample=lambda: 1.9, cores=2) is None and env["OMP_NUM_THREADS"] == "2"
    env = {}
    assert cpu.choose_command_threads(env, sample=lambda: None, cores=2) is None and env == {}


def test_this_machine_answers_or_says_nothing():
    busy = cpu.busy_cores(0.05)
    assert busy is None or 0.0 <= busy <= (os.cpu_count() or 1) + 0.5


def test_a_computing_verb_from_the_shell_starts_with_the_free_cores(monkeypatch, capsys):
    from workbench import cli

    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.delenv("WORKBENCH_THREADS", raising=False)
    monkeypatch.setattr(cpu, "busy_cores", lambda *a, **k: 1.9)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert cli.command_threads(["segment", "--model", "lw_irstnet", "--dataset", "d"]) == 1
    assert os.environ["OMP_NUM_THREADS"] == "1"
    assert "1.9 of 2 cores busy" in capsys.readouterr().err
    monkeypatch.delenv("OMP_NUM_THREADS")
    for argv in (["eval", "d"], ["train", "lw_irstnet", "--threads", "2"], ["run", "-h"], []):
        assert cli.command_threads(argv) is None
    assert "OMP_NUM_THREADS" not in os.environ
