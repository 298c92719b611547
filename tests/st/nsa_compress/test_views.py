"""Views and layouts through the example binary: the cases of view_cases.py, each
compared bit for bit with the golden of the logical input its view reads, with every output-storage
element outside the output view checked against what it held before the call (checks.py,
check_view_legal)."""
from .checks import check_view_legal
from .runner import run


def test_view(view_case, example_binary, tmp_path):
    data = view_case.data()
    result = run(view_case.call(), data.input_storage, data.weight_storage, tmp_path)
    check_view_legal(view_case, data, result)
