# The package tree, one place for its paths (both backends install it).
set(NSA_COMPUTE_UNITS ascend910b ascend910_93)
