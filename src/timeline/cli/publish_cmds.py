"""`timeline publish DIR` and `timeline serve`: the chronology for a team, through Datasette.

Decisions encoded here:
- `publish` prints where it wrote and how to serve it (stdout); the work is `tl.publish`.
- `serve` prints the URL on stdout (data: a script can read it) and its talk on stderr, where
  Datasette's own log goes too. Ctrl-C (or SIGTERM) stops Datasette, removes the temporary
  folder and exits 0: stopping is how a server ends. `--open` opens the URL in the browser
  (`webbrowser`, which honours $BROWSER).
- Datasette is never imported here: it runs as its own process (`timeline.api.serve`).
"""

from __future__ import annotations

import shlex
import signal
import sys
from typing import Annotated, Any

import typer

from timeline.cli.app import command, timeline_of
from timeline.render.safe import inert

TitleOpt = Annotated[
    str | None,
    typer.Option("--title", metavar="TEXT", help="Title of the site (default: Chronology)."),
]


@command("publish")
def publish(
    ctx: typer.Context,
    folder: Annotated[str, typer.Argument(metavar="DIR", help="Folder to write (created).")],
    title: TitleOpt = None,
) -> None:
    """Write a snapshot for Datasette into DIR: timeline.db, metadata.json and a README.

    The snapshot is a consistent copy with a `chronology` view (actors and tags as arrays,
    bounds, year and month columns), the tool's gaps (overall, per actor, per category) and
    every stored claim's verdict, computed now. The metadata describes every column, sets the
    facets and canned queries and hides the internal tables; its title, description, licence
    and source are yours to fill in, and publishing again keeps them.

    \b
    Example:
      timeline publish site/ && datasette serve -i site/timeline.db -m site/metadata.json
    """
    with timeline_of(ctx) as tl:
        done = tl.publish(folder, title=title)
    db, meta = (shlex.quote(str(p)) for p in (done.database, done.metadata))
    claims = "1 claim" if done.claims == 1 else f"{done.claims} claims"
    print(
        f"published {done.events} events, {done.gaps} gaps and {claims} to "
        f"{inert(str(done.folder))}; serve it with: datasette serve -i {inert(db)} -m {inert(meta)}"
    )


@command("serve")
def serve(
    ctx: typer.Context,
    port: Annotated[
        int, typer.Option("--port", "-p", metavar="N", help="Port (0: any free one).")
    ] = 8001,
    host: Annotated[str, typer.Option("--host", metavar="HOST", help="Address to listen on.")] = (
        "127.0.0.1"
    ),
    open_: Annotated[bool, typer.Option("--open", help="Open it in the web browser.")] = False,
    title: TitleOpt = None,
) -> None:
    """Serve the chronology read-only with Datasette until Ctrl-C.

    Publishes to a temporary folder (as `timeline publish`) and runs Datasette on it, opened
    immutable: nothing can write past the history and undo. Ctrl-C stops it and removes the
    folder. Needs Datasette, the `serve` extra (in a checkout: `pip install -e '.[serve]'`).

    \b
    Example:
      timeline serve --port 8001 --open
    """
    with (
        timeline_of(ctx) as tl,
        tl.serve(host=host, port=port, title=title, log=sys.stderr) as server,
    ):
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            print(server.page, flush=True)
            count = server.published.events if server.published else 0
            sys.stderr.write(f"serving {count} events read-only at {server.url}; Ctrl-C stops it\n")
            sys.stderr.flush()
            if open_:
                import webbrowser

                webbrowser.open(server.page)
            code = server.wait()  # Datasette ended by itself
        except KeyboardInterrupt:
            code = 0
        finally:
            signal.signal(signal.SIGTERM, previous)
    sys.stderr.write("stopped\n")
    if code:
        raise typer.Exit(code)


def _interrupt(signum: int, frame: Any) -> None:
    """SIGTERM stops the server as Ctrl-C does."""
    raise KeyboardInterrupt
