"""The quick path reads a command line exactly as typer does, or leaves it to typer.

`timeline.cli.quick` parses `add`, `list` and `gaps` without importing typer. Its promise is
narrow and checked from both sides here: its option table is the typer commands' declarations,
option by option; on any command line it accepts, it calls the same body with the same values
(and the same `--db`) as typer would; and whatever it declines, typer answers. Hypothesis
throws mixed, malformed and hostile command lines at both readings.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from timeline.cli import app, common, lazy_group, quick

BIN = shutil.which("timeline") or str(Path(sys.executable).with_name("timeline"))
Reading = tuple[str, dict[str, Any], str | None]

# -- the option table is the typer declarations -----------------------------------------------


def _kind(param: Any) -> str:
    if getattr(param, "is_flag", False):
        return quick.FLAG
    if param.multiple:
        return quick.TEXTS
    type_name = type(param.type).__name__
    if type_name == "IntRange" and param.type.min == 1 and param.type.max is None:
        return quick.COUNT
    return {"IntParamType": quick.INT, "StringParamType": quick.TEXT}.get(type_name, type_name)


def _declared(command: Any) -> tuple[list[str], list[tuple[object, ...]]]:
    arguments = [p.name for p in command.params if p.param_type_name == "argument"]
    options = [
        (p.name, _kind(p), tuple(p.opts + p.secondary_opts), p.default, p.required, p.envvar)
        for p in command.params
        if p.param_type_name == "option"
    ]
    assert all(p.callback is None for p in command.params), "a callback the quick path skips"
    return arguments, options


def _known(spec: quick.Spec) -> tuple[list[str], list[tuple[object, ...]]]:
    options = [
        (o.name, o.kind, o.spellings, o.default, o.name in spec.required, None)
        for o in spec.options
    ]
    return list(spec.arguments), options


@pytest.mark.parametrize("name", list(quick.SPECS))
def test_the_quick_table_is_the_typer_declaration(name: str) -> None:
    command = lazy_group().commands[name]
    assert _known(quick.SPECS[name]) == _declared(command)
    required_arguments = {p.name for p in command.params if p.param_type_name == "argument"}
    assert required_arguments <= quick.SPECS[name].required


def test_every_quick_body_is_what_the_typer_command_calls() -> None:
    for name, spec in quick.SPECS.items():
        module = importlib.import_module(f"timeline.cli.{spec.module}")
        assert callable(getattr(module, spec.function)), name
        source = Path(lazy_group().commands[name].callback.__wrapped__.__code__.co_filename)
        assert f"{spec.module}.{spec.function}(" in source.read_text(encoding="utf-8"), name


# -- both readings of one command line -----------------------------------------------------------


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[Reading]:
    """Replace each quick body with a recorder of (command, values, --db)."""
    calls: list[Reading] = []
    for name, spec in quick.SPECS.items():
        module = importlib.import_module(f"timeline.cli.{spec.module}")

        def record(_name: str = name, **values: Any) -> None:
            calls.append((_name, values, common.STATE.db_option))

        monkeypatch.setattr(module, spec.function, record)
    return calls


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


def typer_reading(calls: list[Reading], argv: list[str]) -> tuple[object, Reading | None]:
    calls.clear()
    common.STATE.db_option = None
    with _quiet(), pytest.raises(SystemExit) as done:
        lazy_group().main(argv)
    return done.value.code, (calls[0] if calls else None)


def quick_reading(calls: list[Reading], argv: list[str]) -> Reading | None:
    calls.clear()
    common.STATE.db_option = None
    call = quick.parse(argv)
    if call is None:
        return None
    call.run()
    assert len(calls) == 1
    return calls[0]


def _agree(calls: list[Reading], argv: list[str], *, must_take: bool) -> None:
    mine = quick_reading(calls, argv)
    code, theirs = typer_reading(calls, argv)
    if must_take:
        assert mine is not None, argv
    if mine is not None:
        assert code == 0, argv
        assert mine == theirs, argv


ORDINARY = [
    ["add", "Iran sends 46 Shahed drones", "--when", "August 2022", "-a", "Iran", "-t", "drones"],
    ["add", "UAV shipment", "-w", "2022-08", "--value", "46", "--unit", "UAV", "--source", "s"],
    ["add", "Fath-360", "--when", "last month", "--as-of", "2024-10-15", "-c", "missiles"],
    ["add", "--when=July-August 2024", "Howitzers", "--end", "", "--note", "n", "-aUS"],
    ["add", "-w", "2023", "--", "-5 is a title"],
    ["--db", "aid.db", "add", "T", "--when", "2023", "--date-order", "DMY", "--quote", "q"],
    ["--db=aid.db", "add", "T", "--when", "2023", "--location", "Kyiv", "-t", "a", "-t", "b"],
    ["list"],
    ["list", "-n", "50", "--actor", "Iran", "--from", "2000", "--to", "2005"],
    ["list", "--json", "--reverse", "--strictly", "-s", "drone", "--precision", "month"],
    ["list", "--view", "tree", "--group", "actor", "--bounds", "-c", "aid", "-c", "energy"],
    ["list", "-f", "csv", "--source", "reuters", "-t", "oil", "--limit=3", "-n7"],
    ["--db", "x.db", "--db", "y.db", "list", "--from", "2023", "--from", "2022"],
    ["gaps"],
    ["gaps", "-c", "energy"],
    ["gaps", "--min", "3 months", "--top", "10", "-f", "json", "--by", "actor"],
    ["gaps", "--as-of", "2024-10-15", "--since=2020", "--json", "-t", "aid", "--strictly"],
]


@pytest.mark.parametrize("argv", ORDINARY, ids=lambda a: " ".join(a)[:40])
def test_ordinary_command_lines_take_the_quick_path_and_agree(
    recorded: list[Reading], argv: list[str]
) -> None:
    _agree(recorded, argv, must_take=True)


DECLINED = [
    ["add", "T", "--when", "2023", "--help"],
    ["list", "-h"],
    ["add", "T"],  # --when missing
    ["add", "--when", "2023"],  # title missing
    ["add", "A", "B", "--when", "2023"],  # one argument too many
    ["list", "stray"],
    ["list", "--json=yes"],
    ["list", "--bogus"],
    ["list", "-n"],
    ["list", "-n", "+5"],
    ["list", "-n", "1_0"],
    ["list", "-n", "-1"],
    ["add", "T", "--when", "-5"],
    ["add", "-", "--when", "2023"],
    ["--db"],
    ["--db", "list"],
    ["--db", "x.db"],
    ["show", "1"],
    ["lisst"],
    [],
    ["list", "--from", "2023\udcff"],
    ["list", "--db", "x.db"],
    ["gaps", "--top", "0"],
    ["list", "-n", "1" * 5000],  # more digits than Python converts: typer's error
    ["gaps", "--top", "0" * 4400 + "1"],
    ["gaps", "--top", "-1"],
    ["gaps", "--by"],
]


@pytest.mark.parametrize("argv", DECLINED, ids=lambda a: " ".join(a)[:40] or "nothing")
def test_help_errors_and_odd_shapes_are_left_to_typer(argv: list[str]) -> None:
    assert quick.parse(argv) is None


def test_shell_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    assert quick.parse(["list"]) is not None
    monkeypatch.setenv("_TIMELINE_COMPLETE", "bash_source")
    assert quick.parse(["list"]) is None


# Tokens from every command's spellings, typer's own options, values that look like options or
# numbers in other scripts, and attached forms.
_SPELLINGS = sorted({s for spec in quick.SPECS.values() for s in spec.by_spelling})
_VALUES = ["", "x", "late 2023", "-", "-x", "--", "5", "0", "+5", "1_0", " 7", "٣", "-3", "=",
           "Iran", "--json", "a=b", "-h", "2000", "tree", "actor"]  # fmt: skip
_TOKENS = st.one_of(
    st.sampled_from([*_SPELLINGS, "--help", "-h", "--bogus", "-z", "--db", "--top", "--"]),
    st.sampled_from(_VALUES),
    st.builds(lambda s, v: f"{s}={v}", st.sampled_from(_SPELLINGS), st.sampled_from(_VALUES)),
    st.builds(lambda s, v: f"{s}{v}", st.sampled_from(_SPELLINGS), st.sampled_from(_VALUES)),
    st.text(max_size=6),
)
_PREFIXES = st.sampled_from([[], ["--db", "a.db"], ["--db=b.db"], ["--db"], ["--db", "-"]])


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    prefix=_PREFIXES,
    command=st.sampled_from([*quick.SPECS, "show"]),
    tokens=st.lists(_TOKENS, max_size=7),
)
def test_any_command_line_is_read_as_typer_reads_it_or_declined(
    recorded: list[Reading], prefix: list[str], command: str, tokens: list[str]
) -> None:
    _agree(recorded, [*prefix, command, *tokens], must_take=False)


def _well_formed(spec: quick.Spec) -> st.SearchStrategy[list[str]]:
    """Command lines built only from the spec's options with plain values: always quick."""
    plain = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=8).filter(
        lambda v: not v.startswith("-")
    )

    def one(option: quick.Option) -> st.SearchStrategy[list[str]]:
        spelled = st.sampled_from(option.spellings)
        if option.kind == quick.FLAG:
            return spelled.map(lambda s: [s])
        value: st.SearchStrategy[str] = plain
        if option.kind in (quick.INT, quick.COUNT):
            value = st.integers(min_value=1, max_value=10**20).map(str)
        return st.one_of(
            st.builds(lambda s, v: [s, v], spelled, value),
            st.builds(lambda s, v: [f"{s}={v}"], spelled.filter(lambda s: s[1] == "-"), value),
        )

    required = [o for o in spec.options if o.name in spec.required]
    optional = st.lists(st.sampled_from(spec.options).flatmap(one), max_size=6)
    arguments = st.lists(plain, min_size=len(spec.arguments), max_size=len(spec.arguments))

    def assemble(opts: list[list[str]], args: list[str], needed: list[list[str]]) -> list[str]:
        flat = [t for group in [*needed, *opts] for t in group]
        return [*flat, "--", *args] if args else flat

    needed = st.tuples(*(one(o) for o in required)).map(list)
    return st.builds(assemble, optional, arguments, needed)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_well_formed_command_lines_are_always_quick_and_agree(
    recorded: list[Reading], data: st.DataObject
) -> None:
    command = data.draw(st.sampled_from(list(quick.SPECS)))
    argv = [command, *data.draw(_well_formed(quick.SPECS[command]))]
    _agree(recorded, argv, must_take=True)


# -- the real script --------------------------------------------------------------------------

_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def _script(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-X", "importtime", BIN, *args],
        capture_output=True,
        text=True,
        env={"PATH": str(Path(BIN).parent), "NO_COLOR": "1", "COLUMNS": "100", **env},
        check=False,
    )


def _imported(stderr: str) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in stderr.splitlines() if "|" in line}


def test_the_script_runs_everyday_commands_without_typer_and_prints_what_typer_prints(
    env: dict[str, str],
) -> None:
    runner = CliRunner()
    add = ["add", "Shahed drones", "--when", "August 2022", "-a", "Iran", "-t", "drones"]
    via_typer = runner.invoke(app, add)
    via_script = _script(env, *add[:1], "Fath-360", *add[2:])
    assert via_typer.exit_code == 0 and via_script.returncode == 0, via_script.stderr
    assert _STAMP.sub("T", via_script.stdout) == _STAMP.sub("T", via_typer.stdout).replace(
        "#1 Shahed drones", "#2 Fath-360"
    )
    for argv in (["list", "-a", "iran", "--from", "2022"], ["list", "-f", "json"], ["gaps"]):
        script = _script(env, *argv)
        assert script.returncode == 0, script.stderr
        assert script.stdout == runner.invoke(app, argv).stdout
        modules = _imported(script.stderr)
        assert "timeline.cli.quick" in modules
        assert not {m for m in modules if m.split(".")[0] in ("typer", "click")}


def test_the_script_leaves_help_and_mistakes_to_typer(env: dict[str, str]) -> None:
    helped = _script(env, "list", "--help")
    assert helped.returncode == 0 and "Usage: timeline list [OPTIONS]" in helped.stdout
    assert "typer" in _imported(helped.stderr)
    wrong = _script(env, "list", "--limit", "many")
    assert wrong.returncode == 2
    assert wrong.stderr.splitlines()[-1].startswith("timeline: Invalid value for '--limit'")


def test_the_quick_path_keeps_the_error_boundary(env: dict[str, str], db_path: Path) -> None:
    bad = _script(env, "add", "T", "--when", "someday soon")
    assert bad.returncode == 2
    assert bad.stderr.splitlines()[-1].startswith("timeline: --when: ")
    assert "Traceback" not in bad.stderr and not db_path.exists()
    missing = _script({**env, "TIMELINE_DB": str(db_path.parent / "none.db")}, "list")
    assert missing.returncode == 5 and "Traceback" not in missing.stderr


def _closed_early(env: dict[str, str], *args: str) -> tuple[int, str]:
    """Run the script, read a little of its output, close the pipe: (exit code, stderr)."""
    proc = subprocess.Popen(
        [BIN, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PATH": str(Path(BIN).parent), "NO_COLOR": "1", **env},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    return proc.wait(), err


def test_a_closed_pipe_ends_both_paths_alike(env: dict[str, str], tmp_path: Path) -> None:
    rows = "\n".join(f"Event {i} {'x' * 80},{2000 + i % 20}-0{1 + i % 9}" for i in range(3000))
    source = tmp_path / "many.csv"
    source.write_text(f"title,when\n{rows}\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["import", str(source)]).exit_code == 0
    assert quick.parse(["list", "-f", "jsonl"]) is not None
    assert quick.parse(["list", "-f", "jsonl", "-n", "+9999"]) is None  # typer's path
    quick_run = _closed_early(env, "list", "-f", "jsonl")
    typer_run = _closed_early(env, "list", "-f", "jsonl", "-n", "+9999")
    assert quick_run == typer_run == (1, "")
