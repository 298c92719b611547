"""Every illegal call gets the documented status and a message naming the parameter, the value
and the rule; it launches nothing and writes no cache back (the example writes no output file)."""
import pytest

from .illegal import CASES
from .runner import run


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_illegal_call_is_refused_with_its_status_and_message(case, tmp_path):
    result = run(case.call(), tmp_path)
    assert result.returncode == 1, f"{result.describe()}\n{result.command}"
    assert result.report["status"] == case.status, f"{result.describe()}\n{result.command}"
    missing = [word for word in case.words if word not in result.report["message"]]
    assert not missing, f"message lacks {missing}: {result.report['message']!r}\n{result.command}"
    assert "launch" not in result.report, "a refused call launched the kernel"
    assert result.output.size == 0 and result.value_output.size == 0, "a refused call wrote a cache"
