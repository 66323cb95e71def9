"""Fixtures shared by the plugin tests."""
import pytest


@pytest.fixture
def one_thread():
    """One thread each for torch and OpenCV while a test runs, restored afterwards: the models in these
    tests are tiny and the 2-core CI machine is shared, so a second thread only spins at barriers."""
    import cv2
    import torch

    t, c = torch.get_num_threads(), cv2.getNumThreads()
    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    yield
    torch.set_num_threads(t)
    cv2.setNumThreads(c)
