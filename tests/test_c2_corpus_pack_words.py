"""`workbench corpus pack`: a small pack was said as "0.0 MiB" (read as empty); a name without .wbpack.npz was
refused after every root was scanned (minutes on a big root) and said no name to give."""
from workbench import cli


def test_a_small_pack_says_its_size(tmp_path, capsys):
    from workbench.core.data.synthetic import write_demo

    write_demo(tmp_path / "demo", frames=3, width=48, height=32)
    out = tmp_path / "c.wbpack.npz"
    assert cli.main(["corpus", "pack", str(tmp_path / "demo"), "--out", str(out)]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    size = out.stat().st_size
    assert last.endswith(f"1 source, 3 frames, {size / 1024:.1f} KiB") and "MiB" not in last, last


def test_a_wrong_pack_name_is_refused_first_with_the_name_to_give(tmp_path, capsys, monkeypatch):
    from workbench.core.training.corpus import Corpus

    def scanned(*a, **k):
        raise AssertionError("the roots were scanned before the name was checked")

    monkeypatch.setattr(Corpus, "from_roots", scanned)
    assert cli.main(["corpus", "pack", str(tmp_path), "--out", str(tmp_path / "corpus.npz")]) == 2
    err = capsys.readouterr().err
    assert f"give {tmp_path / 'corpus.wbpack.npz'}" in err and "ends with .wbpack.npz" in err, err


def test_one_size_wording_for_packs_and_maps():
    from workbench.core.results import maps_size_text
    from workbench.core.sizes import size_text

    assert [size_text(n) for n in (0, 1, 1023, 1536, 3 * 2**20)] == ["0 bytes", "1 byte", "1023 bytes", "1.5 KiB",
                                                                      "3.0 MiB"]
    assert maps_size_text({"names": ["response"], "frames": 2, "bytes": 3072}) == \
        "response: 2 frames, 3.0 KiB (1.5 KiB a frame)"
