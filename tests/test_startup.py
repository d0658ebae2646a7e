"""Start-up: what the everyday commands load, and that lazily built commands match typer's own.

No timings here (they belong to `bench/`): these tests pin which modules a plain `timeline add`,
`list` or `gaps` run does *not* import (typer among them: the quick path runs those commands), and
what a command that goes through typer builds, so a heavy import that creeps back onto the
everyday path fails a test instead of quietly slowing every call.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main

from timeline.cli import COMMANDS, app, lazy_group

BIN = Path(sys.executable).with_name("timeline")

# Run one command through the console script's own path (`lazy_group()`), then report what it
# loaded: the exit code, every module in sys.modules and the commands that were built.
PROBE = """
import json, sys
from timeline import cli
group = cli.lazy_group()
try:
    group(sys.argv[2:])
except SystemExit as done:
    code = done.code
report = {"code": code, "modules": sorted(sys.modules), "built": group.commands.built()}
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump(report, out)
"""

# The console script's own entry point, `timeline.cli.main`, with the same report (no "built").
PROBE_MAIN = """
import json, sys
from timeline import cli
path, sys.argv = sys.argv[1], ["timeline", *sys.argv[2:]]
try:
    cli.main()
except SystemExit as done:
    code = done.code
report = {"code": code, "modules": sorted(sys.modules), "built": []}
with open(path, "w", encoding="utf-8") as out:
    json.dump(report, out)
"""

NEVER_ON_THE_EVERYDAY_PATH = ("sqlite_utils", "rich", "dateutil", "typer.rich_utils", "click")
OTHER_COMMAND_MODULES = (
    "timeline.cli.parse_cmd",
    "timeline.cli.gaps_cmds",
    "timeline.cli.views_cmds",
    "timeline.cli.maintenance_cmds",
)


def _env(db: Path) -> dict[str, str]:
    return {
        "PATH": str(BIN.parent),
        "COLUMNS": "100",
        "TIMELINE_TODAY": "2024-10-15",
        "TIMELINE_DB": str(db),
        "NO_COLOR": "1",
    }


def _probe(tmp_path: Path, *args: str, code: str = PROBE) -> dict[str, object]:
    report = tmp_path / "report.json"
    db = tmp_path / "events.db"
    proc = subprocess.run(
        [sys.executable, "-c", code, str(report), *args],
        capture_output=True,
        text=True,
        env=_env(db),
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return result


def _loaded(report: dict[str, object], prefix: str) -> list[str]:
    modules = report["modules"]
    assert isinstance(modules, list)
    return [m for m in modules if m == prefix or m.startswith(prefix + ".")]


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A folder whose events.db holds two events (the first `add` creates it)."""
    env = _env(tmp_path / "events.db")
    for title, when in (("First", "2023-01-05"), ("Second", "late 2023")):
        subprocess.run([str(BIN), "add", title, "--when", when, "-a", "A"], env=env, check=True)
    return tmp_path


def test_add_loads_only_its_own_command(seeded: Path) -> None:
    report = _probe(seeded, "add", "Something", "--when", "2024-03-05", "-a", "A")
    assert report["code"] == 0
    assert report["built"] == ["add"]
    for name in NEVER_ON_THE_EVERYDAY_PATH + OTHER_COMMAND_MODULES:
        assert _loaded(report, name) == [], name
    readers = ("registry", "csv_reader", "json_reader", "jsonl_reader", "timelinejs")
    for name in readers:  # add checks its fields with io.records, and needs no file reader
        assert _loaded(report, f"timeline.io.{name}") == [], name


def test_list_loads_only_its_own_command(seeded: Path) -> None:
    report = _probe(seeded, "list", "-n", "1", "--actor", "A", "--from", "2023")
    assert report["code"] == 0
    assert report["built"] == ["list"]
    for name in (*NEVER_ON_THE_EVERYDAY_PATH, *OTHER_COMMAND_MODULES, "timeline.io"):
        assert _loaded(report, name) == [], name


@pytest.mark.parametrize(
    "args",
    [
        ("add", "Something", "--when", "2024-03-05", "-a", "A"),
        ("list", "-n", "1", "--actor", "A", "--from", "2023"),
        ("gaps",),  # the seeded events leave one gap, so the naming and printing run too
    ],
    ids=lambda a: a[0],
)
def test_the_everyday_commands_run_without_typer(seeded: Path, args: tuple[str, ...]) -> None:
    report = _probe(seeded, *args, code=PROBE_MAIN)
    assert report["code"] == 0
    assert "timeline.cli.quick" in _loaded(report, "timeline.cli")
    for name in (*NEVER_ON_THE_EVERYDAY_PATH, "typer", *OTHER_COMMAND_MODULES):
        assert _loaded(report, name) == [], name
    assert _loaded(report, "timeline.cli.events_cmds") == []  # the typer declarations
    assert _loaded(report, "pathlib") == []  # 5 ms with what it pulls in; paths stay strings
    if "--from" not in args and "--when" not in args:  # no date to read: no date parsers
        assert _loaded(report, "timeline.dates.parse") == []


def test_a_command_without_a_quick_path_still_loads_only_its_own(seeded: Path) -> None:
    report = _probe(seeded, "show", "1", code=PROBE_MAIN)
    assert report["code"] == 0
    assert _loaded(report, "typer") != []
    for name in OTHER_COMMAND_MODULES:
        assert _loaded(report, name) == [], name


def test_help_builds_every_command(tmp_path: Path) -> None:
    report = _probe(tmp_path, "--help")
    assert report["code"] == 0
    assert report["built"] == list(COMMANDS)


def test_installed_add_imports_no_heavy_module(seeded: Path) -> None:
    """The real console script, traced by `-X importtime` (one module per stderr line)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", str(BIN), "add", "X", "--when", "2024-03-05"],
        capture_output=True,
        text=True,
        env=_env(seeded / "events.db"),
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("#3 X")
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()}
    assert "timeline.cli.events_cmds" in imported or "timeline.cli" in imported
    for name in imported:
        assert name.split(".")[0] not in ("sqlite_utils", "rich", "dateutil"), name
        assert name not in OTHER_COMMAND_MODULES, name


def test_the_command_table_matches_what_the_modules_register() -> None:
    registered = [
        info.name or typer.main.get_command_name(info.callback.__name__)
        for info in app.registered_commands
        if info.callback
    ]
    assert registered == list(COMMANDS)
    for info in app.registered_commands:
        assert info.callback is not None
        module = info.callback.__module__.rsplit(".", 1)[-1]
        name = info.name or typer.main.get_command_name(info.callback.__name__)
        assert COMMANDS[name] == module, name


def _shape(command: typer.core.TyperCommand) -> list[object]:
    ctx = typer.Context(command, info_name=command.name)
    params = [
        (p.name, p.opts, p.secondary_opts, p.required, p.multiple, repr(p.default))
        for p in command.params
    ]
    return [command.name, command.get_help(ctx), params]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_lazily_built_command_is_the_one_typer_builds(name: str) -> None:
    eager = typer.main.get_command(app)
    lazy = lazy_group()
    assert isinstance(eager, typer.core.TyperGroup)
    built = lazy.commands.get(name)
    assert built is not None
    assert _shape(built) == _shape(eager.commands[name])  # type: ignore[arg-type]


def test_root_help_is_the_same_both_ways(tmp_path: Path) -> None:
    eager_code = "import typer.main; from timeline.cli import app; typer.main.get_command(app)()"
    runs = [
        subprocess.run(cmd, capture_output=True, text=True, env=_env(tmp_path / "x.db"))
        for cmd in ([sys.executable, "-c", eager_code, "--help"], [str(BIN), "--help"])
    ]
    eager, lazy = runs
    assert eager.returncode == lazy.returncode == 0
    assert lazy.stdout == eager.stdout
    assert "  export " in lazy.stdout and "  check " in lazy.stdout


def test_a_mistyped_command_is_still_suggested(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(BIN), "lisst"], capture_output=True, text=True, env=_env(tmp_path / "x.db")
    )
    assert proc.returncode == 2
    assert proc.stderr == "timeline: No such command 'lisst'. Did you mean 'list'?\n"


def test_importing_a_date_value_does_not_load_the_parsers() -> None:
    code = (
        "import sys; import timeline.model; from timeline.dates.types import FuzzyDate; "
        "print(sorted(m for m in sys.modules if m.startswith('timeline.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "timeline.dates.types" in out
    assert "timeline.dates.parse" not in out and "timeline.dates.absolute" not in out


def test_the_dates_package_still_offers_its_names() -> None:
    import timeline.dates as dates
    from timeline.dates.parse import parse_when

    assert dates.parse_when is parse_when
    assert set(dates.__all__) <= set(dir(dates))
    for name in dates.__all__:
        assert getattr(dates, name) is not None
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = dates.no_such_name  # type: ignore[attr-defined]
