import os

import numpy as np
import pytest

from workbench.core import device
from workbench.core.errors import WorkbenchError
from workbench.core.jobs import TextProgress, run_job
from workbench.core.results import list_results, read_result_boxes, write_boxes, write_json


def test_boxes_round_trip_with_nan(tmp_path):
    b = np.array([[1.5, 2, 3, 4], [np.nan] * 4, [0.125, 0, 10, 20]])
    p = write_boxes(tmp_path / "t" / "seq.txt", b)
    assert p.read_text().splitlines()[1] == "nan,nan,nan,nan"
    np.testing.assert_allclose(read_result_boxes(p), b)
    assert list_results(tmp_path) == {"t": {"seq": p}}


def test_atomic_write_leaves_old_file_on_failure(tmp_path):
    p = write_json(tmp_path / "r.json", {"a": 1})

    class Boom:
        pass

    with pytest.raises(TypeError):
        write_json(p, {"a": Boom()})
    assert p.read_text().strip().endswith("}") and '"a": 1' in p.read_text()
    assert [f for f in os.listdir(tmp_path) if f.endswith(".tmp")] == []


def test_json_converts_numpy_and_nan(tmp_path):
    import json

    p = write_json(tmp_path / "x.json", {"v": np.float32(0.5), "n": float("nan"), "a": np.arange(3)})
    assert json.loads(p.read_text()) == {"v": 0.5, "n": None, "a": [0, 1, 2]}


def test_device_choice():
    assert device.resolve_device("cpu") == "cpu"
    assert device.resolve_device("auto") in ("cpu", "cuda")
    with pytest.raises(WorkbenchError):
        device.resolve_device("tpu")
    if not device.cuda_available():
        with pytest.raises(WorkbenchError, match="no CUDA GPU"):
            device.resolve_device("cuda")


def test_run_job_and_text_progress(capsys):
    import io

    stream = io.StringIO()
    bar = TextProgress("job", stream=stream)

    def job(ctx, n):
        for i in range(n):
            ctx.check()
            ctx.progress((i + 1) / n, f"{i + 1}/{n}")
        return n

    assert run_job(job, 4, progress=bar) == 4
    assert "100.0%" in stream.getvalue()


def test_in_process_streams_items_progress_and_the_return_value():
    import os

    from tests import jobfns
    from workbench.core.jobs import JobContext, in_process

    seen = []
    gen = in_process(jobfns.counting, 3, ctx=JobContext(lambda f, m: seen.append((f, m))))
    items = []
    try:
        while True:
            items.append(next(gen))
    except StopIteration as stop:
        result = stop.value
    assert [i for i, _ in items] == [0, 1, 2] and result == "done"
    assert all(pid != os.getpid() for _, pid in items)  # another process made them
    assert seen[-1] == (1.0, "item 2")


def test_in_process_raises_the_child_error_cancels_and_reports_a_dead_child():
    import pytest

    from tests import jobfns
    from workbench.core.jobs import JobContext, in_process

    with pytest.raises(ValueError, match="bad item 1"):
        list(in_process(jobfns.counting, 3, fail_at=1))
    ctx = JobContext()
    out = []
    for item in in_process(jobfns.until_cancelled, ctx=ctx):
        out.append(item)
        if len(out) == 3:
            ctx.cancel()
    assert out[-1] == "cancelled" and len(out) >= 4
    with pytest.raises(RuntimeError, match="exit code 3"):
        list(in_process(jobfns.dies))


def test_in_process_stops_a_child_whose_consumer_stopped_early():
    import time

    from tests import jobfns
    from workbench.core.jobs import in_process

    gen = in_process(jobfns.floods)
    assert next(gen) == 0
    t = time.monotonic()
    gen.close()  # the child is blocked on a full queue: drained, not waited out (10 s) and killed
    assert time.monotonic() - t < 8
