"""Generated data shipped with wmlint (installed as ``wmlint.schemas``).

Files here are written by generators, never by hand:

- ``worker-metadata.schema.json``: ``python -m wmlint.tools.schemagen SPEC -o ...``
- ``compat-flags.json``: ``python -m wmlint.tools.flaggen FLAGS -o ...``
- ``runtime-globals.json``, ``runtime-refused.json``: ``python -m wmlint.tools.runtimegen --workerd BIN ...``
  (the global scope and the operations refused at startup, asked of the workerd binary)
- ``patches/*.json``: hand corrections (RFC 6902) that ``schemagen`` applies in order.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
