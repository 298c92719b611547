"""The makeself run package as a user installs it: --install-path with awkward characters must
land exactly where asked, run nothing, and give a set_env.bash that restores the exact path.

makeself runs the installer through eval, so an option value is a shell-injection and
word-splitting hazard unless the package quotes it (scripts/package.sh)."""
import glob
import os
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
VENDOR = "customize"


@pytest.fixture(scope="module")
def run_package():
    """The package build.sh made in this run (NSA_RUN_PACKAGE), else the one in build_out/."""
    if "NSA_RUN_PACKAGE" in os.environ:
        return Path(os.environ["NSA_RUN_PACKAGE"])
    packages = glob.glob(str(REPO_ROOT / "build_out" / "custom_opp_*.run"))
    assert packages, "no run package in build_out/: build it first with `bash build.sh --pkg`"
    return Path(packages[0])


def install(package, *args):
    return subprocess.run(["bash", str(package), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", ["with space", "dollar$(touch {marker})", "quote'd\"and`touch {marker}`;x"])
def test_install_path_is_taken_literally(run_package, tmp_path, name):
    marker = tmp_path / "injected"
    target = tmp_path / name.format(marker=marker)
    result = install(run_package, f"--install-path={target}", "--quiet")
    assert result.returncode == 0, result.stderr
    assert not marker.exists(), "an option value ran as a command"
    vendor = target / "vendors" / VENDOR
    assert (vendor / "op_api" / "lib" / "libcust_opapi.so").is_file()
    set_env = vendor / "bin" / "set_env.bash"
    probe = subprocess.run(["bash", "-c", 'source "$1" && printf "%s" "$LD_LIBRARY_PATH"', "probe", str(set_env)],
                           capture_output=True, text=True, env={"PATH": os.environ["PATH"]}, timeout=60)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout == str(vendor / "op_api" / "lib")
    assert not marker.exists(), "sourcing set_env.bash ran a command"


def test_options_come_in_any_order(run_package, tmp_path):
    result = install(run_package, "--quiet", f"--install-path={tmp_path / 'a'}")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a" / "vendors" / VENDOR / "bin" / "set_env.bash").is_file()
    assert result.stdout == ""


def test_an_unknown_option_is_refused_by_name(run_package, tmp_path):
    result = install(run_package, f"--install-path={tmp_path}", "--frobnicate=$(id)")
    assert result.returncode == 2
    assert "unknown option '--frobnicate=$(id)'" in result.stderr
    assert not (tmp_path / "vendors").exists()
