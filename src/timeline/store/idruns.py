"""`IdRuns`: the ids of the records a change created, kept as runs of consecutive ids.

Apart from `timeline.store.history` (which re-exports it) because every `Store` holds one:
opening a store for a listing then loads no history code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class IdRuns:
    """Ids in the order given, kept as runs of consecutive ids (`[first, last]` each): the
    million consecutive source ids an import creates are one run, not a million numbers."""

    def __init__(self) -> None:
        self._runs: list[list[int]] = []
        self._count = 0

    def append(self, new_id: int) -> None:
        self.extend(range(new_id, new_id + 1))

    def extend(self, ids: Iterable[int]) -> None:
        if not isinstance(ids, range) or ids.step != 1:
            for i in ids:
                self.append(i)
            return
        if not ids:
            return
        if self._runs and self._runs[-1][1] + 1 == ids.start:
            self._runs[-1][1] = ids.stop - 1
        else:
            self._runs.append([ids.start, ids.stop - 1])
        self._count += len(ids)

    def runs(self) -> list[list[int]]:
        return [list(run) for run in self._runs]

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[int]:
        for first, last in self._runs:
            yield from range(first, last + 1)
