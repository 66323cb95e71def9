"""`workbench bench lw_irstnet` without SIRST said 'native size: 240x320' (height x width) above its table's '320x240'
row (width x height, as the SIRST median is said): the size line says the row's WxH."""


def test_q5_fallback_native_size_said_as_its_table_row(monkeypatch):
    from workbench_lw_irstnet.bench import native_size

    monkeypatch.delenv("WORKBENCH_BENCH_DATA", raising=False)
    (h, w), said = native_size()
    assert (h, w) == (240, 320)
    assert said.startswith(f"{w}x{h} "), said  # the table's row label: f"{nw}x{nh}"
