"""Settings of the example tracker: every field has a default; ``metadata`` drives the settings form
(help text, bounds, step, choices) and ``--set KEY=VALUE`` on the command line."""
from dataclasses import dataclass, field


@dataclass
class NCCConfig:
    search_scale: float = field(default=2.5, metadata={
        "help": "search window size as a multiple of the box size", "min": 1.2, "max": 6.0, "step": 0.1})
    learning_rate: float = field(default=0.01, metadata={
        "help": "template update per frame (0: keep the first-frame template)", "min": 0.0, "max": 1.0,
        "step": 0.01})
    min_score: float = field(default=0.6, metadata={
        "help": "below this match score the template is not updated (occlusion guard)", "min": -1.0,
        "max": 1.0, "step": 0.05})
    method: str = field(default="ccoeff_normed", metadata={
        "help": "OpenCV matching score", "choices": ("ccoeff_normed", "ccorr_normed")})
