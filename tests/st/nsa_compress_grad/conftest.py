"""pytest wiring of aclnnNsaCompressGrad's system tests: its cases as the parameters of the tests
that ask for legal_case or illegal_case, and a summary of what ran. The options, the example
binary and the library path are every op's (tests/st/conftest.py)."""
from .cases import GradCase, all_legal_cases, load_listed, parse_legal_spec, random_cases
from .illegal import IllegalGradCase, illegal_cases, parse_illegal_spec
from ..nsa_harness import command_line

# The kinds of spec this op's cases print, each with what rebuilds the case.
SPEC_PARSERS = {"grad": parse_legal_spec, "illegal-grad": parse_illegal_spec}


def pytest_generate_tests(metafunc):
    command_line.parametrize(metafunc, SPEC_PARSERS, {
        "legal_case": (GradCase, lambda: all_legal_cases(command_line.random_case_total(metafunc.config))),
        "illegal_case": (IllegalGradCase, illegal_cases)})


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # What the default suite covers, for the record: counts per source, layouts, the largest case.
    if config.getoption("--st-case") or hasattr(config, "workerinput"):
        return
    fixed, edge = load_listed("fixed.yaml"), load_listed("edge.yaml")
    randoms = random_cases(command_line.random_case_total(config))
    legal = fixed + edge + randoms
    layouts = {}
    for case in legal:
        layouts[case.layout] = layouts.get(case.layout, 0) + 1
    largest = max(legal, key=lambda case: case.slots * case.N * case.D)
    costliest = max(legal, key=lambda case: case.work)
    terminalreporter.write_sep("-", "nsa-compress-grad system-test cases")
    terminalreporter.write_line(f"legal: {len(fixed)} fixed, {len(edge)} edge, {len(randoms)} random "
                                f"({sum(c.K == 0 for c in legal)} with K = 0); illegal: {len(illegal_cases())}")
    terminalreporter.write_line("layouts: " + ", ".join(f"{name} {count}" for name, count in sorted(layouts.items())))
    terminalreporter.write_line(f"largest input: {largest.describe()} ({largest.slots * largest.N * largest.D} "
                                f"elements)")
    terminalreporter.write_line(f"most work ({costliest.work} products): {costliest.describe()}")
