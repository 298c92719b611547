import sys
from pathlib import Path

# The benchmark is a script folder, not a package: make its modules importable by name.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
