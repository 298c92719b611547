"""System-test options and the example binary every test runs."""
import os

import pytest

from runner import binary_path


def pytest_addoption(parser):
    parser.addoption("--st-cases", type=int, default=None,
                     help="random legal cases per generator (default: the YAML count, or $NSA_ST_CASES)")


def random_case_count(config):
    option = config.getoption("--st-cases", default=None)
    if option is not None:
        return option
    value = os.environ.get("NSA_ST_CASES")
    return int(value) if value else None


def pytest_generate_tests(metafunc):
    if "random_case" in metafunc.fixturenames:
        from cases import random_cases
        cases = random_cases(random_case_count(metafunc.config))
        metafunc.parametrize("random_case", cases, ids=[c.name for c in cases])


@pytest.fixture(scope="session")
def example_binary():
    path = binary_path()
    if not path.exists():
        pytest.fail(f"example binary {path} is missing: run 'bash build.sh --pkg --example' first "
                    "(or set NSA_EXAMPLE_BIN)", pytrace=False)
    return path
