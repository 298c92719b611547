"""The checks of the ops' Python-side arguments, for the NumPy API and the torch functions alike.

The C API takes int64 attributes, an int64 list and a NUL-terminated layout name; ctypes would
wrap a larger int modulo 2**64, int() would truncate 32.7 and parse "32", True is an int to
Python, and a NUL would end the layout name early. Each of these would run the op on arguments
the caller did not write, so they are refused here, before the library is loaded, with an error
that names the argument, the value and the rule.
"""
import operator

import numpy as np

INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1


def integer(name, value):
    """`value` as a Python int if it is an integer (not a bool) within int64; else TypeError or
    ValueError naming `name`."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} is {value!r}, a bool; it must be an integer within int64")
    try:
        number = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} is {value!r} of type {type(value).__name__}; it must be an integer "
                        "within int64") from None
    if not INT64_MIN <= number <= INT64_MAX:
        raise ValueError(f"{name} is {number}, it must be an integer within int64 [{INT64_MIN}, {INT64_MAX}]")
    return number


def integer_list(name, values):
    """`values` (None, or a one-dimensional sequence or array of integers) as a list of ints, or
    None; each element checked as integer() does, named name[i]."""
    if values is None:
        return None
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__") or getattr(values, "ndim", 1) != 1:
        raise TypeError(f"{name} is {values!r}; it must be None or a one-dimensional sequence of integers")
    return [integer(f"{name}[{i}]", value) for i, value in enumerate(values)]


def layout_name(name, value):
    """`value` if it is None or a str without NUL characters (the C API reads the name up to the
    first NUL); the op itself refuses a name that is no layout, with its message."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} is {value!r} of type {type(value).__name__}; it must be a str")
    if "\0" in value:
        raise ValueError(f"{name} is {value!r}; it must not contain a NUL character")
    return value
