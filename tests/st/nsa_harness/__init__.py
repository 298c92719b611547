"""The system-test harness every op's tests/st shares: running an example binary and reading its
JSON result line (example), 16-bit float bit patterns and their spacing (numerics), an input's
sequences and windows (sequences), and tensor views on a one-dimensional storage (views). Each
op keeps its own golden, cases and checks."""
