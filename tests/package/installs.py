"""What the run package's tests share: finding the package and running it."""
import glob
import os
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
VENDOR = "customize"
PACKAGE_NAME = "nsa_compress"


def find_run_package():
    """The package build.sh made in this run (NSA_RUN_PACKAGE), else the one in build_out/."""
    if "NSA_RUN_PACKAGE" in os.environ:
        return Path(os.environ["NSA_RUN_PACKAGE"])
    packages = glob.glob(str(REPO_ROOT / "build_out" / "custom_opp_*.run"))
    assert packages, "no run package in build_out/: build it first with `bash build.sh --pkg`"
    return Path(packages[0])


def install(package, *args, cwd=None, env=None):
    return subprocess.run(["bash", str(package), *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd, env=env)


def vendor_folder(install_path):
    return Path(install_path) / "vendors" / VENDOR
