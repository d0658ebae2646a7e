"""Names a package offers but loads on first use (PEP 562): the `__getattr__` and `__dir__`
of `timeline`, `timeline.dates` and `timeline.model`.

A name is looked up in its home module (a submodule of the package) the first time it is asked
for, then kept on the package, so later lookups never come here again.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping


def lazy_names(
    package: str, homes: Mapping[str, str], listed: Iterable[str] = ()
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`: each name of `homes` is loaded from
    `package.<its home>`; `dir()` lists them and `listed` beside what is loaded."""

    def __getattr__(name: str) -> object:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *homes, *listed})

    return __getattr__, __dir__
