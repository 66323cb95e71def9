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


def test_steps_report_to_the_job_in_effect_nested_within_an_item_and_cancel(monkeypatch):
    """``jobs.steps``: a reader's loop reports to the job that ``reporting`` put in effect on this thread
    (none: the items as they are, nothing reported), a loop inside one item within that item's share,
    and the job's Cancel stops it before the next item."""
    from workbench.core import jobs
    from workbench.core.errors import Cancelled
    from workbench.core.jobs import JobContext, reporting, steps

    items = [1, 2, 3]
    assert steps(items, "x") is items  # no job: no wrapper, no cost
    seen = []
    ctx = JobContext(lambda f, m: seen.append((round(f, 3), m)))
    monkeypatch.setattr(jobs, "STEP_REPORT_S", 0.0)  # every step reported
    with reporting(ctx):
        for outer in steps(["a", "b"], "outer"):
            assert list(steps(range(4), f"inner of {outer}")) == [0, 1, 2, 3]
    assert seen == [(0.0, "outer 1 / 2"), (0.0, "inner of a 1 / 4"), (0.125, "inner of a 2 / 4"),
                    (0.25, "inner of a 3 / 4"), (0.375, "inner of a 4 / 4"), (0.5, "outer 2 / 2"),
                    (0.5, "inner of b 1 / 4"), (0.625, "inner of b 2 / 4"), (0.75, "inner of b 3 / 4"),
                    (0.875, "inner of b 4 / 4")]
    assert steps(items, "after") is items  # the job is not in effect after its block
    # Cancel: raised before the next item; a loop left so does not bring the job back later
    got, ctx = [], JobContext()
    with pytest.raises(Cancelled), reporting(ctx):
        for i in steps(range(10), "n"):
            got.append(i)
            if i == 2:
                ctx.cancel()
    assert got == [0, 1, 2] and steps(items, "after") is items


def test_a_dataset_root_and_image_headers_report_their_progress(tmp_path):
    """What the window shows while it opens: a dataset root's sequences and a folder's image headers,
    per sequence and per file (at most every ``STEP_REPORT_S``: the first one at least)."""
    import cv2

    from workbench.core.data.detect import open_dataset
    from workbench.core.data.images import image_sizes
    from workbench.core.data.synthetic import write_demo
    from workbench.core.jobs import JobContext, reporting

    for k in range(3):
        write_demo(tmp_path / "ds", frames=2, width=32, height=24, name=f"s{k}", seed=k)
    (tmp_path / "ds" / "notes").mkdir()
    paths = []
    for k in range(5):
        paths.append(tmp_path / f"{k}.png")
        cv2.imwrite(str(paths[-1]), np.zeros((7 + k, 9), np.uint8))
    seen = []
    with reporting(JobContext(lambda f, m: seen.append(m))):
        assert [e.name for e in open_dataset(tmp_path / "ds")] == ["s0", "s1", "s2"]
        assert image_sizes(paths) == [(9, 7 + k) for k in range(5)]
    assert seen[0].startswith("looking for sequences 1 / ") and "reading image headers 1 / 5" in seen
    assert image_sizes(paths[:2]) == [(9, 7), (9, 8)]  # no job: as before
