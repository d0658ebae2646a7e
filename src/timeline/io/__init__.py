"""Import readers, one module per format; `timeline.io.registry` holds the explicit registry.

This package file imports nothing, so that `timeline.io.records` (which `add` and `edit` use
to check fields) does not load every reader.
"""
