"""Code generated from the schema; never edit it by hand (``python -m wmlint.tools.fastcheck --write``)."""
