"""The benchmark's arithmetic, kept free of I/O so that tests/bench can check it by hand.

Roofline of one launch (all counts in elements of the [T, N, D] input unless said otherwise):
  covered  = tokens that at least one window covers; a sequence of length L has
             K_s = floor((L - l) / d) + 1 windows when L >= l (else none), and they cover its
             first (K_s - 1) * min(l, d) + l tokens. Tokens of a sequence shorter than l and the
             tail after its last window are never read by a kernel that keeps the contract.
  bytes    = covered * N * D * e  (input)  +  l * N * e  (weights, when K > 0)  +  K * N * D * e
             (output), with e = 2 bytes (fp16 and bf16).
  vector   = covered * N * D  (widen each covered element to fp32 once)
           + 2 * K * N * D * l  (one Mul and one Add per (output element, j); the same as l/d
             Mul + l/d Add per covered element)
           + K * N * D  (narrow each output element once),
             all counted at fp32 width: vector_bytes_per_cycle / 4 elements per cycle per core.
  memory time = bytes / hbm_bytes_per_second (the achievable bandwidth the cost model reports)
  vector time = vector * 4 / (vector_bytes_per_cycle * clock_hz * vector_core_num)
  roofline    = max(memory time, vector time); the larger names the bound.
"""

ELEMENT_BYTES = 2  # fp16 and bf16
FP32_BYTES = 4

# The launch JSON's pipe names and the short names the report uses; the bottleneck is chosen
# among these four.
PIPE_SHORT = {"VECTOR": "V", "MTE2": "MTE2", "MTE3": "MTE3", "SCALAR": "S"}
# Stall causes as the launch JSON spells them, shortened for table cells.
CAUSE_SHORT = {"bank_conflict": "bank", "hbm_share": "hbm", "dcache_miss": "dcache"}

# The goals: (ratio modeled/roofline at most, bottleneck pipe busy fraction at least).
LONG_GOAL = (1.10, 0.90)   # T >= 16k
SHORT_GOAL = (1.25, None)  # shorter inputs (the benchmark's T = 4k shapes)
LONG_TOKENS = 16384


def sequence_lengths(ends):
    """Lengths from cumulative ends (actSeqLenType = 0)."""
    return [e - s for s, e in zip([0] + list(ends[:-1]), ends)]


def windows(length, l, d):
    """Output rows of one sequence: floor((L - l) / d) + 1 when L >= l, else 0."""
    return (length - l) // d + 1 if length >= l else 0


def output_rows(ends, l, d):
    return sum(windows(length, l, d) for length in sequence_lengths(ends))


def covered_tokens(ends, l, d):
    """Tokens at least one window covers: each sequence's windows span one block from its start."""
    total = 0
    for length in sequence_lengths(ends):
        k = windows(length, l, d)
        if k:
            total += (k - 1) * min(l, d) + l
    return total


def roofline(covered, k, n, dim, l, model):
    """Memory and vector lower bounds in seconds, and which one the roofline is."""
    input_bytes = covered * n * dim * ELEMENT_BYTES
    # With no output row, nothing needs the weights either.
    weight_bytes = l * n * ELEMENT_BYTES if k else 0
    output_bytes = k * n * dim * ELEMENT_BYTES
    memory = (input_bytes + weight_bytes + output_bytes) / model["hbm_bytes_per_second"]
    fp32_ops = covered * n * dim + 2 * k * n * dim * l + k * n * dim
    vector_bytes_per_second = model["vector_bytes_per_cycle"] * model["clock_hz"] * model["vector_core_num"]
    vector = fp32_ops * FP32_BYTES / vector_bytes_per_second
    bound = max(memory, vector)
    return {"input_bytes": input_bytes, "weight_bytes": weight_bytes, "output_bytes": output_bytes,
            "memory_seconds": memory, "vector_seconds": vector, "roofline_seconds": bound,
            "bound": "memory" if memory >= vector else "vector"}


def bottleneck(pipes, modeled_seconds):
    """The pipe with the highest mean busy time, and its busy time over the kernel time.

    `pipes` is the launch JSON's total.pipes, whose times are already means over the cores used.
    """
    name = max(PIPE_SHORT, key=lambda p: pipes.get(p, {}).get("busy_seconds", 0.0))
    return PIPE_SHORT[name], pipes.get(name, {}).get("busy_seconds", 0.0) / modeled_seconds


def top_stalls(pipes, modeled_seconds, count=3, least=0.01):
    """The `count` largest (pipe, cause, fraction of kernel time) stalls of at least `least`,
    largest first."""
    stalls = [(PIPE_SHORT[pipe], CAUSE_SHORT.get(cause, cause), seconds / modeled_seconds)
              for pipe in PIPE_SHORT for cause, seconds in pipes.get(pipe, {}).get("stall_seconds", {}).items()]
    stalls = [s for s in stalls if s[2] >= least]
    return sorted(stalls, key=lambda s: -s[2])[:count]


def format_stalls(stalls):
    """'MTE2: hbm 40%, bank 3%; V: flag 20%': grouped by pipe, pipes in order of their largest stall."""
    if not stalls:
        return "-"
    by_pipe = {}
    for pipe, cause, fraction in stalls:
        by_pipe.setdefault(pipe, []).append(f"{cause} {fraction:.0%}")
    return "; ".join(f"{pipe}: {', '.join(parts)}" for pipe, parts in by_pipe.items())


def goal(tokens):
    """(max ratio, min bottleneck utilisation or None) that a case of T tokens must meet."""
    return LONG_GOAL if tokens >= LONG_TOKENS else SHORT_GOAL


def meets_goal(tokens, ratio, utilisation):
    max_ratio, min_utilisation = goal(tokens)
    return ratio <= max_ratio and (min_utilisation is None or utilisation >= min_utilisation)
