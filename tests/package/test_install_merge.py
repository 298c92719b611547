"""Sharing a vendor folder: most custom-op packages install under CANN's default vendor name, so
the installer keeps other packages' files, refuses to overwrite one of them, replaces its own
files on an upgrade and removes those it no longer ships (its manifest records what it installed),
and puts its vendor first in vendors/config.ini."""
import stat

from tests.package.installs import PACKAGE_NAME, install, plant, snapshot, vendor_folder

OTHER_PACKAGE = {
    "op_api/lib/libcust_other_opapi.so": b"another package's op API",
    "op_api/include/aclnn_other.h": b"// another package's header\n",
    "op_impl/ai_core/tbe/kernel/ascend910b/other_op/other_op.o": b"another package's kernel",
}
MANIFEST = f"manifests/{PACKAGE_NAME}.files"


def assert_planted(vendor, files):
    assert {path: (vendor / path).read_bytes() for path in files} == files


def test_another_packages_files_under_the_vendor_name_are_kept(run_package, tmp_path):
    vendor = vendor_folder(tmp_path)
    plant(vendor, OTHER_PACKAGE)
    result = install(run_package, f"--install-path={tmp_path}", "--quiet")
    assert result.returncode == 0, result.stderr
    assert_planted(vendor, OTHER_PACKAGE)
    assert (vendor / "op_api" / "lib" / "libcust_opapi.so").is_file()
    assert "op_api/lib/libcust_other_opapi.so" not in (vendor / MANIFEST).read_text().splitlines()


def test_another_packages_folders_keep_their_modes(run_package, tmp_path):
    vendor = vendor_folder(tmp_path)
    plant(vendor, OTHER_PACKAGE)
    other_op = vendor / "op_impl/ai_core/tbe/kernel/ascend910b/other_op"
    other_op.chmod(0o500)
    assert install(run_package, f"--install-path={tmp_path}", "--quiet").returncode == 0
    assert stat.S_IMODE(other_op.stat().st_mode) == 0o500


def test_a_file_another_package_installed_is_not_overwritten(run_package, tmp_path):
    vendor = vendor_folder(tmp_path)
    plant(vendor, {**OTHER_PACKAGE, "op_api/lib/libcust_opapi.so": b"another package's libcust_opapi.so"})
    before = snapshot(tmp_path)
    result = install(run_package, f"--install-path={tmp_path}")
    assert result.returncode == 2
    assert f"refusing to install into {vendor}" in result.stderr
    assert "\n    op_api/lib/libcust_opapi.so\n" in result.stderr
    assert "nothing was changed" in result.stderr
    assert snapshot(tmp_path) == before


def test_reinstalling_the_package_over_itself_gives_the_same_tree(run_package, tmp_path):
    assert install(run_package, f"--install-path={tmp_path}", "--quiet").returncode == 0
    first = snapshot(tmp_path)
    result = install(run_package, f"--install-path={tmp_path}", "--quiet")
    assert result.returncode == 0, result.stderr
    assert snapshot(tmp_path) == first


def test_files_the_previous_version_installed_and_this_one_no_longer_ships_are_removed(run_package, tmp_path):
    vendor = vendor_folder(tmp_path)
    assert install(run_package, f"--install-path={tmp_path}", "--quiet").returncode == 0
    retired = "op_impl/ai_core/tbe/kernel/ascend910b/retired_op/retired_op.o"
    plant(vendor, {retired: b"a kernel an older version shipped", **OTHER_PACKAGE})
    with open(vendor / MANIFEST, "a") as manifest:
        manifest.write(retired + "\n")
    result = install(run_package, f"--install-path={tmp_path}")
    assert result.returncode == 0, result.stderr
    assert f"removed {vendor}/{retired}: the previous install of {PACKAGE_NAME} put it there" in result.stdout
    assert not (vendor / retired).parent.exists()
    assert_planted(vendor, OTHER_PACKAGE)
    assert retired not in (vendor / MANIFEST).read_text().splitlines()


def test_a_folder_installed_before_there_were_manifests_is_upgraded(run_package, tmp_path):
    vendor = vendor_folder(tmp_path)
    assert install(run_package, f"--install-path={tmp_path}", "--quiet").returncode == 0
    (vendor / MANIFEST).unlink()
    (vendor / MANIFEST).parent.rmdir()
    result = install(run_package, f"--install-path={tmp_path}", "--quiet")
    assert result.returncode == 0, result.stderr
    assert (vendor / MANIFEST).is_file()


def test_the_vendor_goes_first_in_load_priority_and_the_others_keep_their_order(run_package, tmp_path):
    config = tmp_path / "vendors" / "config.ini"
    config.parent.mkdir()
    config.write_text("load_priority=my-customize,customize,mdc\n")
    result = install(run_package, f"--install-path={tmp_path}", "--quiet")
    assert result.returncode == 0, result.stderr
    assert config.read_text() == "load_priority=customize,my-customize,mdc\n"
