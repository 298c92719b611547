"""What the run package's tests share: finding the package, running it, and reading what it
installed (files, modes, contents) so that a test can compare whole trees."""
import glob
import os
import stat
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
VENDOR = "customize"
PACKAGE_NAME = "nsa_compress"
NOBODY = 65534  # uid and gid of nobody and nogroup on Debian and Ubuntu


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


def start_install(package, *args):
    return subprocess.Popen(["bash", str(package), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def vendor_folder(install_path):
    return Path(install_path) / "vendors" / VENDOR


def snapshot(folder):
    """Every path under folder (itself as '.') with its mode and, for a file, its bytes. A symbolic
    link, which has no mode of its own, is ('-> <target>', None)."""
    folder = Path(folder)
    tree = {}
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            tree[path.relative_to(folder).as_posix()] = (f"-> {os.readlink(path)}", None)
            continue
        mode = path.lstat().st_mode
        content = path.read_bytes() if stat.S_ISREG(mode) else None
        tree[path.relative_to(folder).as_posix()] = (stat.S_IMODE(mode), content)
    return tree


def plant(folder, files):
    """Writes files (relative path -> bytes) under folder, as another package's installer would."""
    for relative, content in files.items():
        path = Path(folder) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def as_user(uid, gid, script, *args):
    """Runs a bash script as another user with no supplementary groups (needs root)."""
    return subprocess.run(["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups",
                           "bash", "-c", script, "script", *args],
                          capture_output=True, text=True, env={"PATH": os.environ["PATH"]}, timeout=120)
