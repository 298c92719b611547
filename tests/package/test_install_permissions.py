"""Who can use an install: CANN's permissions, read-only for the owner and the owner's group
(folders 0550, files 0440) and, with --install-for-all, for every user (0555, 0444). The
installs run as root and are then used as other users, as a root install on a shared machine is."""
import os
import shutil
import stat

from tests.package.installs import NOBODY, as_user, install, snapshot, vendor_folder

# Sources set_env.bash, then lists and reads every installed file: what an aclnn program needs.
USE_THE_INSTALL = ('source "$1" && cd "$ASCEND_CUSTOM_OPP_PATH" && find . -type f -printf "%P\\n" | LC_ALL=C sort '
                   '&& find . -type f -exec cat -- {} + > /dev/null && echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"')


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def assert_modes(vendor, folder_mode, file_mode):
    wrong = {path: oct(m) for path, (m, content) in snapshot(vendor).items()
             if isinstance(m, int) and m != (folder_mode if content is None else file_mode)}
    assert wrong == {}, f"expected folders {oct(folder_mode)} and files {oct(file_mode)}"


def assert_usable_by(uid, gid, vendor):
    result = as_user(uid, gid, USE_THE_INSTALL, str(vendor / "bin" / "set_env.bash"))
    assert result.returncode == 0, result.stderr
    files = sorted(path for path, (_, content) in snapshot(vendor).items() if content is not None)
    assert result.stdout.splitlines() == files + [f"LD_LIBRARY_PATH={vendor}/op_api/lib"]


def test_a_default_install_is_read_only_and_usable_by_its_owners_group(run_package, shared_folder):
    install_path = shared_folder / "opp"
    result = install(run_package, f"--install-path={install_path}", "--quiet")
    assert result.returncode == 0, result.stderr
    vendor = vendor_folder(install_path)
    assert_modes(vendor, 0o550, 0o440)
    assert (mode(install_path), mode(install_path / "vendors")) == (0o750, 0o750)
    assert mode(install_path / "vendors" / "config.ini") == 0o640
    assert_usable_by(NOBODY, 0, vendor)  # a user in root's group
    stranger = as_user(NOBODY, NOBODY, USE_THE_INSTALL, str(vendor / "bin" / "set_env.bash"))
    assert stranger.returncode != 0
    assert "Permission denied" in stranger.stderr


def test_install_for_all_lets_every_user_use_the_package(run_package, shared_folder):
    install_path = shared_folder / "opp"
    result = install(run_package, f"--install-path={install_path}", "--install-for-all", "--quiet")
    assert result.returncode == 0, result.stderr
    vendor = vendor_folder(install_path)
    assert_modes(vendor, 0o555, 0o444)
    assert (mode(install_path), mode(install_path / "vendors")) == (0o755, 0o755)
    assert mode(install_path / "vendors" / "config.ini") == 0o644
    assert_usable_by(NOBODY, NOBODY, vendor)


def test_a_user_upgrades_their_own_read_only_install(run_package, shared_folder):
    own_folder = shared_folder / "nobody"
    own_folder.mkdir()
    os.chown(own_folder, NOBODY, NOBODY)
    install_path = own_folder / "opp"
    # The user runs their own copy of the package: the one build.sh made lies in the checkout,
    # which another user may not reach (a checkout in /root, 0700, as on a bare machine as root).
    own_package = own_folder / run_package.name
    shutil.copyfile(run_package, own_package)
    os.chown(own_package, NOBODY, NOBODY)
    for _ in range(2):
        result = as_user(NOBODY, NOBODY, 'bash "$1" --install-path="$2" --quiet', str(own_package), str(install_path))
        assert result.returncode == 0, result.stderr
    vendor = vendor_folder(install_path)
    assert_modes(vendor, 0o550, 0o440)
    assert sorted(path.name for path in (install_path / "vendors").iterdir()) == ["config.ini", "customize"]
    assert_usable_by(NOBODY, NOBODY, vendor)
