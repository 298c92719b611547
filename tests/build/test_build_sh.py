"""build.sh and its bootstrap as a newcomer meets them: wrong options are refused before any
work, an unknown SoC stops the configure step with a message, and missing tools are either
installed (as root, with apt-get) or named in the one command to run."""
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=REPO_ROOT, **kwargs)


def test_an_unknown_option_is_refused_before_any_work():
    result = run(["bash", "build.sh", "--frobnicate"])
    assert result.returncode == 2
    assert "unknown option '--frobnicate'" in result.stderr
    assert "== configure" not in result.stdout


def test_fuzz_takes_whole_seconds():
    result = run(["bash", "build.sh", "--fuzz=1m"])
    assert result.returncode == 2
    assert "--fuzz takes whole seconds, got '1m'" in result.stderr


def test_an_unknown_soc_stops_the_configure_step(tmp_path):
    result = run(["cmake", "-S", str(REPO_ROOT), "-B", str(tmp_path / "build"), "-DNSA_SOC=ascend999"])
    assert result.returncode != 0
    message = " ".join(result.stderr.split())  # CMake wraps its messages
    assert "NSA_SOC (build.sh --soc) is 'ascend999', which is not a SoC the simulator models" in message


def bootstrap(script):
    """Runs `script` in bash after sourcing scripts/bootstrap.sh, with build.sh's log()."""
    prelude = f'log() {{ echo "== $*"; }}; ROOT={REPO_ROOT}; source {REPO_ROOT}/scripts/bootstrap.sh; '
    return run(["bash", "-c", prelude + script])


def test_missing_tools_are_named_in_one_command_when_not_root():
    # `id` answers as an ordinary user, so nothing may be installed.
    result = bootstrap('id() { echo 1000; }; bootstrap_need cmd:nsa-no-such-tool:nsa-tool-pkg; '
                       'bootstrap_need cmd:bash:bash; bootstrap_need file:/nsa/no/such/file:nsa-file-pkg; '
                       'bootstrap_tools; echo reached')
    assert result.returncode == 1
    assert "sudo apt-get install -y --no-install-recommends nsa-tool-pkg nsa-file-pkg" in result.stderr
    assert "reached" not in result.stdout


def test_present_tools_need_nothing():
    result = bootstrap("bootstrap_need cmd:bash:bash; bootstrap_need 'glob:/*:coreutils'; "
                       'test -z "$(bootstrap_missing_packages)" && echo none-missing')
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "none-missing"
