"""The project's own promises: the README's commands match CI, the CLI boundary holds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli.app import app

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_readme_opens_with_the_two_commands() -> None:
    run_main, run_tests = _readme_commands()[:2]
    assert "pip install ." in run_main and run_main.endswith("timeline list")
    assert "'.[test]'" in run_tests and "pytest" in run_tests


def test_ci_runs_the_readme_test_commands_verbatim() -> None:
    run_tests, run_slow = _readme_commands()[1:3]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install_and_test = run_tests.split("&& ", 2)[-1]
    assert install_and_test in ci.splitlines()
    assert run_slow == "python -m pytest -q -m slow -n auto" and run_slow in ci.splitlines()
    assert "-n auto" in run_tests  # parallel workers (pytest-xdist, in the test extra)
    extra = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"pytest-xdist' in extra
    for check in ("ruff check", "ruff format --check", "mypy --strict src"):
        assert check in ci


def test_unknown_command_is_one_line_and_exit_2() -> None:
    result = CliRunner().invoke(app, ["no-such-command"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "no-such-command" in result.output


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "timeline", "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert "Usage: timeline" in proc.stdout


def test_unknown_option_from_the_installed_script_is_one_stderr_line() -> None:
    script = Path(sys.executable).with_name("timeline")
    proc = subprocess.run(
        [str(script), "--no-such-option"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith("timeline: ")


def _commands() -> list[str]:
    """Every declared command, after checking that `COMMANDS` names each one's module."""
    import importlib

    from timeline.cli import COMMANDS
    from timeline.cli.app import REGISTRY

    for module in dict.fromkeys(COMMANDS.values()):
        importlib.import_module(f"timeline.cli.{module}")
    assert set(REGISTRY) == set(COMMANDS)
    return sorted(REGISTRY)


def test_every_command_has_help_with_an_example() -> None:
    names = _commands()
    assert {"add", "list", "gaps", "between", "parse", "export", "undo"} <= set(names)
    for name in names:
        result = CliRunner().invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, f"{name} --help has no example"


def test_bare_timeline_prints_the_help_and_succeeds() -> None:
    script = Path(sys.executable).with_name("timeline")
    proc = subprocess.run([str(script)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert proc.stdout.startswith("Usage: timeline") and "Examples:" in proc.stdout
    assert proc.stderr == ""


def test_the_readme_python_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every `pycon` block of the README, run as a doctest in an empty folder."""
    import doctest

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```pycon\n(.+?)\n```", text, re.S)
    assert blocks, "the README shows the Python API"
    monkeypatch.chdir(tmp_path)
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for number, block in enumerate(blocks, start=1):
        test = parser.get_doctest(block, {}, f"README pycon block {number}", "README.md", 0)
        result = runner.run(test)
        assert result.failed == 0, f"README pycon block {number} failed"
    assert (tmp_path / "aid-timeline.json").is_file()
