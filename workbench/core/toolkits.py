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
