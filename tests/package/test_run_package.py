"""The makeself run package as a user installs it: --install-path with awkward characters or
relative to the caller's folder must land exactly where asked, run nothing, and give a
set_env.bash that restores the exact path.

makeself runs the installer through eval, so an option value is a shell-injection and
word-splitting hazard unless the package quotes it (scripts/package.sh); and it runs the installer
inside its temporary extraction folder, so a relative path has to be taken from the caller's."""
import os
import subprocess

import pytest

from tests.package.installs import PACKAGE_NAME, install, vendor_folder


def library_path_after_sourcing(set_env, cwd="/"):
    probe = subprocess.run(["bash", "-c", 'source "$1" && printf "%s" "$LD_LIBRARY_PATH"', "probe", str(set_env)],
                           capture_output=True, text=True, env={"PATH": os.environ["PATH"]}, cwd=cwd, timeout=60)
    assert probe.returncode == 0, probe.stderr
    return probe.stdout


@pytest.mark.parametrize("name", ["with space", "dollar$(touch {marker})", "quote'd\"and`touch {marker}`;x"])
def test_install_path_is_taken_literally(run_package, tmp_path, name):
    marker = tmp_path / "injected"
    target = tmp_path / name.format(marker=marker)
    result = install(run_package, f"--install-path={target}", "--quiet")
    assert result.returncode == 0, result.stderr
    assert not marker.exists(), "an option value ran as a command"
    vendor = vendor_folder(target)
    assert (vendor / "op_api" / "lib" / "libcust_opapi.so").is_file()
    assert library_path_after_sourcing(vendor / "bin" / "set_env.bash") == str(vendor / "op_api" / "lib")
    assert not marker.exists(), "sourcing set_env.bash ran a command"


def test_a_relative_install_path_is_taken_from_the_callers_folder(run_package, tmp_path):
    result = install(run_package, "--install-path=my opp", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    vendor = vendor_folder(tmp_path / "my opp")
    assert (vendor / "op_api" / "lib" / "libcust_opapi.so").is_file()
    assert f"installed {PACKAGE_NAME} into {vendor}\n" in result.stdout
    assert library_path_after_sourcing(vendor / "bin" / "set_env.bash") == str(vendor / "op_api" / "lib")


def test_an_install_path_starting_with_a_tilde_is_refused(run_package, tmp_path):
    result = install(run_package, "--install-path=~/opp", cwd=tmp_path)
    assert result.returncode == 2
    assert "--install-path='~/opp' starts with '~'" in result.stderr
    assert "write $HOME/opp" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_options_come_in_any_order(run_package, tmp_path):
    result = install(run_package, "--quiet", f"--install-path={tmp_path / 'a'}")
    assert result.returncode == 0, result.stderr
    assert (vendor_folder(tmp_path / "a") / "bin" / "set_env.bash").is_file()
    assert result.stdout == ""


def test_an_unknown_option_is_refused_by_name(run_package, tmp_path):
    result = install(run_package, f"--install-path={tmp_path}", "--frobnicate=$(id)")
    assert result.returncode == 2
    assert "unknown option '--frobnicate=$(id)'" in result.stderr
    assert not (tmp_path / "vendors").exists()
