"""`timeline parse`: show how the tool understands a date (stub)."""

from __future__ import annotations
