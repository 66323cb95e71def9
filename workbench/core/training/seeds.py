"""The bound every ``--seed`` of the training verbs is held to.

numpy refuses a negative seed and its legacy ``np.random.seed`` one of 2**32 or more, torch one of 2**64 or
more, each with a traceback from deep inside the run; the commands add small offsets to the seed (a
validation set's, each generated video's), so the bound leaves room for them."""
from workbench.core.options import between

SEED = between(0, 2 ** 31 - 1, note="a random seed")
