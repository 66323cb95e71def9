"""Last read (S1): a results_OPE* folder holding text runs (not the OTB toolkit's .mat) was left out of a results root
altogether, and one tracker in several results_OPE* folders (LSOTB-TIR's results_OPE, results_OPE_all ...) got two
runs of one label, one of them dropped from the scores without a word."""
import numpy as np

from tests.test_q2s57_otb_mat_results import _dataset, _run, write_mat


def test_text_runs_in_a_results_ope_folder_are_read(tmp_path):
    from workbench.core.results import find_runs_in

    data = tmp_path / "data"
    gts = _dataset(data, ["Basketball"], 4)
    kcf = tmp_path / "res" / "results_OPE" / "KCF"
    kcf.mkdir(parents=True)
    np.savetxt(kcf / "Basketball.txt", gts["Basketball"], fmt="%.0f", delimiter=",")
    runs = find_runs_in(tmp_path / "res")
    # read as before the .mat reading came: a pytracking-style <method>/<parameter> folder
    assert [r.label for r in runs] == ["results_OPE/KCF"], [(r.label, r.folder) for r in runs]
    assert list(runs[0].files) == ["Basketball"]


def test_one_tracker_in_several_results_ope_folders_keeps_each_run(tmp_path):
    from workbench.core.results import find_runs_in

    data = tmp_path / "data"
    gts = _dataset(data, ["Basketball", "Jogging-1"], 4)
    res = tmp_path / "toolkit" / "results"
    for sub in ("results_OPE", "results_OPE_all", "results_OPE_night"):
        for seq in ("Basketball", "Jogging-1"):
            write_mat(res / sub / f"{seq}_ASLA.mat", {"results": [_run(gts[seq])]})
    runs = find_runs_in(res)
    labels = [r.label for r in runs]
    assert len(runs) == 3 and len(set(labels)) == 3, labels
