"""``workbench train lw_irstnet ...``: one training run (``train.py``), or with ``--cv K`` / ``--final``
the recipe selection by k-fold cross-validation and the final training on all images (``cv.py``).

The dispatch lives here so that ``train.py`` and ``cv.py`` do not import each other: ``cv.py`` builds on
the training run, and the training run knows nothing of folds.
"""
from __future__ import annotations


def main(argv: list[str]) -> int:
    from workbench_lw_irstnet import train

    args = train.resume_in_out(train.parser().parse_args(argv))
    train.check_args(args)
    from workbench.core.results import check_outputs

    # an --out that cannot be written was found once every image was read (13 s for SIRST) and said without its
    # option ("ro/t: Operation not permitted"); nothing is made here (a refused input leaves no folder)
    check_outputs({"--out": args.out}, make=False)
    if args.cv or args.final:
        from workbench_lw_irstnet.cv import main_cv

        return main_cv(args, argv)
    return train.main(argv)
