"""timeline: a command-line event tracker for dated chronologies built from sources.

The package is split into rooms (see the README's architecture section): `dates` reads typed
dates into honest bounds, `store` keeps events in SQLite, `gaps` measures quiet periods,
`render` and `io` turn results into text and files, and `cli` is the only room that prints.
"""

__version__ = "0.1.0"
