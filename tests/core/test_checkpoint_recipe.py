"""core.training.checkpoints.recipe_of / check_recipe: the shared --resume recipe check."""
from types import SimpleNamespace

import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.training.checkpoints import check_recipe, recipe_of


def test_recipe_check_names_both_values_and_skips_old_checkpoints():
    args = SimpleNamespace(lr=0.01, batch_size=8, scales=(1.0, 0.5), init=None)
    now = recipe_of(args, ("lr", "batch_size", "scales", "init"))
    assert now == {"lr": 0.01, "batch_size": 8, "scales": [1.0, 0.5]}  # unset options are not recorded
    ck = {"extra": {"recipe": {"lr": 0.001, "batch_size": 8, "scales": [1.0, 0.5], "gone": 1}}}
    with pytest.raises(WorkbenchError, match=r"^r/last\.pt: trained with another recipe \(--lr 0.001 there, 0.01 now\): "
                                             r"resume with its options, or start a new --out with --init r/last\.pt$"):
        check_recipe("r/last.pt", ck, now)
    check_recipe("r/last.pt", ck, {**now, "lr": 0.001, "new": 2})  # options only one side names: not compared
    check_recipe("r/last.pt", {"extra": {}}, now)  # from before recipes were recorded: not checked
    check_recipe("r/last.pt", {}, now)
