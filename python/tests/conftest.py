"""pytest wiring of the Python package's tests: the package from this checkout (python/ on
sys.path, so no install step is needed and the tests always exercise these sources) and the
project's independent goldens, each op's golden module of its system tests (tests.st.<op>.golden,
with the repository's root on sys.path)."""
import importlib
import sys
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = PYTHON_DIR.parent
# python/ first: the package nsa_compress is python/nsa_compress, never the op's source folder.
sys.path[:0] = [str(PYTHON_DIR), str(REPO_ROOT)]


@pytest.fixture(scope="session")
def golden():
    return importlib.import_module("tests.st.nsa_compress.golden")


@pytest.fixture(scope="session")
def grad_golden():
    return importlib.import_module("tests.st.nsa_compress_grad.golden")
