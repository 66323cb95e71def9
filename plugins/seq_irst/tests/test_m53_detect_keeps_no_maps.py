"""`workbench detect seq_irst` kept every frame's confidence map until the sequence ended (``evaluate`` held the
outputs for the track rule and the result file, which read the detections only): its memory grew with the
sequence's length (about 25 KiB a 256x256 frame, 3,000 frames: 70 MB more than 300). The outputs kept hold no
maps; the detector still publishes them for the window."""
import numpy as np
import pytest

pytest.importorskip("torch")


def _seq(root, n=6):
    from workbench.core.data.images import write_image

    for i in range(n):
        x = np.full((32, 32), 40, np.uint8)
        x[10 + i, 12] = 220
        write_image(root / "frames" / f"{i + 1:04d}.png", x)
    (root / "anno_xy.txt").write_text("".join(f"12\t{10 + i}\n" for i in range(n)))
    return root


def test_evaluate_keeps_no_confidence_maps(tmp_path, monkeypatch):
    import workbench.core.loops as loops
    from workbench_seq_irst.detector import SeqIRSTDetector, evaluate
    from workbench_seq_irst.model import build_model
    from workbench_seq_irst.sequences import open_many

    real, published = loops.iter_detect, []

    def iter_detect(*a, **k):  # the frames' outputs as the detector gave them: with their maps
        for i, out in real(*a, **k):
            published.append(sorted(out.maps))
            yield i, out

    monkeypatch.setattr(loops, "iter_detect", iter_detect)
    kept = []
    seqs = open_many([str(_seq(tmp_path / "seqA"))], labelled_only=False)
    evaluate(SeqIRSTDetector(build_model(), "cpu", threshold=0.0), seqs, on_output=lambda s, outs: kept.extend(outs))
    assert published == [["confidence"]] * 6  # the detector publishes its map each frame ...
    assert [i for i, _ in kept] == list(range(6))
    assert [out.maps for _, out in kept] == [{}] * 6  # ... and the run does not keep them to its end
