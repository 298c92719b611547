"""Random 16-bit inputs as raw bit patterns, and their numpy/torch forms."""
import ml_dtypes
import numpy as np

NUMPY_DTYPES = {"float16": np.float16, "bfloat16": ml_dtypes.bfloat16}


def random_bits(rng, shape, dtype, scale=1.0):
    """Raw bits of normal values rounded to `dtype`."""
    values = (rng.standard_normal(shape) * scale).astype(np.float32)
    return values.astype(NUMPY_DTYPES[dtype]).view(np.uint16)


def as_dtype(bits, dtype):
    return np.asarray(bits).view(NUMPY_DTYPES[dtype])


# The function each backend names in an NsaCompressError when it refuses a call: the CPU
# implementation's C function, or the aclnn phase one. The status and the message are the same.
BACKENDS = ("cpu", "simulator")
REFUSING_CALL = {("cpu", "forward"): "nsa_cpu_compress", ("cpu", "grad"): "nsa_cpu_compress_grad",
                 ("simulator", "forward"): "aclnnNsaCompressGetWorkspaceSize",
                 ("simulator", "grad"): "aclnnNsaCompressGradGetWorkspaceSize"}
