"""The Dataset dock's Results column (``sequence.dataset_results``) listed a results folder's files by their names
as they are: OTB-2013's lower-case ``.mat`` names (``basketball_Struck.mat``) and the OTB toolkit's ``Jogging.1``
were listed under no sequence, though the dataset's scores read them (``results.match_names``)."""
import numpy as np

from tests.test_q2s57_otb_mat_results import _dataset, _run, write_mat


def test_results_column_lists_runs_under_the_datasets_names(tmp_path):
    from workbench.core.data import open_dataset
    from workbench.gui.controllers.sequence import dataset_results

    data = tmp_path / "data"
    gts = _dataset(data, ["Basketball", "Jogging-1"], 4)
    ws = tmp_path / "ws"
    ope = ws / "results_OPE"
    write_mat(ope / "basketball_Struck.mat", {"results": [_run(gts["Basketball"])]})
    write_mat(ope / "jogging-1_Struck.mat", {"results": [_run(gts["Jogging-1"])]})
    txt = ws / "kcf"
    txt.mkdir(parents=True)
    np.savetxt(txt / "Jogging.1.txt", gts["Jogging-1"], fmt="%.0f", delimiter=",")
    np.savetxt(txt / "Basketball.txt", gts["Basketball"], fmt="%.0f", delimiter=",")
    _, _, out, tracked, _ = dataset_results(ws, data, open_dataset(data, opened=False))
    assert sorted(out.get("Basketball", [])) == ["Struck", "kcf"], out
    assert sorted(out.get("Jogging-1", [])) == ["Struck", "kcf"], out
    assert tracked == {"Basketball", "Jogging-1"}
