"""The system tests: one package per op (tests.st.<op>) and the harness they share (tests.st.nsa_harness)."""
