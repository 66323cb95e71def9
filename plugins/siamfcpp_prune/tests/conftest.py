"""The window fixtures of tests/gui, for this plugin's window tests; ``registry``: the test plugins of
tests/gui and this plugin's (the pruning inspector's tests)."""
import pytest

from tests.gui.conftest import messages, window  # noqa: F401


@pytest.fixture
def registry():
    from tests.gui.conftest import make_registry
    from workbench_siamfcpp_prune import PLUGIN

    reg = make_registry()
    for p in PLUGIN:
        reg.add(p)
    return reg


@pytest.fixture
def small_model():
    """A random SiamFC++ and random ranks for its conv layers (the inspector's tests)."""
    import numpy as np
    import torch

    from workbench_siamfcpp_prune.model import SiamFCpp

    torch.manual_seed(0)
    m = SiamFCpp().eval()
    rng = np.random.default_rng(0)
    ranks = {n: rng.random(mod.conv.out_channels) * 10 for n, mod in m.named_modules()
             if hasattr(mod, "conv") and hasattr(mod, "bn")}
    return m, ranks
