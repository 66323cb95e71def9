"""The toolkits ``workbench export-results`` writes for (``results.export_run``) and their layouts, in a module
of its own without numpy: the command line builds its ``--toolkit`` choices and help from it at start-up."""
from __future__ import annotations

EXPORT_TOOLKITS = {
    "got10k": "GOT-10k toolkit, its OTB-style experiment (also UAV123, DTB70, LaSOT, TColor128, NfS): "
              "<tracker>/<seq>.txt, comma, with <tracker>/times/<seq>_time.txt (experiments/otb.py _record)",
    "pysot": "pysot-toolkit: flat <tracker>/<seq>.txt, comma (results/<dataset>/<tracker>/; give that dataset folder)",
    "pytracking": "pytracking: <tracker>/<parameter>/<seq>.txt, tab, with <seq>_time.txt "
                  "(evaluation/running.py; its analysis reads tab or comma)",
    "otb": "OTB toolkit names, as text (its .mat results are not written): flat <tracker>/<seq>.txt, comma",
}

# the RGB-T scoring rules of `workbench eval` / `report` (``--rgbt``; ``evaluation.rgbt.RULES``, same keys)
RGBT_RULES = {
    "auto": "each RGB-T sequence by its benchmark's rule, as its layout and files tell it (default)",
    "gtot": "GTOT toolkit: best of the visible / thermal box per frame, MPR at 5 px (<), MSR = area under 21 "
            "success rates (Python rgbt MSR_GTOT's; the MATLAB script's grid not pinned), frames pooled over "
            "sequences",
    "rgbt234": "RGBT234 toolkit: best of the two boxes per frame, MPR at 20 px (<=), MSR = mean of 21 success rates, "
               "mean over sequences",
    "rgbt210": "RGBT210 (Python rgbt toolkit): PR / SR on init.txt, first frame scored with the groundtruth box",
    "lasher": "LasHeR (Python rgbt toolkit, LaSOT toolkit rules): PR@20, NPR@0.2, SR on one groundtruth, first "
              "frame scored with the groundtruth box, boxes with w or h <= 0 held, groundtruth rows <= 0 kept",
    "vtuav": "VTUAV toolkit: RGBT234's rule on the annotated frames (a box every 10 frames)",
    "off": "one-pass (OPE) scores on the opened stream's own boxes, as for any other dataset",
}

# the RGB-T toolkits' layouts ``export-results`` writes (``rgbt_export``)
RGBT_EXPORT_TOOLKITS = {
    "gtot": "GTOT MATLAB toolkit (calcPlotErr.m) and Python rgbt (bbox_type corner, prefix <tracker>_): "
            "<tracker>/<tracker>_<seq>.txt, 8-value corners x1,y1,x2,y1,x2,y2,x1,y2 a row; Python rgbt 1.0.x "
            "(PyPI) and 2.0 (its source and README) read them with rgbt.utils.corner_2_ltwh: call "
            "rgbt.utils.RGBT_start() before GTOT() (its eval_gtot.py does): without it, it reads every box as "
            "w = x2 - x1 + 1, not GTOT's x2 - x1; its 2.0 notes plan to drop RGBT_start: with an rgbt that has "
            "none, check that corner_2_ltwh reads x2 - x1",
    "rgbt234": "RGBT234 / RGBT210 MATLAB toolkit and Python rgbt (bbox_type corner, prefix <tracker>_): "
               "<tracker>/<tracker>_<seq>.txt, 8-value corners",
    "lasher": "LasHeR, Python rgbt (bbox_type ltwh): <tracker>/<seq>.txt, x,y,w,h",
    "vtuav": "VTUAV MATLAB toolkit (calcPlotErr_TPR: one resultPath for all trackers): <tracker>_<seq>.txt in "
             "--out itself, x,y,w,h, every frame",
}
