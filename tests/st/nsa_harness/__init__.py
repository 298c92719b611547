"""The system-test harness every op's tests/st shares: running an example binary and reading its
JSON result line (example), the run's options (command_line), 16-bit float bit patterns and their
spacing (numerics), the layouts and their axes (layouts), an input's sequences and windows
(sequences), and tensor views on a one-dimensional storage (views). Each op keeps its own golden,
cases and checks."""
