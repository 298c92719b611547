"""What the run's command line asks of every op's system tests: how many random legal cases
(--st-cases N, else NSA_ST_CASES), and the one case to run (--st-case SPEC). A spec starts with
its kind ('legal:', 'illegal-grad:', ...); each op owns its kinds, so the one option serves every
op: an op whose kinds do not include the spec's runs none of its cases."""
import pytest

from .draws import requested_total

# The name a case rebuilt from --st-case carries, which its test's id then contains.
SPEC_ID = "command-line"
# Set once an op took the --st-case spec's kind as its own.
SPEC_TAKEN = pytest.StashKey[bool]()


def random_case_total(config):
    """None for the YAML counts, else the requested total."""
    return requested_total(config.getoption("--st-cases"), "--st-cases")


def spec_kind(spec):
    return spec.strip().partition(":")[0]


def spec_fields(text, kind):
    """{field: value text} of a spec of `kind` ('legal:dtype=float16,N=4,...' of kind 'legal')."""
    found, _, body = text.strip().partition(":")
    if found != kind:
        raise ValueError(f"a {kind} case spec starts with '{kind}:', got {text!r}")
    return dict(item.split("=", 1) for item in body.split(",") if item)


def command_line_case(config, parsers):
    """The case --st-case names, rebuilt by the parser `parsers` has for its kind; None without
    the option or when the kind is another op's."""
    spec = config.getoption("--st-case")
    if not spec or spec_kind(spec) not in parsers:
        return None
    config.stash[SPEC_TAKEN] = True
    try:
        return parsers[spec_kind(spec)](spec)
    except (KeyError, ValueError) as error:
        raise pytest.UsageError(f"--st-case {spec!r}: {error}") from None


def parametrize(metafunc, parsers, fixtures):
    """Parametrizes each fixture of {fixture: (case class, all cases)} the test asks for: with
    every case (the function called only then), or with the --st-case case when it is of that
    class (else with none)."""
    spec = metafunc.config.getoption("--st-case")
    only = command_line_case(metafunc.config, parsers)
    for fixture, (kind, all_cases) in fixtures.items():
        if fixture not in metafunc.fixturenames:
            continue
        if spec:
            chosen = [only] if isinstance(only, kind) else []
        else:
            chosen = all_cases()
        metafunc.parametrize(fixture, chosen, ids=[case.name for case in chosen])
