"""ctypes binding of aclnnNsaCompress and aclnnNsaCompressGrad: the ACL session (init once per
process, device 0, one stream), device buffers freed after every call, the two-phase call, and
errors raised with the text aclGetRecentErrMsg() gives.

Host arrays reach the op as _host_view describes (in place, or through a staging copy that lives
only until it is uploaded). Outputs are always fresh contiguous buffers ([K, N, D] for the
forward, input's and weight's shapes for the grad), read back after the inputs' device buffers
are freed, so that a call's peak is its inputs, its outputs and one staging buffer beside the
op's workspace.
"""
import atexit
import ctypes
import os
import threading

import numpy as np

from . import _host_view, _library

ACL_SUCCESS = 0
ACL_ERROR_REPEAT_INITIALIZE = 100002
ACL_FORMAT_ND = 2
ACL_MEMCPY_HOST_TO_DEVICE = 1
ACL_MEMCPY_DEVICE_TO_HOST = 2
ACL_MEM_MALLOC_HUGE_FIRST = 0
# aclDataType values of the dtypes the binding passes on (the op itself accepts fp16 and bf16
# and refuses the others with its message).
ACL_DTYPES = {"float32": 0, "float16": 1, "bfloat16": 27, "int32": 3, "int64": 9}

_p = ctypes.c_void_p
_i64 = ctypes.c_int64
_i64p = ctypes.POINTER(ctypes.c_int64)
_SIGNATURES = {
    "aclInit": (ctypes.c_int, [ctypes.c_char_p]),
    "aclFinalize": (ctypes.c_int, []),
    "aclrtSetDevice": (ctypes.c_int, [ctypes.c_int32]),
    "aclrtResetDevice": (ctypes.c_int, [ctypes.c_int32]),
    "aclrtCreateStream": (ctypes.c_int, [ctypes.POINTER(_p)]),
    "aclrtDestroyStream": (ctypes.c_int, [_p]),
    "aclrtSynchronizeStream": (ctypes.c_int, [_p]),
    "aclrtMalloc": (ctypes.c_int, [ctypes.POINTER(_p), ctypes.c_size_t, ctypes.c_int]),
    "aclrtFree": (ctypes.c_int, [_p]),
    "aclrtMemcpy": (ctypes.c_int, [_p, ctypes.c_size_t, _p, ctypes.c_size_t, ctypes.c_int]),
    "aclGetRecentErrMsg": (ctypes.c_char_p, []),
    "aclCreateTensor": (_p, [_i64p, ctypes.c_uint64, ctypes.c_int, _i64p, _i64, ctypes.c_int, _i64p,
                             ctypes.c_uint64, _p]),
    "aclDestroyTensor": (ctypes.c_int, [_p]),
    "aclCreateIntArray": (_p, [_i64p, ctypes.c_uint64]),
    "aclDestroyIntArray": (ctypes.c_int, [_p]),
    "aclDestroyAclOpExecutor": (ctypes.c_int, [_p]),
    "aclnnNsaCompressGetWorkspaceSize": (ctypes.c_int, [_p, _p, _p, ctypes.c_char_p, _i64, _i64, _i64, _p,
                                                        ctypes.POINTER(ctypes.c_uint64), ctypes.POINTER(_p)]),
    "aclnnNsaCompress": (ctypes.c_int, [_p, ctypes.c_uint64, _p, _p]),
    "aclnnNsaCompressGradGetWorkspaceSize": (ctypes.c_int, [_p, _p, _p, _p, _i64, _i64, _i64, ctypes.c_char_p, _p, _p,
                                                            ctypes.POINTER(ctypes.c_uint64), ctypes.POINTER(_p)]),
    "aclnnNsaCompressGrad": (ctypes.c_int, [_p, ctypes.c_uint64, _p, _p]),
}
# The decode op's entry points (both): a library installed before the op existed lacks them, and its
# forward and backward stay usable (a decode call then names what is missing).
_OPTIONAL_SIGNATURES = {
    "aclnnNsaCompressWithCacheGetWorkspaceSize": (ctypes.c_int, [_p, _p, _p, _p, _p, ctypes.c_char_p, _i64, _i64, _i64,
                                                                 _i64, _p, ctypes.POINTER(ctypes.c_uint64),
                                                                 ctypes.POINTER(_p)]),
    "aclnnNsaCompressWithCache": (ctypes.c_int, [_p, ctypes.c_uint64, _p, _p]),
    "aclnnNsaCompressWithCacheV2GetWorkspaceSize": (ctypes.c_int, [_p] * 8 + [_i64, _i64, _i64, _p, _p,
                                                                               ctypes.POINTER(ctypes.c_uint64),
                                                                               ctypes.POINTER(_p)]),
    "aclnnNsaCompressWithCacheV2": (ctypes.c_int, [_p, ctypes.c_uint64, _p, _p]),
}


class NsaCompressError(RuntimeError):
    """An aclnn call or an ACL runtime call failed: `status` is its return value, `message` what
    aclGetRecentErrMsg() said, `call` the function's name."""

    def __init__(self, call, status, message):
        self.call, self.status, self.message = call, status, message
        super().__init__(f"{call} returned {status}: {message}" if message else f"{call} returned {status}")


def _int64_array(values):
    return (ctypes.c_int64 * max(len(values), 1))(*values)


class Session:
    """ACL initialised (or found initialised), device 0 set and one stream; one per process, and
    usable only in the process that created it (see _after_fork_in_child). Calls are serialised by
    a lock: the error text is per thread and the simulator runs one launch at a time anyway."""

    def __init__(self, library=None):
        self.pid = os.getpid()
        self.loaded = _library.load(library)
        self.backend = self.loaded.backend
        self.fn = {}
        for name, (restype, argtypes) in [*_SIGNATURES.items(), *_OPTIONAL_SIGNATURES.items()]:
            try:
                function = self.loaded.symbol(name)
            except AttributeError:
                if name in _OPTIONAL_SIGNATURES:
                    continue
                raise
            function.restype, function.argtypes = restype, argtypes
            self.fn[name] = function
        self.lock = threading.RLock()
        with self.lock:
            status = self.fn["aclInit"](None)
            if status not in (ACL_SUCCESS, ACL_ERROR_REPEAT_INITIALIZE):
                raise NsaCompressError("aclInit", status, self.take_message())
            self.owns_init = status == ACL_SUCCESS
            self.check(self.fn["aclrtSetDevice"](0), "aclrtSetDevice(0)")
            stream = _p()
            self.check(self.fn["aclrtCreateStream"](ctypes.byref(stream)), "aclrtCreateStream")
            self.stream = stream
        atexit.register(self.close)

    def close(self):
        if os.getpid() != self.pid:
            return  # a forked child's inherited state is the parent's to finalise
        with self.lock:
            if self.stream is None:
                return
            self.fn["aclrtDestroyStream"](self.stream)
            self.stream = None
            if self.owns_init:  # an ACL someone else initialised stays theirs to finalise
                self.fn["aclrtResetDevice"](0)
                self.fn["aclFinalize"]()

    def take_message(self):
        message = self.fn["aclGetRecentErrMsg"]()
        return message.decode(errors="replace") if message else ""

    def check_process(self):
        """Refuses a call from a process this session was not created in (a forked child)."""
        if os.getpid() != self.pid:
            raise RuntimeError(_forked_message(self.pid))

    def check(self, status, call):
        if status != ACL_SUCCESS:
            raise NsaCompressError(call, status, self.take_message())

    def device_buffers(self):
        return _DeviceBuffers(self)


class _DeviceBuffers:
    """Device allocations of one call, all freed on exit (whatever happened)."""

    def __init__(self, session):
        self.session, self.pointers = session, []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for pointer in self.pointers:
            self.session.fn["aclrtFree"](pointer)
        self.pointers.clear()

    def alloc(self, nbytes, what):
        pointer = _p()
        # aclrtMalloc refuses 0 bytes; an empty tensor still needs an address.
        self.session.check(self.session.fn["aclrtMalloc"](ctypes.byref(pointer), max(int(nbytes), 1),
                                                          ACL_MEM_MALLOC_HUGE_FIRST),
                           f"aclrtMalloc of {nbytes} bytes for the {what}")
        self.pointers.append(pointer.value)
        return pointer.value

    def upload(self, view, what):
        """A device copy of a HostView's storage; a staging copy it needs lives only until copied."""
        with view.host_storage() as (address, nbytes):
            pointer = self.alloc(nbytes, what)
            if nbytes:
                self.session.check(self.session.fn["aclrtMemcpy"](pointer, nbytes, address, nbytes,
                                                                  ACL_MEMCPY_HOST_TO_DEVICE),
                                   f"aclrtMemcpy of the {what} to the device")
        return pointer

    def free(self, pointer):
        """Frees one buffer before the others, which stay until the call ends."""
        self.pointers.remove(pointer)
        self.session.fn["aclrtFree"](pointer)


def _tensor(session, geometry, device_pointer):
    shape, strides = _int64_array(geometry.shape), _int64_array(geometry.strides)
    storage = _int64_array([geometry.storage_elements])
    handle = session.fn["aclCreateTensor"](shape, len(geometry.shape), ACL_DTYPES[geometry.dtype], strides,
                                           geometry.offset, ACL_FORMAT_ND, storage, 1, device_pointer)
    if not handle:
        raise NsaCompressError("aclCreateTensor", -1, session.take_message())
    return handle


class _Handles:
    """The aclTensors and the aclIntArray of one call, destroyed on exit (whatever happened)."""

    def __init__(self, session):
        self.session, self.tensors, self.int_arrays = session, [], []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for handle in self.tensors:
            self.session.fn["aclDestroyTensor"](handle)
        for handle in self.int_arrays:
            self.session.fn["aclDestroyIntArray"](handle)

    def tensor(self, geometry, device_pointer):
        self.tensors.append(_tensor(self.session, geometry, device_pointer))
        return self.tensors[-1]

    def int_array(self, values):
        """The aclIntArray of `values`, or None for None."""
        if values is None:
            return None
        handle = self.session.fn["aclCreateIntArray"](_int64_array(values), len(values))
        if not handle:
            raise NsaCompressError("aclCreateIntArray", -1, self.session.take_message())
        self.int_arrays.append(handle)
        return handle


def _launch(session, buffers, op, arguments):
    """Both phases of aclnn<op> on its GetWorkspaceSize `arguments` (before workspaceSize and
    executor), then the stream synchronised and the workspace freed."""
    fn = session.fn
    workspace_size = ctypes.c_uint64(0)
    executor = _p()
    status = fn[f"aclnn{op}GetWorkspaceSize"](*arguments, ctypes.byref(workspace_size), ctypes.byref(executor))
    if status != ACL_SUCCESS:
        raise NsaCompressError(f"aclnn{op}GetWorkspaceSize", status, session.take_message())
    try:
        workspace = buffers.alloc(workspace_size.value, "workspace") if workspace_size.value else None
    except BaseException:
        fn["aclDestroyAclOpExecutor"](executor)  # phase two will not run: free the plan
        raise
    # Phase two frees the executor whether it succeeds or not.
    status = fn[f"aclnn{op}"](workspace, workspace_size.value, executor, session.stream)
    if status != ACL_SUCCESS:
        raise NsaCompressError(f"aclnn{op}", status, session.take_message())
    session.check(fn["aclrtSynchronizeStream"](session.stream), "aclrtSynchronizeStream")
    if workspace is not None:
        buffers.free(workspace)


def _read_back(session, geometry, device_pointer, what):
    """An output's elements from the device as a contiguous numpy array of unsigned integers of
    its item size, in its shape."""
    result = np.empty(geometry.shape, dtype=np.dtype(f"u{_host_view.ITEM_SIZES[geometry.dtype]}"))
    if result.nbytes:
        session.check(session.fn["aclrtMemcpy"](result.ctypes.data, result.nbytes, device_pointer, result.nbytes,
                                                ACL_MEMCPY_DEVICE_TO_HOST), f"aclrtMemcpy of the {what} to the host")
    return result


def _run_op(session, op, inputs, outputs, act_seq_len, arguments):
    """The two-phase call of aclnn<op>: `inputs` ((name, HostView) pairs) are uploaded one at a
    time, each of `outputs` ((name, shape, dtype)) is a fresh contiguous device buffer, and
    arguments(input handles, output handles, seq) gives aclnn<op>GetWorkspaceSize's arguments
    before workspaceSize and executor, `seq` being the aclIntArray of act_seq_len (None for None).
    Returns every output as _read_back gives it. The inputs' and the workspace's device buffers
    are freed before the outputs are read back, so that the host results never coexist with them."""
    output_geometries = [_host_view.contiguous_geometry(shape, dtype) for _, shape, dtype in outputs]
    session.check_process()
    with session.lock, session.device_buffers() as buffers:
        session.take_message()  # a stale message must not be read as this call's
        input_devices = [buffers.upload(view, name) for name, view in inputs]
        output_devices = [buffers.alloc(_host_view.storage_bytes(geometry), name)
                          for (name, _, _), geometry in zip(outputs, output_geometries)]
        with _Handles(session) as handles:
            input_handles = [handles.tensor(view.geometry, device) for (_, view), device in zip(inputs, input_devices)]
            output_handles = [handles.tensor(geometry, device)
                              for geometry, device in zip(output_geometries, output_devices)]
            _launch(session, buffers, op, arguments(input_handles, output_handles, handles.int_array(act_seq_len)))
        for device in input_devices:
            buffers.free(device)
        return [_read_back(session, geometry, device, name)
                for (name, _, _), geometry, device in zip(outputs, output_geometries, output_devices)]


def _layout_argument(layout):
    return None if layout is None else layout.encode()


def nsa_compress(session, x, w, out_shape, act_seq_len, layout, block, stride, seq_type):
    """Runs aclnnNsaCompress; x and w are HostViews, the result the output's elements as a
    contiguous numpy array of unsigned integers of the output's item size, shaped out_shape."""
    def arguments(inputs, outputs, seq):
        return (*inputs, seq, _layout_argument(layout), int(block), int(stride), int(seq_type), *outputs)

    (out,) = _run_op(session, "NsaCompress", [("input", x), ("weight", w)], [("output", out_shape, x.dtype)],
                     act_seq_len, arguments)
    return out


def nsa_compress_grad(session, dy, x, w, act_seq_len, layout, block, stride, seq_type):
    """Runs aclnnNsaCompressGrad; dy, x and w are HostViews. Returns (inputGrad, weightGrad) as
    contiguous numpy arrays of unsigned integers of their item sizes, in x's and w's shapes."""
    def arguments(inputs, outputs, seq):
        return (*inputs, seq, int(block), int(stride), int(seq_type), _layout_argument(layout), *outputs)

    dx, dw = _run_op(session, "NsaCompressGrad", [("outputGrad", dy), ("input", x), ("weight", w)],
                     [("inputGrad", x.shape, x.dtype), ("weightGrad", w.shape, w.dtype)], act_seq_len, arguments)
    return dx, dw


_session = None
_session_lock = threading.Lock()
# The pid of the parent whose session (or a session being created) this forked process inherited.
_forked_from = None


def _forked_message(parent_pid):
    return (f"this process (pid {os.getpid()}) was forked from pid {parent_pid} after nsa_compress's ACL "
            "session was created there (or while it was being created): its device, stream and runtime state, "
            "possibly in the middle of another thread's call, belong to the parent and cannot be used here. "
            "Start worker processes with multiprocessing's 'spawn' or 'forkserver' method, or fork before the "
            "first call.")


def _after_fork_in_child():
    """A child inherits the session, the locks as the parent's threads held them (a thread inside a
    call holds them forever here, since it does not exist in the child) and the runtime's own state,
    possibly mid-call. No call into that state is safe, as on an NPU, where a child cannot use the
    parent's device context: calls are refused (Session.check_process, session()), never waited for,
    and the session's lock is not taken again."""
    global _session_lock, _forked_from
    if _session is not None or _session_lock.locked():
        _forked_from = os.getppid()
    _session_lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


def session(library=None):
    """The process's Session, created on first use (from `library`, else the search order of
    _library); a later call naming another library than the loaded one is an error, and so is any
    call in a child forked after the session was created."""
    global _session
    with _session_lock:
        if _forked_from is not None:
            raise RuntimeError(_forked_message(_forked_from))
        if _session is None:
            _session = Session(library)
        elif library is not None and _library.find_opapi(library) != _session.loaded.opapi_path:
            raise ValueError(f"the process already uses {_session.loaded.opapi_path}; cannot switch to {library}")
        return _session
