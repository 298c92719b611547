import pytest

from tests.package.installs import find_run_package


@pytest.fixture(scope="session")
def run_package():
    return find_run_package()
