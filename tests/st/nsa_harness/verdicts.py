"""What every op's verdicts share: the one-line command that reproduces a failed case, the
context a failure message starts with, and how an error message is searched for a word."""
import re
import shlex

from . import example


def reproduce_command(op, spec):
    """One shell line that runs exactly this case again, data included (from its seed): pytest on
    tests/st/`op` with --st-case `spec`, naming the examples' folder when the run used another one
    than the default."""
    prefix = ""
    if example.example_dir().resolve() != example.DEFAULT_EXAMPLE_DIR.resolve():
        prefix = f"{example.EXAMPLE_DIR_VARIABLE}={shlex.quote(str(example.example_dir()))} "
    return (f"cd {shlex.quote(str(example.REPO_ROOT))} && {prefix}python3 -m pytest tests/st/{op} -q "
            f"--st-case {shlex.quote(spec)}")


def context(reproduce, case, result):
    """The start of a failure message: how to reproduce the case, the case, the call, the run."""
    return f"\nreproduce: {reproduce}\ncase: {case.describe()}\nbinary: {result.command}\n{result.describe()}"


def contains_word(message, word):
    """`word` in `message`, not followed by more of a word or number ('is 24' must not match
    'is 240', 'is FLOAT' must not match 'is FLOAT16')."""
    return re.search(re.escape(word) + r"(?!\w)", message) is not None
