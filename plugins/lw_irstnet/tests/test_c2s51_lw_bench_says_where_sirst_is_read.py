"""`workbench bench lw_irstnet` without the real SIRST images said '240x320 (SIRST not found; typical size)': neither
where it looked nor how to give them ($WORKBENCH_BENCH_DATA, named in the README only, not in `bench -h`)."""
import pytest

from workbench.cli import main


def test_the_fallback_size_says_how_to_give_sirst(monkeypatch, tmp_path):
    from workbench_lw_irstnet.bench import native_size

    monkeypatch.delenv("WORKBENCH_BENCH_DATA", raising=False)
    size, said = native_size()
    assert size == (240, 320) and "$WORKBENCH_BENCH_DATA not set" in said and "irst/sirst/images" in said
    monkeypatch.setenv("WORKBENCH_BENCH_DATA", str(tmp_path))
    size, said = native_size()
    assert size == (240, 320) and f"no PNG in {tmp_path / 'irst' / 'sirst' / 'images'}" in said


def test_the_median_sirst_size_when_the_data_folder_holds_it(monkeypatch, tmp_path):
    import numpy as np

    from workbench.core.data.images import write_image
    from workbench_lw_irstnet.bench import native_size

    for i, (h, w) in enumerate([(100, 130), (96, 135), (120, 160)]):
        write_image(tmp_path / "irst" / "sirst" / "images" / f"Misc_{i}.png", np.zeros((h, w), np.uint8))
    monkeypatch.setenv("WORKBENCH_BENCH_DATA", str(tmp_path))
    size, said = native_size()
    assert size == (104, 136) and "median SIRST size 135x100 of 3 images" in said


def test_bench_help_names_the_real_data_variable(capsys):
    with pytest.raises(SystemExit):
        main(["bench", "-h"])
    assert "$WORKBENCH_BENCH_DATA" in " ".join(capsys.readouterr().out.split())
