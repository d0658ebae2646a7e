"""Load: many writers at once (through the `timeline` script and through the store), readers
during an import, and a state machine of add / edit / rm / undo / import against a plain model."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from robust_helpers import BIN, base_env, count_events, event, exported, proc, seed
from timeline.errors import NotFoundError
from timeline.model import Filters
from timeline.store import open_store

# -- many writers --------------------------------------------------------------------------------

CLI_WRITER = """
set -u
for i in $(seq 1 {n}); do
  "$BIN" add "p{p} e$i" --when 2024-01-01 -a "P{p}" >/dev/null || echo "exit $? at $i" >&2
done
"""


def _cli_race(tmp_path: Path, workers: int, each: int) -> None:
    db = tmp_path / "events.db"
    assert proc(db, "init", str(db)).returncode == 0
    env = base_env(db) | {"BIN": BIN}
    procs = [
        subprocess.Popen(
            ["bash", "-c", CLI_WRITER.format(n=each, p=p)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in range(workers)
    ]
    errors = [p.communicate(timeout=600)[1] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert "".join(errors) == "", "".join(errors)[:2000]  # no "database is locked", no failure
    titles = Counter(e["title"] for e in exported(db))
    assert len(titles) == workers * each and set(titles.values()) == {1}
    assert titles == Counter(f"p{p} e{i}" for p in range(workers) for i in range(1, each + 1))


@pytest.mark.slow
def test_8_processes_add_50_events_each_through_the_cli(tmp_path: Path) -> None:
    _cli_race(tmp_path, 8, 50)


def test_4_processes_add_8_events_each_through_the_cli(tmp_path: Path) -> None:
    """The same race, small enough for every run."""
    _cli_race(tmp_path, 4, 8)


def _store_writer(args: tuple[str, int, int]) -> list[float]:
    """`writes` adds through one store; how long each waited for the write lock."""
    path, worker, writes = args
    store = open_store(path, create=False)
    waits = []
    for i in range(writes):
        store.add(event(f"w{worker} #{i}", actors=[f"W{worker}"]))
        waits.append(store.waited)
    store.close()
    return waits


def _burn(stop: float) -> None:
    while time.monotonic() < stop:
        pass


@pytest.mark.slow
def test_20_processes_200_writes_each_through_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under load: four more busy processes than this box has cores, so writers are often
    descheduled while they hold the lock. Every write must still go through."""
    db = tmp_path / "events.db"
    seed(db, 0)
    spawn = multiprocessing.get_context("spawn")
    hogs = [spawn.Process(target=_burn, args=(time.monotonic() + 600,)) for _ in range(4)]
    for hog in hogs:
        hog.start()
    try:
        with spawn.Pool(20) as pool:
            waits = pool.map(_store_writer, [(str(db), w, 200) for w in range(20)])
    finally:
        for hog in hogs:
            hog.terminate()
    flat = sorted(w for each in waits for w in each)
    assert len(flat) == 4000
    store = open_store(db, create=False)
    titles = Counter(e.title for e in store.iter_events(Filters()))
    history = store.conn.execute("SELECT count(*) FROM history WHERE action = 'add'").fetchone()
    store.close()
    assert len(titles) == 4000 and set(titles.values()) == {1} and history[0] == 4000
    with capsys.disabled():
        print(
            f"\n20x200 store writers beside 4 busy processes: 4000 of 4000, 0 lock errors; "
            f"lock wait p50 {flat[2000]:.3f} s, p99 {flat[3960]:.3f} s, max {flat[-1]:.3f} s"
        )


def test_4_processes_store_writes_fast(tmp_path: Path) -> None:
    """The same race, small enough for every run."""
    db = tmp_path / "events.db"
    seed(db, 0)
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        assert sum(map(len, pool.map(_store_writer, [(str(db), w, 25) for w in range(4)]))) == 100
    assert count_events(db) == 100


# -- readers during an import ------------------------------------------------------------------


def test_readers_see_the_count_before_or_after_an_import(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    seed(db, 10)
    rows = 20_000
    csv = tmp_path / "in.csv"
    csv.write_text(
        "title,when\n" + "".join(f"R{i},2024-02-{i % 28 + 1:02d}\n" for i in range(rows))
    )
    importer = subprocess.Popen(
        [BIN, "import", str(csv)], env=base_env(db), stdout=subprocess.PIPE, text=True
    )
    seen: list[int] = []
    while importer.poll() is None or len(seen) < 4:
        listed = proc(db, "list", "-f", "jsonl")
        exported_ = proc(db, "export", "-f", "json")
        assert listed.returncode == 0 and exported_.returncode == 0, listed.stderr
        seen.append(len(listed.stdout.splitlines()))
        seen.append(len(json.loads(exported_.stdout)))
        if importer.poll() is not None and len(seen) >= 4:
            break
    assert importer.wait() == 0
    assert set(seen) <= {10, 10 + rows}, sorted(set(seen))
    assert seen[-1] == 10 + rows


# -- a model-based state machine ---------------------------------------------------------------

TEXT = st.text(  # any text a field can hold (NUL is refused at every entry point)
    st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\x00"),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() != "")
WHEN = st.sampled_from(["2024", "March 2023", "late 2022", "2024-02-29", "1999-12-31", "c. 1850"])


class StoreMachine(RuleBasedStateMachine):
    """The store after any sequence of changes equals a dict of id → (title, when, actors)."""

    def __init__(self) -> None:
        super().__init__()
        self.model: dict[int, tuple[str, str, tuple[str, ...]]] = {}
        self.undo_stack: list[dict[int, tuple[str, str, tuple[str, ...]]]] = []

    @initialize()
    def open(self) -> None:
        import tempfile

        self.folder = tempfile.TemporaryDirectory()
        self.store = open_store(Path(self.folder.name) / "events.db", create=True)

    def teardown(self) -> None:
        self.store.close()
        self.folder.cleanup()

    def _changed(self) -> None:
        """Called after a store change and before the model follows it: keeps the old state."""
        self.undo_stack.append(dict(self.model))

    @rule(title=TEXT, when=WHEN, actors=st.lists(st.sampled_from(["Iran", "iran ", "B"])))
    def add(self, title: str, when: str, actors: list[str]) -> None:
        stored = self.store.add(event(title, when, actors=actors))
        self._changed()
        names = tuple(dict.fromkeys(a.strip() for a in actors))
        self.model[stored.id] = (title, when, names)

    @rule(data=st.data(), title=TEXT)
    def edit(self, data: st.DataObject, title: str) -> None:
        if not self.model:
            return
        event_id = data.draw(st.sampled_from(sorted(self.model)))
        old = self.store.get(event_id)
        from dataclasses import replace

        self.store.update(replace(old, title=title))
        if title == old.title:
            return  # an edit that changes nothing is not recorded, so there is nothing to undo
        self._changed()
        self.model[event_id] = (title, *self.model[event_id][1:])

    @rule(data=st.data())
    def rm(self, data: st.DataObject) -> None:
        if not self.model:
            return
        ids = data.draw(st.lists(st.sampled_from(sorted(self.model)), min_size=1, unique=True))
        self.store.delete(ids)
        self._changed()  # one rm is one change: one undo brings every id back
        for i in ids:
            del self.model[i]

    @rule(ghost=st.integers(min_value=1000, max_value=2**62))
    def rm_unknown_changes_nothing(self, ghost: int) -> None:
        known = sorted(self.model)[:1]
        try:
            self.store.delete([*known, ghost])
        except NotFoundError:
            return
        raise AssertionError("deleting an unknown id succeeded")

    @rule(titles=st.lists(TEXT, min_size=1, max_size=5))
    def import_(self, titles: list[str]) -> None:
        first = self.store.conn.execute(
            "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'events'"
        )
        base = max(first.fetchone()[0], max(self.model, default=0))
        self.store.import_events((event(t, "2020") for t in titles), "batch")
        self._changed()
        for i, t in enumerate(titles, start=base + 1):
            self.model[i] = (t, "2020", ())

    @rule()
    def undo(self) -> None:
        if not self.undo_stack:
            try:
                self.store.undo()
            except NotFoundError:
                return
            raise AssertionError("undo with nothing to undo succeeded")
        self.store.undo()
        self.model = self.undo_stack.pop()  # the state before the change just undone

    @invariant()
    def matches_model(self) -> None:
        if not hasattr(self, "store"):
            return
        got = {e.id: (e.title, e.when, e.actors) for e in self.store.iter_events(Filters())}
        assert got == self.model


StoreMachine.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestStoreMachine = StoreMachine.TestCase


def test_machine_sanity_undo_of_delete_keeps_id(tmp_path: Path) -> None:
    store = open_store(tmp_path / "events.db", create=True)
    a = store.add(event("A", "2024", actors=["X"]))
    store.delete([a.id])
    store.undo()
    assert store.get(a.id) == a
    store.close()
