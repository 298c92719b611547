"""The cann backend's package tree (what build.sh --pkg staged) against the README's listing
(scripts/package_listing.py): every file it lists for the cann backend is there, and nothing else."""
from pathlib import Path

from scripts import package_listing


def check(vendor_dir: Path, readme: Path, socs: list, ops: list) -> list:
    entries = package_listing.listed(readme, "cann", socs, ops, installer=False)
    return [f"tree: {line}" for line in package_listing.differences(entries, package_listing.tree(vendor_dir))]
