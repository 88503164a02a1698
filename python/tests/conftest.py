"""Shared fixtures: the repository root (configs/, examples/) and the cevns command that
`pip install .` put next to this Python (the same build as the package), run as a user would."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli_path():
    exe = os.environ.get("CEVNS_CLI") or shutil.which("cevns", path=os.path.dirname(sys.executable))
    if not exe:
        pytest.fail("the cevns command is not installed next to this Python (pip install . installs it)")
    return exe


def run_cli(*args, cwd=None, check=True):
    """Run `cevns ARGS...`; returns the CompletedProcess (text)."""
    proc = subprocess.run([cli_path(), *map(str, args)], cwd=cwd, capture_output=True, text=True)
    if check and proc.returncode != 0:
        pytest.fail(f"cevns {' '.join(map(str, args))} exited {proc.returncode}: {proc.stderr}")
    return proc


@pytest.fixture
def root():
    return ROOT


@pytest.fixture
def config_path():
    return lambda name: ROOT / "configs" / name
