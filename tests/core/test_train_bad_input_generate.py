"""`workbench generate hsi-video / hsi-convert` and `workbench corpus pack` keep what is already at --out (a video
of the same seed, an earlier pack: written over without a word) unless --force; generated data."""
import pytest

VIDEO = ["generate", "hsi-video", "--synthetic-scene", "--frames", "2", "--size", "32x24", "--bands", "4"]


def _one_line(capsys, words):
    err = capsys.readouterr().err.strip()
    assert err.startswith("workbench: error: ") and len(err.splitlines()) == 1 and words in err, err


def test_generate_keeps_a_video_of_the_same_seed(tmp_path, capsys):
    from workbench.cli import main as cli

    out = tmp_path / "v"
    assert cli([*VIDEO, "--out", str(out)]) == 0
    kept = (out / "hsi_0000.h5").read_bytes()
    (out / "hsi_0000.h5").write_bytes(b"earlier")
    capsys.readouterr()
    assert cli([*VIDEO, "--out", str(out)]) == 2
    _one_line(capsys, f"--out {out / 'hsi_0000.h5'}: a video is already there; pass --force")
    assert (out / "hsi_0000.h5").read_bytes() == b"earlier"
    assert cli([*VIDEO, "--out", str(out), "--seed", "1"]) == 0  # another seed: another name
    assert cli([*VIDEO, "--out", str(out), "--force"]) == 0
    assert (out / "hsi_0000.h5").read_bytes() == kept
    capsys.readouterr()
    assert cli([*VIDEO, "--out", str(tmp_path / "x"), "--seed", "-1"]) == 2  # numpy's traceback
    _one_line(capsys, "--seed -1: must be between 0 and")


def test_convert_keeps_its_target_and_never_writes_its_source(tmp_path, capsys):
    from workbench.cli import main as cli

    assert cli([*VIDEO, "--out", str(tmp_path)]) == 0
    src = tmp_path / "hsi_0000.h5"
    assert cli(["generate", "hsi-convert", str(src), "--out", str(tmp_path / "e"), "--format", "envi"]) == 0
    hdr = tmp_path / "e" / "hsi_0000.hdr"
    hdr.write_text(hdr.read_text() + "; the user's note\n")
    before = hdr.read_text()
    capsys.readouterr()
    assert cli(["generate", "hsi-convert", str(src), "--out", str(tmp_path / "e"), "--format", "envi"]) == 2
    _one_line(capsys, f"--out {hdr}: a video is already there; pass --force")
    assert hdr.read_text() == before
    assert cli(["generate", "hsi-convert", str(src), "--out", str(src), "--force"]) == 2
    _one_line(capsys, f"--out {src}: is the video being converted")


def test_corpus_pack_keeps_an_earlier_pack(tmp_path, capsys):
    from workbench.cli import main as cli
    from workbench.core.data.synthetic import write_demo

    root = write_demo(tmp_path / "d", frames=3, width=48, height=40).parent
    out = tmp_path / "c.wbpack.npz"
    out.write_bytes(b"earlier")
    assert cli(["corpus", "pack", str(root), "--out", str(out)]) == 2
    _one_line(capsys, f"--out {out}: already there; pass --force")
    assert out.read_bytes() == b"earlier"
    assert cli(["corpus", "pack", str(root), "--out", str(out), "--force"]) == 0
    assert out.read_bytes() != b"earlier"


@pytest.mark.parametrize("value", [-1, 2 ** 31])
def test_the_seed_bound(value):
    from workbench.core.options import OptionError
    from workbench.core.options import SEED

    with pytest.raises(OptionError, match=r"must be between 0 and 2147483647 \(a random seed\)"):
        SEED.check("--seed", value)
    SEED.check("--seed", 0)


def test_a_corpus_root_that_holds_nothing_is_refused(tmp_path):
    """Training went on with the generated sources alone when a --corpus root was empty or a stray file."""
    from workbench.core.errors import WorkbenchError
    from workbench.core.training.corpus import Corpus

    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("x\n")
    for root in (tmp_path / "empty", tmp_path / "notes.txt"):
        with pytest.raises(WorkbenchError, match=rf"corpus root {root}: no sequence, image set, video or cube found"):
            Corpus.from_roots([root])
    assert Corpus.from_roots([]).names() == []  # no root at all: the generated sources alone, as asked
    bad = tmp_path / "bad" / "seq"
    for i in (1, 2):  # a root whose only sequence cannot be read says why it was skipped
        (bad / "img").mkdir(parents=True, exist_ok=True)
        (bad / "img" / f"{i:04d}.png").write_bytes(b"not a png")
    with pytest.raises(WorkbenchError, match=r"found there \(nor 3 folders down\) \(skipped .*0001\.png: not a "
                                             r"readable image"):
        Corpus.from_roots([tmp_path / "bad"])
