"""The jsonschema-rs peer: validate JSON files against a schema, the way its users call it.

    python peer_jsonschema_rs.py SCHEMA FILE...      (run with bench/.work/peer/bin/python)

jsonschema-rs (Rust) ships no command line; this is the smallest driver: one validator
built from the schema, formats checked (check-jsonschema and ajv-formats check them too),
every error printed, exit 1 when a file is refused and 0 when every one is valid.
"""

import json
import sys

import jsonschema_rs


def main() -> int:
    with open(sys.argv[1], "rb") as f:
        validator = jsonschema_rs.validator_for(json.load(f), validate_formats=True)
    failed = 0
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            doc = json.load(f)
        errors = list(validator.iter_errors(doc))
        for error in errors:
            print(f"{path}: {error.message}")
        failed += bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
