"""Everyday comforts: --version, shell completion, the config file, empty results, counts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli.app import app

BIN = Path(sys.executable).with_name("timeline")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def proc(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), *args], capture_output=True, text=True, check=False,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


def config_file() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "timeline" / "config.toml"


# -- version -------------------------------------------------------------------------------


def test_version_from_the_option_and_in_info(env: dict[str, str]) -> None:
    from importlib.metadata import version

    code, out, err = invoke("--version")
    assert (code, out, err) == (0, f"timeline {version('timeline')}\n", "")
    p = proc("--version")
    assert p.returncode == 0 and p.stdout == out and p.stderr == ""
    invoke("init")
    code, out, _ = invoke("info")
    assert code == 0 and f"version: {version('timeline')}" in out.splitlines()


# -- completion ----------------------------------------------------------------------------


def _complete(shell: str, words: str, cword: int | None = None) -> list[str]:
    env = {"_TIMELINE_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(cword)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words}
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    p = proc(env=env)
    assert p.returncode == 0 and p.stderr == "", p.stderr
    return p.stdout.split()


def test_bash_completion_names_the_commands_and_their_options() -> None:
    from timeline.cli import COMMANDS

    commands = _complete("bash", "timeline ", 1)
    assert set(COMMANDS) <= set(commands) and "config" in commands
    assert "--from" in _complete("bash", "timeline list --fr", 2)
    assert _complete("bash", "timeline gap", 1) == ["gaps"]


def test_zsh_and_fish_completion_name_commands_and_options() -> None:
    zsh = " ".join(_complete("zsh", "timeline gap"))
    assert '"gaps":' in zsh and '"list":' not in zsh
    assert "--json" in _complete("fish", "timeline list --js")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_completion_script_calls_timeline_back(shell: str, tmp_path: Path) -> None:
    detect_off = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1", "HOME": str(tmp_path)}
    shown = proc("--show-completion", shell, env=detect_off)
    assert shown.returncode == 0, shown.stderr
    assert "_TIMELINE_COMPLETE=complete_" + shell in shown.stdout
    assert "timeline" in shown.stdout
    installed = proc("--install-completion", shell, env=detect_off)
    assert installed.returncode == 0, installed.stderr
    assert f"{shell} completion installed in" in installed.stdout
    written = [p for p in tmp_path.rglob("*") if p.is_file() and "_TIMELINE_COMPLETE" in
               p.read_text(encoding="utf-8")]  # fmt: skip
    assert written, f"no {shell} completion file under HOME"


def test_an_unknown_shell_is_one_line() -> None:
    p = proc(
        "--install-completion", "tcsh", env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    )
    assert p.returncode == 2 and p.stdout == ""
    assert len(p.stderr.splitlines()) == 1 and "tcsh" in p.stderr


# -- config --------------------------------------------------------------------------------


def test_config_set_get_list_unset_path(env: dict[str, str]) -> None:
    code, out, _ = invoke("config", "path")
    assert code == 0 and out.strip() == str(config_file())
    assert invoke("config", "get", "as_of")[:2] == (0, "")
    assert invoke("config", "set", "date-order", "dmy")[0] == 0
    assert invoke("config", "set", "as_of", "2024-10-16")[0] == 0
    assert invoke("config", "set", "color", "off")[0] == 0
    import tomllib

    assert tomllib.loads(config_file().read_text(encoding="utf-8")) == {
        "date_order": "DMY", "as_of": "2024-10-16", "color": False,
    }  # fmt: skip
    assert invoke("config", "get", "date_order")[1] == "DMY\n"
    code, out, _ = invoke("config", "list")
    assert code == 0 and f"as_of = 2024-10-16  # from {config_file()}" in out
    assert "format = table  # the default" in out
    assert invoke("config", "unset", "as_of")[0] == 0
    assert "as_of" not in config_file().read_text(encoding="utf-8")
    p = proc("config", "get", "date_order")
    assert p.returncode == 0 and p.stdout == "DMY\n"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("set", "colr", "off"), "did you mean 'color'"),
        (("set", "as_of", "last week"), "YYYY-MM-DD"),
        (("set", "date_order", "YMD"), "YMD"),
        (("set", "format", "ics"), "table, json"),
        (("get", "nothing"), "'nothing'"),
    ],
)
def test_a_bad_setting_is_one_line_and_exit_2(
    env: dict[str, str], args: tuple[str, ...], said: str
) -> None:
    code, out, err = invoke("config", *args)
    assert code == 2 and out == "" and said in err and len(err.splitlines()) == 1
    assert not config_file().exists()


def test_a_broken_config_file_is_one_line_for_every_command(env: dict[str, str]) -> None:
    config_file().parent.mkdir(parents=True)
    config_file().write_text("date_order = [\n", encoding="utf-8")
    p = proc("list")
    assert p.returncode == 2 and p.stdout == "" and "Traceback" not in p.stderr
    assert p.stderr.startswith("timeline: config file") and len(p.stderr.splitlines()) == 1
    config_file().write_text('date_order = "YMD"\n', encoding="utf-8")
    code, _, err = invoke("add", "x", "--when", "2022")
    assert code == 2 and "date_order" in err
    assert proc("config", "path").returncode == 0  # the way to find the file still works


def test_the_config_supplies_date_order_as_of_and_format(env: dict[str, str]) -> None:
    invoke("config", "set", "date_order", "DMY")
    invoke("config", "set", "as_of", "2024-09-30")
    invoke("config", "set", "format", "json")
    code, _, err = invoke("add", "Drones", "--when", "03/09/2024")
    assert code == 0, err
    code, _, err = invoke("add", "Shipment", "--when", "last month")
    assert code == 0, err
    code, out, _ = invoke("list")
    events = json.loads(out)
    assert [(e["start"]["earliest"], e["as_of"]) for e in events] == [
        ("2024-08-01", "2024-09-30"), ("2024-09-03", "2024-09-30"),
    ]  # fmt: skip
    # options and the environment still win
    code, out, _ = invoke("list", "-f", "csv")
    assert out.startswith("id,uuid,title")
    code, _, err = invoke("add", "x", "--when", "03/09/2024", "--date-order", "MDY")
    assert code == 0
    os.environ["TIMELINE_DATE_ORDER"] = "MDY"
    try:
        _, out, _ = invoke("info")
        assert "date_order: MDY (from TIMELINE_DATE_ORDER)" in out
    finally:
        del os.environ["TIMELINE_DATE_ORDER"]
    code, out, _ = invoke("parse", "yesterday", "--json")
    assert json.loads(out)["start"]["earliest"] == "2024-09-29"
    code, out, _ = invoke("gaps", "--top", "1")
    assert isinstance(json.loads(out), list)


def test_a_cited_source_brings_its_own_day_over_the_config(env: dict[str, str]) -> None:
    invoke("config", "set", "as_of", "2024-09-30")
    invoke("source", "add", "Wire", "--published", "2024-10-10")
    code, out, err = invoke("add", "Strike", "--when", "yesterday", "--source", "Wire")
    assert code == 0, err
    assert "2024-10-09" in out


def test_the_config_db_comes_after_the_option_and_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "configured.db"
    monkeypatch.chdir(tmp_path)
    assert invoke("config", "set", "db", "configured.db")[0] == 0
    assert invoke("config", "get", "db")[1] == f"{chosen}\n"  # absolute: one file everywhere
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert invoke("add", "Here", "--when", "2022")[0] == 0
    assert chosen.is_file()
    _, out, _ = invoke("info")
    assert f"database: {chosen} (from {config_file()})" in out
    other = tmp_path / "env.db"
    monkeypatch.setenv("TIMELINE_DB", str(other))
    _, out, _ = invoke("info")
    assert "(from TIMELINE_DB)" in out
    _, out, _ = invoke("--db", str(chosen), "info")
    assert "(given with --db)" in out


def test_info_says_where_each_setting_came_from(env: dict[str, str]) -> None:
    invoke("config", "set", "color", "false")
    invoke("init")
    code, out, _ = invoke("info")
    assert code == 0
    assert f"config: {config_file()} (in use)" in out
    assert f"color: false (from {config_file()})" in out
    assert "format: table (the default)" in out
    os.environ["NO_COLOR"] = "1"
    try:
        assert "color: false (NO_COLOR is set)" in invoke("info")[1]
    finally:
        del os.environ["NO_COLOR"]


# -- info without a database, import counts ------------------------------------------------


def test_info_without_a_database_names_the_init_that_creates_it(tmp_path: Path) -> None:
    nowhere = tmp_path / "nowhere"
    nowhere.mkdir()
    p = subprocess.run([str(BIN), "info"], cwd=nowhere, capture_output=True, text=True,
                       check=False)  # fmt: skip
    default = Path(os.environ["XDG_DATA_HOME"]) / "timeline" / "events.db"
    assert p.returncode == 5
    assert p.stdout.startswith(f"database: {default} (the default in the data folder)")
    assert f"run `timeline --db {default} init` to create it" in p.stderr
    import re
    import shlex

    hinted = re.search(r"run `(timeline [^`]+)`", p.stderr)
    assert hinted is not None
    made = subprocess.run([str(BIN), *shlex.split(hinted.group(1))[1:]], cwd=nowhere,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert made.returncode == 0 and default.is_file(), made.stderr
    again = subprocess.run([str(BIN), "info"], cwd=nowhere, capture_output=True, text=True,
                           check=False)  # fmt: skip
    assert again.returncode == 0 and "events: 0" in again.stdout


@pytest.mark.parametrize(("rows", "said"), [(1, "1 event would"), (2, "2 events would")])
def test_import_dry_run_counts_in_words(
    env: dict[str, str], tmp_path: Path, rows: int, said: str
) -> None:
    csv = tmp_path / "in.csv"
    csv.write_text("title,when\n" + "".join(f"e{i},2022\n" for i in range(rows)), "utf-8")
    code, out, _ = invoke("import", str(csv), "--dry-run")
    assert code == 0 and said in out
    code, out, _ = invoke("import", str(csv))
    assert code == 0 and out.startswith(f"imported {said.removesuffix(' would')} from")


# -- empty results -------------------------------------------------------------------------

EMPTY = [
    (("list",), "", "no events match"),
    (("list", "--view", "tree"), "", "no events match"),
    (("list", "-f", "markdown"), "", "no events match"),
    (("list", "-f", "json"), "[]\n", "no events match"),
    (("list", "--json"), "[]\n", "no events match"),
    (("list", "-f", "jsonl"), "", "no events match"),
    (("list", "-f", "csv"), "id,uuid,title,", "no events match"),
    (("gaps",), "", "no events match"),
    (("gaps", "-f", "markdown"), "", "no events match"),
    (("gaps", "--json"), "[]\n", "no events match"),
    (("quiet", "-f", "markdown"), "", "no events match"),
    (("quiet", "-f", "csv"), "group,last_id", "no events match"),
    (("stats",), "", "no events match"),
    (("stats", "-f", "json"), "[]\n", "no events match"),
    (("stats", "-f", "csv"), "period,count", "no events match"),
    (("claims",), "", "no stored claims match"),
    (("claims", "-f", "markdown"), "", "no stored claims match"),
    (("conflicts",), "", "no events whose sources conflict"),
    (("conflicts", "--json"), "[]\n", "no events whose sources conflict"),
    (("source", "list"), "", "no sources yet"),
    (("log",), "", "no changes recorded yet"),
    (("log", "--json"), "[]\n", "no changes recorded yet"),
    (("actors",), "", "no actors yet"),
    (("tags", "--json"), "[]\n", "no tags yet"),
    (("chart",), "", "no events to chart"),
]


@pytest.mark.parametrize(("args", "stdout", "note"), EMPTY, ids=lambda a: " ".join(a))
def test_an_empty_result_is_a_note_on_stderr_and_exit_0(
    env: dict[str, str], args: tuple[str, ...], stdout: str, note: str
) -> None:
    invoke("init")
    code, out, err = invoke(*args)
    assert code == 0
    assert out.startswith(stdout) and (stdout or out == "")
    if stdout.endswith("\n"):
        assert json.loads(out) == []
    assert err.splitlines() == [next(line for line in err.splitlines() if note in line)]


def test_a_selection_that_matches_nothing_says_so(env: dict[str, str]) -> None:
    invoke("add", "One", "--when", "2022")
    p = proc("list", "-s", "nothing")
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "no events match\n")
    p = proc("gaps")
    assert p.returncode == 0 and p.stdout == "" and p.stderr.startswith("no gaps in 1 event")


# -- mistyped commands -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [(("lst",), "Did you mean 'list'"), (("list", "--form", "2022"), "--from"),
     (("li",), "No such command 'li'")],
)  # fmt: skip
def test_a_mistyped_command_gets_a_suggestion_and_no_prefix_runs(
    env: dict[str, str], args: tuple[str, ...], said: str
) -> None:
    p = proc(*args)
    assert p.returncode == 2 and p.stdout == ""
    assert said in p.stderr and len(p.stderr.splitlines()) == 1


def test_the_readme_lists_every_command_in_one_table() -> None:
    import re

    from timeline.cli import COMMANDS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("| command | what it does |", 1)[1].split("\n\n", 1)[0]
    first_column = [row.split("|")[1] for row in table.splitlines()[2:]]
    listed = {name for cell in first_column for name in re.findall(r"`([a-z]+)`", cell)}
    assert listed == set(COMMANDS)
