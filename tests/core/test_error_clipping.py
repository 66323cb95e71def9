"""One-line messages are clipped on what they say, not on how deep the user's folders are."""
from pathlib import Path

from workbench.core.errors import MAX_MESSAGE, DataError, one_line

PROBLEM = ("no image with a mask found: no mask for 2 of 2 images in masks/ (looked for a_pixels0.png, a.png ...; "
           "it holds e.g. 'a_gt.png'): name masks <image>_pixels0.png")


def test_a_deep_folder_does_not_cut_the_problem():
    shallow = DataError(Path("/data/own"), PROBLEM)
    deep = DataError(Path("/home/analyst/projects/infrared/2026/campaign-north/sirst-style/own"), PROBLEM)
    assert str(shallow).endswith(PROBLEM)
    assert str(deep).endswith(PROBLEM), str(deep)  # was cut after "no mask for 2 of 2 images in masks/ (loo…"


def test_the_folder_repeated_in_the_problem_is_not_counted_either():
    root = Path("/home/analyst/projects/infrared/2026/campaign-north/wrap")
    problem = f"holds one sequence, Crossing, in {root}/Crossing: open that folder, or its parent as a dataset"
    assert str(DataError(root, problem)).endswith("or its parent as a dataset")


def test_a_payload_is_still_clipped_whatever_the_path():
    for where in (Path("/d/f.txt"), Path("/home/analyst/" + "deep/" * 30 + "f.txt"), None):
        msg = str(DataError(where, "bad token " + "x" * 5000))
        own = msg.replace(str(where.parent), "") if where is not None else msg
        assert msg.endswith("…") and len(own) <= MAX_MESSAGE and "\n" not in msg


def test_one_line_counts_named_folders_as_free():
    folder = "/very/long/" + "folder/" * 40
    text = f"{folder}a.png: " + "word " * 60
    assert len(one_line(text)) == MAX_MESSAGE  # as before without paths
    clipped = one_line(text, paths=(folder.rstrip("/"),))
    assert clipped.startswith(folder) and clipped.endswith("…")
    assert MAX_MESSAGE - 2 <= len(clipped) - len(folder.rstrip("/")) <= MAX_MESSAGE  # less a space cut at the end
    assert one_line("a\nb   c") == "a b c"
