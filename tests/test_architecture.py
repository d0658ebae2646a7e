"""The rooms of src/timeline import only what the architecture allows (checked with `ast`).

ruff's banned-api (TID251) can only exempt whole files from every ban at once, so the precise
rules live here: every `import` and `from … import` in every module (those under
`if TYPE_CHECKING:` and inside functions included) is checked against the table below.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src" / "timeline"

# Which timeline rooms each room may import (its own room is always allowed).
ANY = frozenset({"*"})
CORE = frozenset({"model", "dates", "errors", "fields"})
ALLOWED_ROOMS: dict[str, frozenset[str]] = {
    "errors": frozenset(),
    "lazy": frozenset(),
    "csvcell": frozenset(),
    "fields": frozenset(),
    "dates": frozenset({"errors", "lazy"}),
    "model": frozenset({"dates", "errors", "fields", "lazy"}),
    "gaps": CORE,
    "claims": CORE | {"gaps"},
    "select": CORE,
    "migrations": frozenset(),
    "store": CORE | {"migrations"},
    "render": CORE | {"gaps", "claims", "csvcell"},
    "io": CORE | {"gaps", "csvcell"},
    "api": CORE | {"gaps", "claims", "select", "store", "render", "io", "migrations", "csvcell"},
    "cli": ANY,
    "__init__": frozenset({"api", "dates", "errors", "model", "lazy"}),
    "__main__": frozenset({"cli"}),
}

# The outside packages the architecture controls, and the rooms that may import each.
CONTROLLED: dict[str, frozenset[str]] = {
    "typer": frozenset({"cli"}),
    "rich": frozenset({"cli", "render"}),
    "sqlite_utils": frozenset({"store", "migrations"}),
    "sqlite3": frozenset({"store"}),
    "click": frozenset(),
    "dateutil": frozenset({"dates"}),
}


def room_of(path: Path) -> str:
    """`dates` for src/timeline/dates/parse.py, `gaps` for src/timeline/gaps.py."""
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imported(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, dotted module) for every import in the module, `from timeline import x` as
    `timeline.x`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative imports are not used in this project"
            module = node.module or ""
            if module == "timeline":
                for alias in node.names:
                    yield node.lineno, f"timeline.{alias.name}"
            else:
                yield node.lineno, module


def breaches(path: Path, source: str | None = None) -> list[str]:
    """The imports in `path` (or in `source`, read as if it were that file) that break a rule."""
    room = room_of(path)
    allowed = ALLOWED_ROOMS[room]
    found = []
    text = path.read_text(encoding="utf-8") if source is None else source
    for line, module in imported(ast.parse(text)):
        top, *rest = module.split(".")
        where = f"{path.relative_to(SRC)}:{line} imports {module}"
        if top == "timeline":
            target = rest[0] if rest else "__init__"
            if target != room and "*" not in allowed and target not in allowed:
                found.append(f"{where}: room {room} may not import {target}")
        elif top in CONTROLLED and room not in CONTROLLED[top]:
            found.append(f"{where}: {top} is not allowed in {room}")
    return found


MODULES = sorted(SRC.rglob("*.py"))


def test_every_module_belongs_to_a_known_room() -> None:
    assert MODULES, SRC
    assert {room_of(p) for p in MODULES} <= set(ALLOWED_ROOMS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_follow_the_room_table(path: Path) -> None:
    assert breaches(path) == []


def test_the_checker_sees_a_breach() -> None:
    """A render module importing typer, the store and sqlite3 is caught (the checker can fail)."""
    source = "import typer\nfrom timeline import store\nimport sqlite3\nimport rich\n"
    found = breaches(SRC / "render" / "fake.py", source)
    assert len(found) == 3
    assert "typer" in found[0] and "may not import store" in found[1] and "sqlite3" in found[2]
    assert breaches(SRC / "cli" / "fake.py", "import click\nfrom timeline import store\n") == [
        "cli/fake.py:1 imports click: click is not allowed in cli"
    ]
