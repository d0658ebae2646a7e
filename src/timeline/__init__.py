"""timeline: a command-line event tracker for dated chronologies built from sources.

The package is split into rooms, each importing only the rooms before it:
- `errors`: the exit codes and one `TimelineError` family;
- `dates`: typed dates read into honest bounds, durations (pure, no clock);
- `model`: the frozen value types (`Event`, `Gap`, `Filters`);
- `gaps`: quiet periods and the time between events, as min/max bounds;
- `migrations` and `store`: the schema's history and the only room that touches SQLite;
- `render` and `io`: one module per output or input format;
- `cli`: the typer commands, the only room that prints, exits or reads the clock.
`tests/test_architecture.py` holds each room to its imports.
"""

__version__ = "0.1.0"
