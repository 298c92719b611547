"""What every op's verdicts share: the one-line command that reproduces a failed case, the
context a failure message starts with, and how an error message is searched for a word."""
import os
import re
import shlex

from nsa_harness.example import REPO_ROOT


def reproduce_command(tests, case_option, binary_variable, binary, default_binary, spec):
    """One shell line that runs exactly this case again, data included (from its seed): pytest on
    the op's `tests` folder with `case_option` `spec`, the binary named by `binary_variable` when
    it is not the default one."""
    prefix = ""
    if os.environ.get(binary_variable) and binary != default_binary:
        prefix = f"{binary_variable}={shlex.quote(str(binary))} "
    return f"cd {shlex.quote(str(REPO_ROOT))} && {prefix}python3 -m pytest {tests} -q {case_option} {shlex.quote(spec)}"


def context(reproduce, case, result):
    """The start of a failure message: how to reproduce the case, the case, the call, the run."""
    return f"\nreproduce: {reproduce}\ncase: {case.describe()}\nbinary: {result.command}\n{result.describe()}"


def contains_word(message, word):
    """`word` in `message`, not followed by more of a word or number ('is 24' must not match
    'is 240', 'is FLOAT' must not match 'is FLOAT16')."""
    return re.search(re.escape(word) + r"(?!\w)", message) is not None
