"""Start-up: what the everyday commands load, and that only the command run is built.

No timings here (they belong to `bench/`): these tests pin which modules a plain `timeline add`,
`list` or `gaps` run does *not* import, and which commands a run builds, so a heavy import that
creeps back onto the everyday path fails a test instead of quietly slowing every call.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main

from timeline.cli import COMMANDS
from timeline.cli.app import REGISTRY, TimelineGroup, app

BIN = Path(sys.executable).with_name("timeline")

# Run one command through the console script's own group, then report what it loaded: the exit
# code, every module in sys.modules and the commands that were built.
PROBE = """
import json, sys
import typer.main
from timeline.cli.app import app
group = typer.main.get_command(app)
try:
    group(sys.argv[2:])
except SystemExit as done:
    code = done.code
report = {"code": code, "modules": sorted(sys.modules), "built": sorted(group.commands.built())}
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump(report, out)
"""

NEVER_ON_THE_EVERYDAY_PATH = ("sqlite_utils", "rich", "dateutil", "typer.rich_utils")
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


QUESTION_VALUES = ("timeline.model.results", "timeline.model.sources")
"""The value types of the questions and of source records: no everyday command builds them."""


def test_add_loads_only_its_own_command(seeded: Path) -> None:
    report = _probe(seeded, "add", "Something", "--when", "2024-03-05", "-a", "A")
    assert report["code"] == 0
    assert report["built"] == ["add"]
    for name in NEVER_ON_THE_EVERYDAY_PATH + OTHER_COMMAND_MODULES + QUESTION_VALUES:
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
    for name in QUESTION_VALUES:
        assert _loaded(report, name) == [], name
    for name in ("timeline.render.events", "timeline.render.edtf", "timeline.store.history"):
        assert _loaded(report, name) == [], name  # the export writers; the history's code


@pytest.mark.parametrize(
    "args",
    [
        ("gaps",),  # the seeded events leave one gap, so the naming and printing run too
        ("show", "1"),
        ("between", "#1", "#2"),
    ],
    ids=lambda a: a[0],
)
def test_other_everyday_commands_load_no_heavy_module(seeded: Path, args: tuple[str, ...]) -> None:
    report = _probe(seeded, *args)
    assert report["code"] == 0
    assert report["built"] == [args[0]]
    for name in (*NEVER_ON_THE_EVERYDAY_PATH, "timeline.cli.views_cmds", "timeline.io"):
        assert _loaded(report, name) == [], name
    if args[0] == "show":  # no date to read: no date parsers, no question's values
        assert _loaded(report, "timeline.dates.parse") == []
        for name in QUESTION_VALUES:
            assert _loaded(report, name) == [], name
    if args[0] == "gaps":  # a question: its values are loaded when it needs them
        assert _loaded(report, "timeline.model.results") == ["timeline.model.results"]


def test_help_builds_no_command(tmp_path: Path) -> None:
    report = _probe(tmp_path, "--help")
    assert report["code"] == 0
    assert report["built"] == []
    for module in OTHER_COMMAND_MODULES:
        assert _loaded(report, module) == [], module


def _root_help(build_all: bool, width: int) -> str:
    group = typer.main.get_command(app)
    assert isinstance(group, TimelineGroup)
    if build_all:
        for name in COMMANDS:
            group.lazy[name]
        assert sorted(group.lazy.built()) == sorted(COMMANDS)
    ctx = group.make_context("timeline", [], resilient_parsing=True, terminal_width=width)
    text = group.get_help(ctx)
    assert build_all or group.lazy.built() == []
    return text


@pytest.mark.parametrize("width", [40, 80, 100, 200])
def test_help_from_the_summaries_is_the_help_of_the_built_commands(width: int) -> None:
    """`SUMMARIES` must say what each command's own help says: the listing is the same text."""
    listed = _root_help(False, width)
    assert "Commands:" in listed and all(f"  {name} " in listed for name in COMMANDS)
    assert listed == _root_help(True, width)


def test_every_command_has_its_summary() -> None:
    from timeline.cli import SUMMARIES
    from timeline.cli.app import load

    assert list(SUMMARIES) == list(COMMANDS)
    for name in COMMANDS:
        built = load(name)
        assert (built.help or "").split("\n\n")[0] == SUMMARIES[name], name
        assert not built.hidden and not built.deprecated and built.short_help is None, name


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
    assert "timeline.cli.events_cmds" in imported
    for name in imported:
        assert name.split(".")[0] not in ("sqlite_utils", "rich", "dateutil"), name
        assert name not in OTHER_COMMAND_MODULES, name


def test_the_command_table_matches_what_the_modules_declare() -> None:
    for module in dict.fromkeys(COMMANDS.values()):
        importlib.import_module(f"timeline.cli.{module}")
    assert sorted(REGISTRY) == sorted(COMMANDS)
    for name, sub in REGISTRY.items():
        callbacks = [info.callback for info in sub.registered_commands]
        callbacks += [sub.registered_callback.callback] if sub.registered_callback else []
        modules = {c.__module__.rsplit(".", 1)[-1] for c in callbacks if c is not None}
        assert modules == {COMMANDS[name]}, name


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_is_built_by_typer_itself(name: str) -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, TimelineGroup)
    built = group.get_command(typer.Context(group), name)
    assert built is not None and built.name == name
    assert built.get_help(typer.Context(built, info_name=name)).startswith("Usage:")


def test_root_help_lists_every_command_in_order(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(BIN), "--help"], capture_output=True, text=True, env=_env(tmp_path / "x.db")
    )
    assert proc.returncode == 0
    listed = [line.split()[0] for line in proc.stdout.split("Commands:\n")[1].splitlines()]
    assert listed == list(COMMANDS)


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


def test_the_model_still_offers_the_values_kept_in_its_submodules() -> None:
    import timeline
    import timeline.model as model
    from timeline.model import lines, results, sources

    homes = {"results": results, "sources": sources, "lines": lines}
    for name, home in model._MOVED.items():
        found = getattr(model, name)
        assert found is getattr(homes[home], name), name
    assert timeline.Gap is results.Gap and timeline.EventRef is results.EventRef
    from timeline.model import Gap, Source

    assert Gap is results.Gap and Source is sources.Source
    assert set(model._MOVED) <= set(dir(model))
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = model.no_such_name  # type: ignore[attr-defined]


def test_the_dates_package_still_offers_its_names() -> None:
    import timeline.dates as dates
    from timeline.dates.parse import parse_when

    assert dates.parse_when is parse_when
    assert set(dates.__all__) <= set(dir(dates))
    for name in dates.__all__:
        assert getattr(dates, name) is not None
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = dates.no_such_name  # type: ignore[attr-defined]


MAIN_PROBE = """
import json, sys
import timeline.cli
report, sys.argv = sys.argv[1], ["timeline", *sys.argv[2:]]
code = 0
try:
    timeline.cli.main()
except SystemExit as done:
    code = done.code or 0
with open(report, "w", encoding="utf-8") as out:
    json.dump({"code": code, "modules": sorted(sys.modules), "built": []}, out)
"""
"""A run through the console script's own entry point (`timeline.cli.main`), and what it
loaded."""


def test_creating_a_database_loads_no_pandas_yet_leaves_it_importable(tmp_path: Path) -> None:
    """sqlite_utils (loaded to create the schema) imports pandas and numpy when installed; the
    program keeps them out (a test extra installs both), and a later import still works."""
    pytest.importorskip("pandas")
    report = _probe(tmp_path, "init", code=MAIN_PROBE)
    assert report["code"] == 0
    assert _loaded(report, "sqlite_utils") != []  # the schema was created with it
    assert _loaded(report, "pandas") == [] and _loaded(report, "numpy") == []
    (tmp_path / "events.db").unlink()
    later = (
        MAIN_PROBE
        + """
import pandas, numpy  # the marks that kept them out are gone: both still import
assert pandas.DataFrame({"a": [1]}).shape == (1, 1) and numpy.arange(3).sum() == 3
"""
    )
    assert _probe(tmp_path, "init", code=later)["code"] == 0


def test_pandas_imported_first_is_left_alone(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    report = _probe(tmp_path, "init", code="import pandas\n" + MAIN_PROBE)
    assert report["code"] == 0 and _loaded(report, "pandas") != []


LIBRARY = """
import sys
import timeline
with timeline.open(sys.argv[1] + "/lib.db", create=True) as tl:
    tl.add("x", when="2023")
assert "sqlite_utils" in sys.modules  # the schema was created with it
import numpy, sqlite_utils
table = sqlite_utils.Database(memory=True)["t"]
table.insert({"n": numpy.int64(3)})  # sqlite_utils' numpy support, as without timeline
assert table.count == 1
"""


def test_the_library_leaves_sqlite_utils_as_a_host_program_has_it(tmp_path: Path) -> None:
    """Used as a library, timeline imports sqlite_utils as it is: a host program that uses
    sqlite_utils with numpy afterwards keeps that working."""
    pytest.importorskip("numpy")
    proc = subprocess.run([sys.executable, "-c", LIBRARY, str(tmp_path)], capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
