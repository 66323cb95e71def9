"""A folder's labels.csv left unread for a video among several is said by the reader as a value
(``meta["labels_not_read"]``), and ``train`` / LOSO's note of an unlabelled video takes it from there, not by
searching the warnings for the words 'not read for' (tiny generated files)."""
from __future__ import annotations

from seq_irst_user_files import unlabelled_video


def test_the_reader_gives_the_unread_labels_line_as_a_value(tmp_path):
    from workbench.core.data.irseq import open_irseq

    a, b = unlabelled_video(tmp_path / "a.avi"), unlabelled_video(tmp_path / "b.avi")
    (tmp_path / "labels.csv").write_text("frame,cx,cy,w,h,class\n0,4,4,3,3,target\n")
    seq = open_irseq(a)
    said = seq.meta["labels_not_read"]
    assert said == (f"{tmp_path / 'labels.csv'}: not read for a.avi: the folder holds 2 videos (or frames); "
                    "name a video's labels <video>.labels.csv beside it")
    assert said in seq.meta["warnings"] and not seq.labelled
    assert open_irseq(b).meta["labels_not_read"].endswith("not read for b.avi: the folder holds 2 videos "
                                                          "(or frames); name a video's labels <video>.labels.csv beside it")
    alone = tmp_path / "one"
    unlabelled_video(alone / "c.avi")
    assert open_irseq(alone / "c.avi").meta["labels_not_read"] is None


def test_the_note_takes_the_readers_value_whatever_its_words(tmp_path):
    from workbench.core.data.irseq import open_irseq
    from workbench_seq_irst.sequences import _unlabelled_note

    seq = open_irseq(unlabelled_video(tmp_path / "a.avi"))
    seq.meta["labels_not_read"] = "labels.csv: left for the other clips"
    assert _unlabelled_note([seq]) == "a.avi has no labels (labels.csv: left for the other clips)"
    seq.meta["labels_not_read"] = None
    assert _unlabelled_note([seq]) == ("a.avi has no labels (a video's are <stem>.labels.csv or <stem>.anno_xy.txt "
                                       "beside it)")
