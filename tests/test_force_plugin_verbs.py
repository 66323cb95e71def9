"""The plugins' verbs keep a file already there, as the core's do (eval, report, export-video, bench): each one
that writes files by name refuses, before any work, to write over one unless --force is given."""
from __future__ import annotations

import pytest

from workbench.core.errors import WorkbenchError


def _cases(tmp_path):
    old = tmp_path / "old.out"
    old.write_text("the user's earlier file\n")
    ck = tmp_path / "theirs.pth"
    ck.write_bytes(b"not read: the refusal comes first")
    plots = tmp_path / "plots"
    plots.mkdir()
    (plots / "pd_fa.csv").write_text("earlier curve\n")
    missing = str(tmp_path / "missing.pt")  # with --force, a stand-in that fails fast instead of the real work
    yield "workbench_lw_irstnet.export", ["--onnx", str(old), "--weights", missing], "--onnx"
    yield "workbench_lw_irstnet.import_released", [str(ck), "--out", str(old)], "--out"
    yield "workbench_siamfcpp_prune.import_released", [str(ck), "--out", str(old)], "--out"
    yield "workbench_siamfcpp_prune.prune", ["--out", str(old), "--weights", missing], "--out"
    yield "workbench_seq_irst.detector", ["--sequence", str(tmp_path / "nowhere"), "--detections", str(old)], \
        "--detections"
    yield "workbench_lw_irstnet.evaluate", ["--dataset", str(tmp_path / "nowhere"), "--plots", str(plots)], "--plots"


@pytest.mark.parametrize("index", range(6))
def test_plugin_verbs_keep_files_already_there(tmp_path, index):
    import importlib

    module, argv, flag = list(_cases(tmp_path))[index]
    main = importlib.import_module(module).main
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(WorkbenchError, match=rf"^{flag} .*already there; pass --force"):
        main(argv)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    # with --force the same check lets it through (it then fails later, on the stand-in inputs, for another reason)
    with pytest.raises((WorkbenchError, SystemExit, OSError, ValueError, RuntimeError)) as err:
        main(argv + ["--force"])
    assert "already there" not in str(err.value)


def test_classic_peer_segment_keeps_its_json(tmp_path):
    from workbench.baselines.classic_irst import segment_tophat

    old = tmp_path / "scores.json"
    old.write_text("{}")
    with pytest.raises(WorkbenchError, match="--json .*already there"):
        segment_tophat(["--dataset", str(tmp_path / "nowhere"), "--json", str(old)])
    assert old.read_text() == "{}"
