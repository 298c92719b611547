"""Replaces a file between an example's stat() and open() of it, deterministically: builds the
preload library swap_on_open.c and gives the environment that has the example load it."""
import os
import shutil
import subprocess
from pathlib import Path

SOURCE = Path(__file__).with_name("swap_on_open.c")
PATH_VARIABLE = "NSA_SWAP_ON_OPEN_PATH"
REPLACEMENT_VARIABLE = "NSA_SWAP_ON_OPEN_REPLACEMENT"
# A sanitized example refuses a preloaded library ahead of its sanitizer runtime unless told not to.
ASAN_LINK_ORDER_OFF = "verify_asan_link_order=0"


def build(folder):
    """The preload library, compiled into `folder` with the C compiler build.sh installs."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    assert compiler, "no C compiler (cc or gcc) to build the preload library swap_on_open.c with"
    library = Path(folder) / "libswap_on_open.so"
    done = subprocess.run([compiler, "-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-o", str(library), str(SOURCE),
                           "-ldl"], capture_output=True, text=True)
    assert done.returncode == 0, f"{SOURCE.name} did not build: {done.stderr}"
    return library


def environment(base, library, path, replacement):
    """`base` with `library` preloaded so that opening `path` first renames `replacement` over it."""
    env = dict(base)
    env["LD_PRELOAD"] = " ".join(filter(None, [str(library), env.get("LD_PRELOAD")]))
    env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), ASAN_LINK_ORDER_OFF]))
    env[PATH_VARIABLE] = str(path)
    env[REPLACEMENT_VARIABLE] = str(replacement)
    return env
