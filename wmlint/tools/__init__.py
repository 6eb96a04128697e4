"""Build tools, run from a checkout and not shipped in the wheel: the schema and flag-table
generators, the fast-check writer, the rule reference writer and JSON Patch."""
