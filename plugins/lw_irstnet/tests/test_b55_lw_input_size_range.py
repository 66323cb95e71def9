"""`workbench segment lw_irstnet --input-size 1` was taken (every image squeezed to a 1 x 1 px square: no target
left, the scores quietly 0); -8 and 5000 were refused as "must be between 0 and 2048", which 1 is. Every value
outside 0 (the native size) or 8 ... 2048 is refused naming the option and that range, before anything is read."""
from __future__ import annotations

import pytest

from workbench.core.options import OptionError


@pytest.mark.parametrize("size", [1, 7, -8, 5000])
def test_sizes_the_network_cannot_use_are_refused(tmp_path, size):
    from workbench_lw_irstnet.evaluate import main

    with pytest.raises(OptionError) as info:  # before the (missing) dataset is looked at
        main(["--dataset", str(tmp_path / "none"), "--input-size", str(size)])
    assert str(info.value) == (f"--input-size {size}: must be 0 (the native size) or 8 ... 2048 px (the network "
                               "halves the size three times)")


@pytest.mark.parametrize("size", [0, 8, 2048])
def test_sizes_it_can_use_go_on_to_the_dataset(tmp_path, size):
    from workbench_lw_irstnet.evaluate import main

    with pytest.raises(Exception) as info:  # the next check: the dataset is not there
        main(["--dataset", str(tmp_path / "none"), "--input-size", str(size)])
    assert "--input-size" not in str(info.value) and str(tmp_path / "none") in str(info.value)
