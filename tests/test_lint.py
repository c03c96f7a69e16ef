"""ruff (line length 120, rules E, F, W, B, UP) and mypy on the core package,
configured in pyproject.toml, run inside `make test` like every other check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.fast
def test_ruff_finds_nothing():
    result = run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.fast
def test_the_core_package_type_checks():
    # Settings in pyproject.toml ([tool.mypy]: files, overrides).
    result = run("mypy", "--cache-dir", str(ROOT / ".cache" / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr
