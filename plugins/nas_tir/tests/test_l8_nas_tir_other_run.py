"""`workbench train nas_tir --out DIR` on a search's folder (both write last.pt) said "holds a training already:
continue it with --resume", which --resume then refused; and a search on a training's folder likewise. Each says
what is there."""
import pytest
import torch

from workbench.core.errors import WorkbenchError
from tests.test_l11_earlier_run import last_checkpoint as _checkpoint


def test_a_search_folder_is_not_offered_to_train_resume_nor_a_training_folder_to_search(tmp_path):
    from importlib.resources import files

    from workbench_nas_tir.search import main as search
    from workbench_nas_tir.train import main as train

    genotype = str(files("workbench_nas_tir") / "weights" / "genotype_single.json")
    s = _checkpoint(tmp_path / "s", {"alpha_normal": torch.zeros(1)}, {"config": {}})
    with pytest.raises(WorkbenchError, match=r"last\.pt is a `workbench search nas_tir` run's checkpoint, not a "
                                             r"`workbench train nas_tir` one"):
        train(["--genotype", genotype, "--out", str(s)])
    t = _checkpoint(tmp_path / "t", {"stem.w": torch.zeros(1)}, {"config": {}, "genotype": {}})
    with pytest.raises(WorkbenchError, match=r"is a `workbench train nas_tir` run's checkpoint, not a `workbench "
                                             r"search nas_tir` one"):
        search(["--out", str(t)])
    with pytest.raises(WorkbenchError, match=r"holds a search already .*continue it with --resume"):
        search(["--out", str(s)])
    with pytest.raises(WorkbenchError, match=r"holds a training already .*continue it with --resume"):
        train(["--genotype", genotype, "--out", str(t)])
