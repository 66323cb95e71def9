"""Handcrafted correlation-filter baselines: KCF and KCF with DSST-style scale estimation.

Light on purpose: only the plugin descriptions and their settings; the numpy / OpenCV code is in
``kcf.py`` and is imported when a tracker is first created.
"""
from workbench.core.registry import Plugin
from workbench.baselines.dcf.config import KCFConfig, KCFDSSTConfig

PLUGIN = [
    Plugin(
        name="kcf",
        kind="tracker",
        factory="workbench.baselines.dcf.kcf:make_kcf",
        title="KCF (HOG + intensity)",
        description=("Kernelized Correlation Filter (Henriques et al., TPAMI 2015): Gaussian-kernel ridge "
                     "regression in the Fourier domain over HOG cells plus a zero-mean intensity channel, "
                     "cosine window, fixed template size, sub-pixel peak. Fixed scale. CPU, numpy + OpenCV."),
        config=KCFConfig,
        modalities=("gray", "rgb", "ir16"),
        capabilities=("maps",),
        map_names=("response",),
    ),
    Plugin(
        name="kcf_dsst",
        kind="tracker",
        factory="workbench.baselines.dcf.kcf:make_kcf_dsst",
        title="KCF + DSST scale",
        description=("KCF translation filter plus a separate 1-D discriminative scale filter over a pyramid "
                     "of HOG scale samples (Danelljan et al., BMVC 2014, DSST / fDSST). CPU, numpy + OpenCV."),
        config=KCFDSSTConfig,
        modalities=("gray", "rgb", "ir16"),
        capabilities=("maps",),
        map_names=("response",),
    ),
]
