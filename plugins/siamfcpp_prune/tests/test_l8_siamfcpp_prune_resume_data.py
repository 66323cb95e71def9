"""`workbench train siamfcpp --resume` with another --data (sequences of other names or labels) continued the run on
them and finished with exit 0; the checkpoint's sequence names were written, never compared. The sequences'
fingerprint (names, frame counts, groundtruth) is recorded and a resume over others is refused naming both; an older
checkpoint resumes with a note. Tiny in-memory sequences; the resume path itself (``_run``) through a stubbed fit."""
import numpy as np
import pytest

from workbench.core.errors import WorkbenchError


def _seq(name, n=3, x=0.0):
    from workbench.core.data.sequence import ArrayFrames, Sequence

    gt = np.tile([10.0 + x, 10.0, 8.0, 8.0], (n, 1))
    return Sequence(name, ArrayFrames(n, lambda i: np.zeros((32, 32), np.uint8)), groundtruth=gt)


def test_resume_over_other_sequences_is_refused_and_an_old_checkpoint_resumes_with_a_note(tmp_path, monkeypatch):
    import workbench.core.training as training
    from workbench_siamfcpp_prune import train as tr

    a = [_seq("seq0"), _seq("seq1")]
    same_names = [_seq("seq0"), _seq("seq1", x=2.0)]  # one box moved: another copy of the "same" data
    fa = tr.sequences_fingerprint(a)
    assert fa == tr.sequences_fingerprint([_seq("seq0"), _seq("seq1")])
    assert fa["sha256"] != tr.sequences_fingerprint(same_names)["sha256"]
    said = []
    with pytest.raises(WorkbenchError, match=r"last\.pt: this training was started on other sequences \(2 sequences: "
                                             r"seq0, seq1\) than this run's \(the same names, other contents: frames or "
                                             r"labels changed\): resume it with "
                                             r"the --data"):
        tr.check_same_sequences("o/last.pt", fa, tr.sequences_fingerprint(same_names), said.append)
    tr.check_same_sequences("o/last.pt", fa, tr.sequences_fingerprint(a), said.append)
    assert said == []
    tr.check_same_sequences("o/last.pt", None, fa, said.append)
    assert "written before its training sequences were fingerprinted" in said[0]

    # _run checks before training, and records the fingerprint in the checkpoint's extra
    class Stop(Exception):
        pass

    seen = []

    def fit(*_a, **kw):
        seen.append(kw["extra"])
        raise Stop

    monkeypatch.setattr(training, "fit", fit)
    args = tr.base_parser("workbench train siamfcpp", "").parse_args(["--out", str(tmp_path / "o"),
                                                                      "--resume", "o/last.pt"])
    args.device_resolved = "cpu"
    sampler = type("S", (), {"__len__": lambda self: 6})()
    model = __import__("torch").nn.Linear(1, 1)
    ck = {"epoch": 1, "history": [], "extra": {"data": fa}}
    with pytest.raises(WorkbenchError, match="started on other sequences"):
        tr._run(args, [], model, None, "workbench train siamfcpp", said.append, {}, (sampler, same_names, []), None,
                ck)
    assert not seen
    with pytest.raises(Stop):
        tr._run(args, [], model, None, "workbench train siamfcpp", said.append, {}, (sampler, a, []), None, ck)
    assert seen[0]["data"] == fa
