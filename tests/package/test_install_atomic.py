"""Upgrades that cannot leave a broken install: a write failing midway (a full disk, injected by a
cp first on PATH that fails from its Nth call on) leaves the previous install as it was, an install
killed between its renames is repaired by the next one, and installs run at once into one path
take turns and end in one correct tree."""
import os
import shutil
import stat

import pytest

from tests.package.installs import install, plant, snapshot, start_install, vendor_folder

OTHER_PACKAGE = {"op_api/lib/libcust_other_opapi.so": b"another package's op API"}

# A cp that fails with a full disk from its CP_FAIL_FROM-th call on and, as a real one would,
# leaves the file it was writing truncated.
FULL_DISK_CP = """#!/bin/sh
calls=$(( $(cat "$CP_CALLS" 2>/dev/null || echo 0) + 1 ))
echo "$calls" > "$CP_CALLS"
if [ "$calls" -ge "$CP_FAIL_FROM" ]; then
    for destination; do :; done
    [ -d "$destination" ] || : > "$destination"
    echo "cp: error writing '$destination': No space left on device" >&2
    exit 1
fi
exec {real_cp} "$@"
"""


def full_disk_environment(folder, fail_from):
    """The environment of an install whose fail_from-th cp call, and every later one, fails."""
    folder.mkdir()
    cp = folder / "cp"
    cp.write_text(FULL_DISK_CP.format(real_cp=shutil.which("cp")))
    cp.chmod(cp.stat().st_mode | stat.S_IXUSR)
    return {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}", "CP_CALLS": str(folder / "calls"),
            "CP_FAIL_FROM": str(fail_from)}


def installed_files_without_set_env(vendor):
    """The vendor folder's tree but for set_env.bash, which names the install path."""
    tree = snapshot(vendor)
    del tree["bin/set_env.bash"]
    return tree


# An upgrade copies the other packages' files (1 call), then the package's 21 files one by one
# (README.md's listing but for the installer's two), so call 22 copies the last.
@pytest.mark.parametrize("fail_from", [1, 2, 4, 8, 22])
def test_a_failed_write_leaves_the_previous_install_as_it_was(run_package, tmp_path, fail_from):
    install_path = tmp_path / "opp"
    plant(vendor_folder(install_path), OTHER_PACKAGE)
    assert install(run_package, f"--install-path={install_path}", "--quiet").returncode == 0
    before = snapshot(install_path)
    environment = full_disk_environment(tmp_path / "full_disk", fail_from)
    result = install(run_package, f"--install-path={install_path}", "--quiet", env=environment)
    assert result.returncode == 1
    assert "No space left on device" in result.stderr
    assert int((tmp_path / "full_disk" / "calls").read_text()) >= fail_from, "the injected failure did not happen"
    assert snapshot(install_path) == before
    assert install(run_package, f"--install-path={install_path}", "--quiet").returncode == 0


def test_a_failed_first_install_leaves_no_vendor_folder(run_package, tmp_path):
    install_path = tmp_path / "opp"
    environment = full_disk_environment(tmp_path / "full_disk", 4)
    result = install(run_package, f"--install-path={install_path}", "--quiet", env=environment)
    assert result.returncode == 1
    assert os.listdir(install_path / "vendors") == []


def test_an_install_killed_between_its_renames_is_repaired_by_the_next(run_package, tmp_path):
    vendor = vendor_folder(tmp_path)
    assert install(run_package, f"--install-path={tmp_path}", "--quiet").returncode == 0
    installed = snapshot(vendor)
    vendor.rename(vendor.with_name(f".{vendor.name}.old.4242"))
    plant(vendor.with_name(f".{vendor.name}.new.Ab12Cd"), {"op_api/lib/libcust_opapi.so": b"half"})
    result = install(run_package, f"--install-path={tmp_path}", "--quiet")
    assert result.returncode == 0, result.stderr
    assert f"put back {vendor}" in result.stderr
    assert snapshot(vendor) == installed
    assert sorted(os.listdir(vendor.parent)) == ["config.ini", vendor.name]


def test_installs_at_once_into_one_path_end_in_one_correct_tree(run_package, tmp_path):
    assert install(run_package, f"--install-path={tmp_path / 'alone'}", "--quiet").returncode == 0
    expected = installed_files_without_set_env(vendor_folder(tmp_path / "alone"))
    install_path = tmp_path / "shared"
    for round_ in range(10):
        installs = [start_install(run_package, f"--install-path={install_path}", "--quiet") for _ in range(2)]
        for process in installs:
            _, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, f"round {round_}: {stderr}"
        assert installed_files_without_set_env(vendor_folder(install_path)) == expected, f"round {round_}"
        assert sorted(os.listdir(install_path / "vendors")) == ["config.ini", "customize"], f"round {round_}"
        assert (install_path / "vendors" / "config.ini").read_text() == "load_priority=customize\n"
