"""The wrangler configuration's own keys, checked against the pinned wrangler's schema.

``schemas/wrangler-config.schema.json`` is generated from wrangler's ``config-schema.json``
(``python -m wmlint.tools.wranglerschemagen``). Every section is checked, at every depth and
in every ``[env.NAME]``, not only the environment being deployed (wrangler validates only
that one). The severities are wrangler's: a key it does not know is a warning (wrangler
warns "Unexpected fields found in ..." and ignores it); a value of the wrong type, a
missing required field and a removed key are errors (wrangler refuses the configuration).

A problem is a :class:`ConfigProblem`: the code, the key path the user wrote
(``("env", "staging", "kv_namespaces", 0, "id")``), whether the key or the value is meant,
the message in the configuration's words, and a fix for near misses.

>>> [(p.code, render_path(p.path)) for p in check_config({"d1_databases": [{"binding": "DB", "databse_id": "x"}]})]
[('WM020', 'd1_databases[0].databse_id')]
"""

from __future__ import annotations

import datetime as _dt
import json
import threading
from dataclasses import dataclass
from typing import Any

from wmlint.model.diagnostic import Fix

__all__ = ["ConfigProblem", "check_config", "render_path", "schema", "top_level_keys", "environment_keys"]

Path = tuple[Any, ...]

#: How deep a configuration is walked (values below are taken as they are).
MAX_DEPTH = 64
#: How many problems one configuration reports at most.
MAX_PROBLEMS = 500

_LOCK = threading.Lock()
_SCHEMA: dict[str, Any] | None = None


def schema() -> dict[str, Any]:
    """The generated schema (read once, from the package's data)."""
    global _SCHEMA
    if _SCHEMA is None:
        with _LOCK:
            if _SCHEMA is None:
                from wmlint.io.fs import read_trusted
                from wmlint.schemas import DATA_DIR

                _SCHEMA = json.loads(read_trusted(DATA_DIR / "wrangler-config.schema.json", 4 * 1024 * 1024))
    return _SCHEMA


def _definitions() -> dict[str, Any]:
    defs: dict[str, Any] = schema()["definitions"]
    return defs


def top_level_keys() -> dict[str, Any]:
    """The top-level keys of a configuration, with their schemas."""
    props: dict[str, Any] = _definitions()["RawConfig"]["properties"]
    return props


def _top_level_accepted() -> frozenset[str]:
    """Top-level keys that are not ``RawConfig``'s and that wrangler accepts without a warning
    (``configPath``, ``topLevelName``...: the configuration a build generates carries them)."""
    return frozenset(schema().get("x-wmlint-top-level-accepted", ()))


def environment_keys() -> dict[str, Any]:
    """The keys an ``[env.NAME]`` section may hold, with their schemas."""
    props: dict[str, Any] = _definitions()["RawEnvironment"]["properties"]
    return props


@dataclass(frozen=True)
class ConfigProblem:
    code: str
    path: Path
    message: str
    #: the key is meant (an unknown or removed key), not its value
    at_key: bool = False
    fix: Fix | None = None
    severity: str | None = None


def render_path(path: Path) -> str:
    """A key path as the user reads it: ``env.staging.kv_namespaces[0].id``."""
    out = ""
    for k in path:
        if isinstance(k, int):
            out += f"[{k}]"
        else:
            text = str(k)
            plain = text.replace("_", "").replace("-", "").isalnum() and text.isascii()
            piece = text if plain else json.dumps(text)
            out += f".{piece}" if out else piece
    return out or "(top level)"


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, (_dt.date, _dt.time)):  # a TOML date or time, written without quotes
        return "date"
    return type(value).__name__


def _type_ok(value: Any, wanted: Any) -> bool:
    kinds = wanted if isinstance(wanted, list) else [wanted]
    actual = _type_of(value)
    for k in kinds:
        if k == actual or (k == "number" and actual == "integer"):
            return True
        if k == "integer" and actual == "number" and float(value).is_integer():
            return True
    return False


def _quotable(value: str) -> bool:
    """May this string be quoted in a message? Not when it may be a secret, or is long or unprintable."""
    from wmlint.analysis.secrets import credential_kind, high_entropy

    return len(value) <= 60 and value.isprintable() and not credential_kind(value) and not high_entropy(value)


def _describe(value: Any) -> str:
    kind = _type_of(value)
    if kind == "date":
        return f"a TOML date ({value.isoformat()}), which is not a string"
    if kind in ("object", "array"):
        return f"an {kind}" if kind == "object" else "an array"
    if isinstance(value, str) and not _quotable(value):
        return f"a string of {len(value)} characters"  # never echoed: it may be a secret
    text = json.dumps(value, ensure_ascii=True, default=str)
    return f"the {kind} {text}"


def _resolve(node: Any) -> dict[str, Any]:
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 32:
        node = _definitions()[node["$ref"].rsplit("/", 1)[1]]
        seen += 1
    return node if isinstance(node, dict) else {}


def _types(node: dict[str, Any]) -> list[str]:
    """The JSON types a schema node admits (its branches' for anyOf)."""
    node = _resolve(node)
    if "type" in node:
        t = node["type"]
        return list(t) if isinstance(t, list) else [t]
    if "const" in node:
        return [_type_of(node["const"])]
    if "enum" in node:
        return sorted({_type_of(v) for v in node["enum"]})
    out: list[str] = []
    for key in ("anyOf", "oneOf"):
        for branch in node.get(key, []):
            out += [t for t in _types(branch) if t not in out]
    return out


class _Walk:
    def __init__(self) -> None:
        self.problems: list[ConfigProblem] = []

    def add(self, problem: ConfigProblem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def walk(self, value: Any, node: Any, path: Path, depth: int) -> None:
        if depth > MAX_DEPTH or len(self.problems) >= MAX_PROBLEMS:
            return
        node = _resolve(node)
        branches = node.get("anyOf") or node.get("oneOf")
        if branches:
            fitting = [b for b in branches if not _types(b) or any(_type_ok(value, t) for t in _types(b))]
            if not fitting:
                self.add(_wrong_type(path, value, _types(node)))
                return
            # one walk per branch of the right type: clean in one of them is clean; otherwise the branch
            # that comes closest explains (the fewest problems, a misspelt key counting less). Only the
            # branches of the value's type are walked, so nested anyOf (vars' JSON) stays linear.
            best: tuple[float, list[ConfigProblem]] | None = None
            for b in fitting:
                probe = _Walk()
                probe.walk(value, b, path, depth + 1)
                if not probe.problems:
                    return
                score = sum(0.5 if p.fix is not None else 1.0 for p in probe.problems)
                if best is None or score < best[0]:
                    best = (score, probe.problems)
            for p in best[1] if best else []:
                self.add(p)
            return
        if "type" in node and not _type_ok(value, node["type"]):
            self.add(_wrong_type(path, value, _types(node)))
            return
        if "const" in node and value != node["const"]:
            self.add(ConfigProblem("WM022", path, f"{render_path(path)} must be {json.dumps(node['const'])}, "
                                                  f"not {_describe(value)}"))
            return
        if "enum" in node and value not in node["enum"]:
            self.add(_not_in_enum(path, value, node["enum"]))
            return
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            low, high = node.get("minimum"), node.get("maximum")
            if (low is not None and value < low) or (high is not None and value > high):
                bound = f"at least {low}" if low is not None and value < low else f"at most {high}"
                self.add(ConfigProblem("WM022", path, f"{render_path(path)} must be {bound}, not {value}"))
                return
        if isinstance(value, dict):
            self.object(value, node, path, depth)
        elif isinstance(value, list) and isinstance(node.get("items"), dict):
            for i, item in enumerate(value):
                self.walk(item, node["items"], path + (i,), depth + 1)

    def object(self, value: dict[str, Any], node: dict[str, Any], path: Path, depth: int) -> None:
        props: dict[str, Any] = node.get("properties", {})
        extra = node.get("additionalProperties", True)
        missing = [key for key in node.get("required", []) if key not in value]
        for key, item in value.items():
            sub = props.get(key)
            if sub is not None:
                if isinstance(sub, dict) and sub.get("deprecated"):
                    self.add(ConfigProblem("WM025", path + (key,), f"{render_path(path + (key,))} is deprecated: "
                                                                   f"{sub['deprecated']}", at_key=True))
                self.walk(item, sub, path + (key,), depth + 1)
            elif isinstance(extra, dict):
                self.walk(item, extra, path + (key,), depth + 1)
            elif extra is False and not path and key in _top_level_accepted():
                continue  # a key of the configuration wrangler builds (a build's generated file has them)
            elif extra is False:
                problem = _unknown_key(path, key, props, value)
                if problem.fix is not None and problem.fix.new in missing:  # the misspelling of a required key
                    missing.remove(problem.fix.new)
                    problem = ConfigProblem(problem.code, problem.path, problem.message + f" Without it the entry has "
                                            f"no {problem.fix.new!r}, which wrangler requires", True, problem.fix,
                                            "error")
                self.add(problem)
        for key in missing:
            self.add(ConfigProblem("WM023", path, f"{render_path(path)} has no {key!r}, which wrangler requires"
                                                  + _required_hint(path, key), at_key=bool(path)))


def _required_hint(path: Path, key: str) -> str:
    return "" if not path else f"; add {key!r} to this entry"


def _wrong_type(path: Path, value: Any, wanted: list[str]) -> ConfigProblem:
    names = [{"array": "an array", "object": "a table/object", "integer": "an integer"}.get(t, f"a {t}")
             for t in wanted] or ["another type"]
    expected = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    hint = ""
    if _type_of(value) == "date":
        hint = f'; quote it: "{value.isoformat()}"'
    elif isinstance(value, str) and "array" in wanted and _quotable(value):
        hint = f"; write it as a list: [{json.dumps(value)}]"
    fix = Fix(value.isoformat(), value.isoformat(), "quote the date") if _type_of(value) == "date" else None
    return ConfigProblem("WM021", path, f"{render_path(path)} must be {expected}, not {_describe(value)}{hint}",
                         fix=fix)


def _not_in_enum(path: Path, value: Any, allowed: list[Any]) -> ConfigProblem:
    from wmlint.analysis.suggest import closest

    options = ", ".join(json.dumps(a) for a in allowed)
    guess = closest(value, [a for a in allowed if isinstance(a, str)]) if isinstance(value, str) else None
    message = f"{render_path(path)} is {_describe(value)}; wrangler accepts {options}"
    fix = None
    if guess is not None:
        message += f"; did you mean {json.dumps(guess)}?"
        fix = Fix(value, guess, f"replace with {json.dumps(guess)}")
    return ConfigProblem("WM022", path, message, fix=fix)


def _unknown_key(path: Path, key: str, props: dict[str, Any], value: dict[str, Any]) -> ConfigProblem:
    from wmlint.analysis.suggest import near_miss

    where = render_path(path) if path else "the top level"
    full = path + (key,)
    # a top-level-only key written in an environment
    if len(path) == 2 and path[0] == "env" and key in top_level_keys() and key not in environment_keys():
        return ConfigProblem("WM020", full, f"{key!r} is a top-level key: wrangler ignores it in [{render_path(path)}] "
                                            "(\"Unexpected fields found\"); move it to the top level", at_key=True)
    guess = near_miss(key, props)
    message = f"unexpected key {key!r} in {where}: wrangler ignores it (\"Unexpected fields found in ...\")"
    fix = None
    if guess is not None and guess not in value:
        message += f"; did you mean {guess!r}?"
        fix = Fix(key, guess, f"rename to {guess!r}")
    return ConfigProblem("WM020", full, message, at_key=True, fix=fix)


def _removed(raw: dict[str, Any]) -> list[ConfigProblem]:
    """The keys wrangler refuses or deprecates by name (from its validation, see the generator)."""
    out: list[ConfigProblem] = []
    scopes = _scopes(raw)
    for entry in schema().get("x-wmlint-removed", []):
        keys = tuple(entry["field"].split("."))
        for base, section in scopes:
            if entry["level"] == "top" and base:
                continue
            here: Any = section
            for k in keys:
                here = here.get(k, _MISSING) if isinstance(here, dict) else _MISSING
            if here is _MISSING:
                continue
            code = "WM024" if entry["severity"] == "error" else "WM025"
            verb = "no longer supported" if entry["title"] == "Removed" else "deprecated"
            text = entry["message"] or f"{entry['field']} is {verb}"
            out.append(ConfigProblem(code, base + keys, f"{render_path(base + keys)} is {verb} (wrangler: {text!r}); "
                                                        "remove it", at_key=True))
    return out


_MISSING = object()


def _scopes(raw: dict[str, Any]) -> list[tuple[Path, dict[str, Any]]]:
    """The top level and every environment section."""
    scopes: list[tuple[Path, dict[str, Any]]] = [((), raw)]
    envs = raw.get("env")
    if isinstance(envs, dict):
        scopes += [(("env", name), section) for name, section in envs.items() if isinstance(section, dict)]
    return scopes


def _not_inherited(raw: dict[str, Any]) -> list[ConfigProblem]:
    """Keys the top level has and an environment lacks, that the environment does not inherit
    (wrangler warns: "... exists at the top level, but not on env.NAME"), and top-level vars
    missing from an environment's own vars."""
    out: list[ConfigProblem] = []
    envs = raw.get("env")
    if not isinstance(envs, dict):
        return out
    keys = [k for k in schema().get("x-wmlint-not-inherited", []) if raw.get(k) is not None]
    for name, section in envs.items():
        if not isinstance(section, dict):
            continue
        where = render_path(("env", name))
        shown = render_path((name,))  # never the raw name: it may hold control characters
        missing = [k for k in keys if k not in section]
        if missing:
            listed = ", ".join(missing)
            out.append(ConfigProblem("WM028", ("env", name), f"[{where}] does not inherit {listed} from the top level, "
                                     f"and does not set {'it' if len(missing) == 1 else 'them'}: a deploy with --env "
                                     f"{shown} has none; repeat {'it' if len(missing) == 1 else 'them'} in [{where}] "
                                     "(or set an empty value to say none is meant)", at_key=True))
        top_vars, env_vars = raw.get("vars"), section.get("vars")
        if isinstance(top_vars, dict) and isinstance(env_vars, dict):
            gone = [v for v in top_vars if v not in env_vars]
            if gone:
                listed = ", ".join(repr(v) for v in gone[:10]) + (" ..." if len(gone) > 10 else "")
                out.append(ConfigProblem("WM028", ("env", name, "vars"), f"[{where}.vars] lacks the top-level "
                                         f"vars {listed}: vars are not inherited, so a deploy with --env {shown} has "
                                         "no such binding; repeat them", at_key=True))
    return out


def _names(raw: dict[str, Any]) -> list[ConfigProblem]:
    """A Worker ``name`` and R2 bucket names that wrangler refuses (its own patterns, read by the
    schema generator; both are linear, and the names are short)."""
    from wmlint.model import regex

    patterns = schema().get("x-wmlint-name-patterns", {})
    out: list[ConfigProblem] = []
    # read from the pinned wrangler, so run on RE2: linear whatever the generator finds there
    worker = regex.linear(patterns["name"]) if "name" in patterns else None
    bucket = regex.linear(patterns["bucket_name"]) if "bucket_name" in patterns else None
    for base, section in _scopes(raw):
        name = section.get("name")
        if worker is not None and isinstance(name, str) and (len(name) > 255 or not worker.search(name)):
            out.append(ConfigProblem("WM022", base + ("name",), f"{render_path(base + ('name',))} is {_describe(name)}: "
                                     "wrangler refuses it (\"alphanumeric and lowercase with dashes only\"); use "
                                     "lowercase letters, digits, dashes and underscores"))
        buckets = section.get("r2_buckets")
        for j, entry in enumerate(buckets if isinstance(buckets, list) and bucket is not None else []):
            for key in ("bucket_name", "preview_bucket_name"):
                value = entry.get(key) if isinstance(entry, dict) else None
                if isinstance(value, str) and bucket is not None and (len(value) > 255 or not bucket.search(value)):
                    where = base + ("r2_buckets", j, key)
                    out.append(ConfigProblem("WM022", where, f"{render_path(where)} is {_describe(value)}: wrangler "
                                             "refuses it; a bucket name is 3 to 63 lowercase letters, digits and "
                                             "dashes, starting and ending with a letter or digit"))
    return out


def _semantics(raw: dict[str, Any]) -> list[ConfigProblem]:
    """What the schema cannot say: migration tags that repeat, module rules that never apply,
    bindings an environment does not inherit, names wrangler refuses."""
    out: list[ConfigProblem] = _not_inherited(raw) + _names(raw)
    for base, section in _scopes(raw):
        migrations = section.get("migrations")
        if isinstance(migrations, list):
            first: dict[str, int] = {}
            for j, step in enumerate(migrations):
                tag = step.get("tag") if isinstance(step, dict) else None
                if not isinstance(tag, str):
                    continue
                if tag in first:
                    where = render_path(base + ("migrations", first[tag], "tag"))
                    out.append(ConfigProblem("WM026", base + ("migrations", j, "tag"),
                                             f"migration tag {json.dumps(tag, ensure_ascii=True)} is also the tag of {where}: "
                                             "wrangler uploads the steps after the first migration whose tag is the "
                                             "Worker's current one, so once this one is applied the next deploy "
                                             "applies it again; give every migration its own tag"))
                else:
                    first[tag] = j
        rules = section.get("rules")
        if isinstance(rules, list):
            done: dict[str, int] = {}
            for j, rule in enumerate(rules):
                if not isinstance(rule, dict) or not isinstance(rule.get("type"), str):
                    continue
                kind = rule["type"]
                if kind in done:
                    out.append(ConfigProblem("WM027", base + ("rules", j),
                                             f"{render_path(base + ('rules', j))} is never used: "
                                             f"{render_path(base + ('rules', done[kind]))} has the same type "
                                             f"({json.dumps(kind, ensure_ascii=True)}) and no `fallthrough = true`, so "
                                             "wrangler drops this rule (\"the following rules will be ignored\"); "
                                             "merge its globs into the first rule, or set fallthrough = true there",
                                             at_key=True))
                elif rule.get("fallthrough") is not True:
                    done[kind] = j
    return out


def check_config(raw: dict[str, Any]) -> list[ConfigProblem]:
    """Every problem of a configuration's keys and values, in every environment."""
    removed = _removed(raw)
    gone = {p.path for p in removed}
    walk = _Walk()
    definitions = _definitions()
    walk.walk({k: v for k, v in raw.items() if (k,) not in gone and k != "env"}, definitions["RawConfig"], (), 0)
    envs = raw.get("env")
    if envs is not None and not isinstance(envs, dict):
        walk.add(_wrong_type(("env",), envs, ["object"]))
    elif isinstance(envs, dict):
        for name, section in envs.items():
            if not isinstance(section, dict):
                walk.add(_wrong_type(("env", name), section, ["object"]))
                continue
            kept = {k: v for k, v in section.items() if ("env", name, k) not in gone}
            walk.walk(kept, definitions["RawEnvironment"], ("env", name), 1)
    return removed + walk.problems + _semantics(raw)
