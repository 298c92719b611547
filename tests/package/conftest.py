import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.package.installs import find_run_package


@pytest.fixture(scope="session")
def run_package():
    return find_run_package()


@pytest.fixture
def shared_folder():
    """A fresh folder every user can reach, for installs that other users then use. pytest's
    tmp_path is private to its owner (0700), so it would hide any install under it."""
    assert os.geteuid() == 0, ("this test installs as root and uses the install as other users (setpriv): "
                               "run the package tests as root, as CI does")
    folder = Path(tempfile.mkdtemp(prefix="nsa-package-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)
