"""Sharing the vendors folder: the installer puts its vendor first in vendors/config.ini."""
from tests.package.installs import install


def test_the_vendor_goes_first_in_load_priority_and_the_others_keep_their_order(run_package, tmp_path):
    config = tmp_path / "vendors" / "config.ini"
    config.parent.mkdir()
    config.write_text("load_priority=my-customize,customize,mdc\n")
    result = install(run_package, f"--install-path={tmp_path}", "--quiet")
    assert result.returncode == 0, result.stderr
    assert config.read_text() == "load_priority=customize,my-customize,mdc\n"
