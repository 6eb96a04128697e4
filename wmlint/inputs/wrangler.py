"""Read a wrangler configuration (``wrangler.toml``, ``wrangler.json``, ``wrangler.jsonc``) as the
upload that ``wrangler deploy`` would send.

The translation follows what the pinned wrangler (4.164.0) does: its environment rules
(``--env NAME``: which keys an environment inherits from the top level and which it must
repeat), its binding sections and their metadata shapes (``createWorkerUploadForm``), and
the fields it sends on every deploy (``bindings``, ``compatibility_flags``,
``keep_bindings`` for secrets, ``code_update_strategy``). ``tests/test_wrangler_config.py``
compares the translation with what wrangler uploaded for every project of the real-client
corpus; the differences it allows are values that wrangler resolves from the account.

Every metadata pointer remembers the configuration key it came from, so findings point at
the line and column the user wrote (``ConfigDocument``); the metadata pointer stays in the
finding as extra information.

Part checks need the bundle, which wmlint does not build. For a ``no_bundle`` project the
modules are read as wrangler would upload them (the main module and, unless
``find_additional_modules = false``, the files wrangler's module rules match under
``base_dir``, their source maps, a Python Worker's ``python_modules/``). The upload format
is decided as wrangler decides it, from the entry's exports. For a bundled
project the main module's own source stands in for the bundle, and only the checks that
read its exports run on it (Durable Object and Workflow classes, handlers); the loader says
so once.
"""

from __future__ import annotations

import sys
import functools
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from wmlint.inputs.ignore import ignore_predicate, local_secret_file
from wmlint.io import fs
from wmlint.model import regex
from wmlint.model.diagnostic import Diagnostic, finding
from wmlint.model.upload import Part, SourceProject
from wmlint.source.configtext import TomlLocator, strip_jsonc
from wmlint.source.document import Document, parse_metadata
from wmlint.source.positions import Span

__all__ = ["CONFIG_NAMES", "DEPLOY_CONFIG", "Redirect", "find_redirect", "Translation", "ConfigDocument", "load_wrangler", "translate", "resolve_env",
           "BUNDLE_FREE_CODES", "SOURCE_GRAPH_CODES"]

CONFIG_NAMES = ("wrangler.json", "wrangler.jsonc", "wrangler.toml")
_TOML_ERROR_AT = regex.searched(r"\(at line (\d+), column (\d+)\)")

#: Keys an environment does not inherit from the top level (wrangler's ``notInheritable``):
#: an environment that needs them repeats them. ``tests/test_wrangler_keys.py`` checks this
#: against the list the schema generator reads from the pinned wrangler (``logfwdr`` is inherited).
NOT_INHERITED = frozenset("""
vars secrets define durable_objects workflows kv_namespaces cloudchamber containers send_email queues connect
vectorize ai_search_namespaces ai_search agent_memory hyperdrive services analytics_engine_datasets
dispatch_namespaces mtls_certificates tail_consumers streaming_tail_consumers unsafe browser analytics ai images
stream media pipelines secrets_store_secrets artifacts unsafe_hello_world flagship worker_loaders ratelimits
vpc_services vpc_networks version_metadata r2_buckets d1_databases k2
""".split())
#: Keys only the top level may set (wrangler ignores them in an environment; an environment's
#: own ``migrations`` replace the top level's). Checked against the pinned wrangler's schema.
TOP_LEVEL_ONLY = frozenset({"$schema", "env", "pages_build_output_dir", "send_metrics", "dependencies_instrumentation",
                            "dev", "site", "wasm_modules", "text_blobs", "data_blobs", "alias", "keep_vars",
                            "addresses"})

#: Binding sections: (config key, subkey or None, metadata type, name field, {metadata field: config field}).
#: The order is wrangler's (the order of the ``bindings`` array it sends).
LIST_SECTIONS: list[tuple[str, str | None, str, str, dict[str, str]]] = [
    ("kv_namespaces", None, "kv_namespace", "binding", {"namespace_id": "id"}),
    ("send_email", None, "send_email", "name", {"allowed_sender_addresses": "allowed_sender_addresses",
                                               "destination_address": "destination_address",
                                               "allowed_destination_addresses": "allowed_destination_addresses"}),
    ("durable_objects", "bindings", "durable_object_namespace", "name",
     {"class_name": "class_name", "script_name": "script_name", "environment": "environment"}),
    ("workflows", None, "workflow", "binding", {"workflow_name": "name", "class_name": "class_name",
                                                "script_name": "script_name"}),
    ("queues", "producers", "queue", "binding", {"queue_name": "queue", "delivery_delay": "delivery_delay"}),
    ("r2_buckets", None, "r2_bucket", "binding", {"bucket_name": "bucket_name", "jurisdiction": "jurisdiction"}),
    ("d1_databases", None, "d1", "binding", {"id": "database_id"}),
    ("vectorize", None, "vectorize", "binding", {"index_name": "index_name"}),
    ("ai_search_namespaces", None, "ai_search_namespace", "binding", {"namespace": "namespace"}),
    ("ai_search", None, "ai_search", "binding", {"instance_name": "instance_name"}),
    ("agent_memory", None, "agent_memory", "binding", {"namespace": "namespace"}),
    ("hyperdrive", None, "hyperdrive", "binding", {"id": "id"}),
    ("secrets_store_secrets", None, "secrets_store_secret", "binding", {"store_id": "store_id",
                                                                        "secret_name": "secret_name"}),
    ("artifacts", None, "artifacts", "binding", {"namespace": "namespace"}),
    ("unsafe_hello_world", None, "unsafe_hello_world", "binding", {"enable_timer": "enable_timer"}),
    ("flagship", None, "flagship", "binding", {"app_id": "app_id"}),
    ("ratelimits", None, "ratelimit", "name", {"namespace_id": "namespace_id", "simple": "simple"}),
    ("vpc_services", None, "vpc_service", "binding", {"service_id": "service_id"}),
    ("vpc_networks", None, "vpc_network", "binding", {"tunnel_id": "tunnel_id", "network_id": "network_id"}),
    ("services", None, "service", "binding", {"service": "service", "cross_account_grant": "cross_account_grant",
                                              "environment": "environment", "entrypoint": "entrypoint",
                                              "props": "props"}),
    ("analytics_engine_datasets", None, "analytics_engine", "binding", {"dataset": "dataset"}),
    ("dispatch_namespaces", None, "dispatch_namespace", "binding", {"namespace": "namespace"}),
    ("mtls_certificates", None, "mtls_certificate", "binding", {"certificate_id": "certificate_id"}),
    ("pipelines", None, "pipelines", "binding", {"stream": "stream", "pipeline": "pipeline"}),
    ("k2", None, "k2", "binding", {"stream": "stream"}),
    ("worker_loaders", None, "worker_loader", "binding", {}),
    ("logfwdr", "bindings", "logfwdr", "name", {"destination": "destination"}),
]
#: Sections that hold one binding: (config key, metadata type, {metadata field: config field}).
SINGLE_SECTIONS: list[tuple[str, str, dict[str, str]]] = [
    ("browser", "browser", {}), ("analytics", "analytics", {}), ("ai", "ai", {"staging": "staging"}),
    ("images", "images", {}), ("stream", "stream", {}), ("media", "media", {}),
    ("version_metadata", "version_metadata", {}),
]

#: Codes that read only the main module's exports: with a bundled project the main source
#: stands in for the bundle for these, and every other part check is left to the bundle.
BUNDLE_FREE_CODES = frozenset({"WM313", "WM314", "WM506"})
#: Codes that read a bundled project's source graph (its modules stand for the bundle's).
SOURCE_GRAPH_CODES = BUNDLE_FREE_CODES | frozenset({"WM306", "WM310", "WM311", "WM330", "WM331", "WM332", "WM333",
                                                           "WM336"})
#: The entries whose source graph wmlint builds (JavaScript and TypeScript, as esbuild loads them).
SOURCE_SUFFIXES = frozenset({".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"})

#: wrangler's default module rules (``DEFAULT_MODULE_RULES``), after the configuration's.
_DEFAULT_RULES = [("Text", ["**/*.txt", "**/*.html", "**/*.sql"]), ("Data", ["**/*.bin"]),
                  ("CompiledWasm", ["**/*.wasm", "**/*.wasm?module"])]
#: The content type wrangler uploads a module of each rule type with.
_MODULE_TYPES = {"ESModule": "application/javascript+module", "CommonJS": "application/javascript",
               "Text": "text/plain", "Data": "application/octet-stream", "CompiledWasm": "application/wasm",
               "PythonModule": "text/x-python", "PythonRequirement": "text/x-python-requirement"}


ConfigPath = tuple[Any, ...]


@dataclass
class Translation:
    """The metadata wrangler would send, where each pointer came from, and what was left out."""

    metadata: dict[str, Any]
    #: metadata pointer -> configuration key path (("kv_namespaces", 0, "id"))
    origins: dict[str, ConfigPath] = field(default_factory=dict)
    #: things the translation could not decide without the account or the bundle
    notes: list[tuple[ConfigPath, str]] = field(default_factory=list)
    main: str | None = None
    no_bundle: bool = False
    base_dir: str | None = None
    rules: list[Any] = field(default_factory=list)
    find_additional_modules: bool = False
    assets_directory: ConfigPath | None = None
    #: a service worker's wasm_modules, text_blobs and data_blobs: part name -> (file, content type)
    blobs: dict[str, tuple[str, str]] = field(default_factory=dict)
    python: bool = False
    #: ``upload_source_maps`` as given (None: not said, and wrangler uploads the maps it finds)
    upload_source_maps: bool | None = None
    #: ``python_modules.exclude``: the vendored files wrangler leaves out
    python_excludes: list[str] = field(default_factory=list)
    #: the configuration's directory, relative to the tree (wrangler's project root), for ``python_modules``
    project_root: str = "."
    #: what steers the bundler: ``alias``, ``define``, ``tsconfig`` (as the configuration gives them)
    alias: dict[str, str] = field(default_factory=dict)
    define: dict[str, str] = field(default_factory=dict)
    tsconfig: str | None = None


def resolve_env(data: dict[str, Any], env: str | None) -> tuple[dict[str, Any], dict[str, ConfigPath]]:
    """The effective configuration for ``env`` and, for each key, the path it was read from."""
    if not env:
        return {k: v for k, v in data.items() if k != "env"}, {k: (k,) for k in data if k != "env"}
    envs = data.get("env")
    section = envs.get(env) if isinstance(envs, dict) else None
    if not isinstance(section, dict):
        raise KeyError(env)
    out: dict[str, Any] = {}
    where: dict[str, ConfigPath] = {}
    for key, value in data.items():
        if key == "env" or key in NOT_INHERITED:
            continue
        out[key], where[key] = value, (key,)
    for key, value in section.items():
        if key in TOP_LEVEL_ONLY:
            continue
        out[key], where[key] = value, ("env", env, key)
    return out, where


def translate(data: dict[str, Any], where: dict[str, ConfigPath], *,
              entry_exports: set[str] | None = None) -> Translation:
    """The metadata of a first ``wrangler deploy`` of this (environment-resolved) configuration.

    ``entry_exports`` are the names the main module exports, when it could be read: wrangler
    decides the upload format from them (a ``default`` export makes an ES module Worker,
    anything else a service worker)."""
    meta: dict[str, Any] = {}
    tr = Translation(meta)
    origins = tr.origins

    def at(key: str, *rest: Any) -> ConfigPath:
        return where.get(key, (key,)) + tuple(rest)

    main = data.get("main")
    tr.no_bundle = data.get("no_bundle") is True
    tr.main = main if isinstance(main, str) else None
    base = data.get("base_dir")
    tr.base_dir = base if isinstance(base, str) else (str(PurePosixPath(tr.main).parent) if tr.main else None)
    rules = data.get("rules")
    tr.rules = rules if isinstance(rules, list) else []
    tr.find_additional_modules = data.get("find_additional_modules") is True
    for key in ("alias", "define"):
        value = data.get(key)
        if isinstance(value, dict):
            setattr(tr, key, {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)})
    tr.tsconfig = data.get("tsconfig") if isinstance(data.get("tsconfig"), str) else None
    if tr.no_bundle:  # wrangler's noBundleWorker collects the additional modules unless told not to
        tr.find_additional_modules = data.get("find_additional_modules") is not False
    if tr.main is not None and tr.main.endswith(".py"):  # wrangler uploads a Python Worker's modules as they are
        tr.python = tr.no_bundle = True
        tr.find_additional_modules = data.get("find_additional_modules") is not False
    usm = data.get("upload_source_maps")
    tr.upload_source_maps = usm if isinstance(usm, bool) else None
    pm = data.get("python_modules")
    excl = pm.get("exclude") if isinstance(pm, dict) else None
    tr.python_excludes = [g for g in excl if isinstance(g, str)] if isinstance(excl, list) else ["**/*.pyc"]
    assets = data.get("assets") if isinstance(data.get("assets"), dict) else None
    service_worker = _is_service_worker(data, entry_exports, tr.python)

    if tr.main is None and assets is not None:  # an assets-only Worker
        meta["assets"] = {"jwt": ASSETS_JWT_PLACEHOLDER, "config": _asset_config(assets, at, origins, "/assets/config")}
        origins["/assets"] = at("assets")
        tr.assets_directory = at("assets", "directory")
        _compat(data, meta, at, origins)
        return tr

    if tr.main is not None:
        name = _module_name(tr.main, tr.base_dir, tr.no_bundle)
        meta["body_part" if service_worker else "main_module"] = name
        origins["/body_part" if service_worker else "/main_module"] = at("main")
    bindings: list[dict[str, Any]] = []
    meta["bindings"] = bindings
    origins["/bindings"] = ()

    def add(binding: dict[str, Any], origin: ConfigPath, fields: dict[str, ConfigPath]) -> None:
        i = len(bindings)
        bindings.append(binding)
        origins[f"/bindings/{i}"] = origin
        for mkey, cpath in fields.items():
            origins[f"/bindings/{i}/{mkey}"] = cpath

    vars_ = data.get("vars")
    if isinstance(vars_, dict):
        for k, v in vars_.items():
            if isinstance(v, str):
                add({"name": k, "type": "plain_text", "text": v}, at("vars", k),
                    {"name": at("vars", k), "text": at("vars", k)})
        for k, v in vars_.items():
            if not isinstance(v, str):
                add({"name": k, "type": "json", "json": v}, at("vars", k), {"name": at("vars", k), "json": at("vars", k)})
    for key, sub, mtype, name_key, mapping in LIST_SECTIONS:
        section = data.get(key)
        entries = section.get(sub) if sub is not None and isinstance(section, dict) else section
        if not isinstance(entries, list):
            continue
        for j, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            base_path = at(key, sub, j) if sub is not None else at(key, j)
            binding: dict[str, Any] = {"name": entry.get(name_key), "type": mtype}
            fields: dict[str, ConfigPath] = {"name": base_path + (name_key,), "type": base_path}
            for mkey, ckey in mapping.items():
                if ckey in entry and entry[ckey] is not None:
                    binding[mkey] = entry[ckey]
                    fields[mkey] = base_path + (ckey,)
            if mtype == "dispatch_namespace" and isinstance(entry.get("outbound"), dict):
                ob = entry["outbound"]
                binding["outbound"] = {"worker": {k: ob[k] for k in ("service", "environment") if k in ob}}
                if isinstance(ob.get("parameters"), list):
                    binding["outbound"]["params"] = [{"name": p} for p in ob["parameters"]]
                fields["outbound"] = base_path + ("outbound",)
            missing = _resolved_from_account(mtype, binding)
            if missing:
                tr.notes.append((base_path, f"{mtype} binding {binding['name']!r} has no {missing}: wrangler "
                                            "provisions or looks it up from the account at deploy, so it is not "
                                            "checked here"))
                continue
            add(binding, base_path, fields)
    if service_worker:
        for key, mtype in (("wasm_modules", "wasm_module"), ("text_blobs", "text_blob"), ("data_blobs", "data_blob")):
            section = data.get(key)
            if isinstance(section, dict):
                for k, file in section.items():
                    add({"name": k, "type": mtype, "part": k}, at(key, k), {"name": at(key, k)})
                    if isinstance(file, str):
                        tr.blobs[k] = (file, {"wasm_module": "application/wasm", "text_blob": "text/plain",
                                              "data_blob": "application/octet-stream"}[mtype])
    for key, mtype, mapping in SINGLE_SECTIONS:
        entry = data.get(key)
        if isinstance(entry, dict) and "binding" in entry:
            binding = {"name": entry["binding"], "type": mtype}
            fields = {"name": at(key, "binding"), "type": at(key)}
            for mkey, ckey in mapping.items():
                if ckey in entry:
                    binding[mkey] = entry[ckey]
                    fields[mkey] = at(key, ckey)
            add(binding, at(key), fields)
    if assets is not None and isinstance(assets.get("binding"), str):
        add({"name": assets["binding"], "type": "assets"}, at("assets", "binding"), {"name": at("assets", "binding")})
    unsafe = data.get("unsafe")
    if isinstance(unsafe, dict) and isinstance(unsafe.get("bindings"), list):
        for j, entry in enumerate(unsafe["bindings"]):
            if isinstance(entry, dict):
                p = at("unsafe", "bindings", j)
                add(dict(entry), p, {k: p + (k,) for k in entry})

    _compat(data, meta, at, origins)
    migrations = data.get("migrations")
    if isinstance(migrations, list) and migrations:
        steps = []
        for j, step in enumerate(migrations):
            if isinstance(step, dict):
                steps.append({k: v for k, v in step.items() if k != "tag"})
                origins[f"/migrations/steps/{len(steps) - 1}"] = at("migrations", j)
                for k in step:
                    origins[f"/migrations/steps/{len(steps) - 1}/{k}"] = at("migrations", j, k)
        last = migrations[-1]
        meta["migrations"] = {"new_tag": last.get("tag") if isinstance(last, dict) else None, "steps": steps}
        origins["/migrations"] = at("migrations")
        origins["/migrations/new_tag"] = at("migrations", len(migrations) - 1, "tag")
    meta["code_update_strategy"] = {"mode": "deferred", "max_delay": 300}
    keep: list[str] = []
    if data.get("keep_vars") is True:
        keep += ["plain_text", "json"]
        origins["/keep_bindings"] = at("keep_vars")
    meta["keep_bindings"] = keep + ["secret_text", "secret_key"]
    exports = data.get("exports")
    if isinstance(exports, dict) and exports:
        meta["exports"] = exports
        origins["/exports"] = at("exports")
    placement = data.get("placement")
    if isinstance(placement, dict) and "mode" not in placement and any(k in placement for k in ("host", "hostname",
                                                                                              "region")):
        data = {**data, "placement": {**placement, "mode": "targeted"}}  # what wrangler sends for a target
    for key, mkey in (("logpush", "logpush"), ("placement", "placement"), ("tail_consumers", "tail_consumers"),
                      ("streaming_tail_consumers", "streaming_tail_consumers"), ("limits", "limits"),
                      ("observability", "observability"), ("cache", "cache_options")):
        if key in data and data[key] is not None:
            meta[mkey] = data[key]
            origins[f"/{mkey}"] = at(key)
    if assets is not None:
        meta["assets"] = {"jwt": ASSETS_JWT_PLACEHOLDER, "config": _asset_config(assets, at, origins, "/assets/config")}
        origins["/assets"] = at("assets")
        tr.assets_directory = at("assets", "directory")
    if isinstance(unsafe, dict) and isinstance(unsafe.get("metadata"), dict):
        for k, v in unsafe["metadata"].items():
            meta[k] = v
            origins[f"/{k}"] = at("unsafe", "metadata", k)
    return tr


#: What stands for the token of the assets upload, which wrangler gets from the API at deploy.
ASSETS_JWT_PLACEHOLDER = "wrangler-assets-upload-session"


def _compat(data: dict[str, Any], meta: dict[str, Any], at: Callable[..., ConfigPath], origins: dict[str, ConfigPath]) -> None:
    if "compatibility_date" in data:
        meta["compatibility_date"] = data["compatibility_date"]
        origins["/compatibility_date"] = at("compatibility_date")
    flags = data.get("compatibility_flags")
    meta["compatibility_flags"] = flags if isinstance(flags, list) else []
    if isinstance(flags, list):
        origins["/compatibility_flags"] = at("compatibility_flags")


def _asset_config(assets: dict[str, Any], at: Callable[..., ConfigPath], origins: dict[str, ConfigPath],
                  prefix: str) -> dict[str, Any]:
    config: dict[str, Any] = {}
    for key in ("html_handling", "not_found_handling", "run_worker_first"):
        if key in assets:
            config[key] = assets[key]
            origins[f"{prefix}/{key}"] = at("assets", key)
    return config


def _resolved_from_account(mtype: str, binding: dict[str, Any]) -> str | None:
    """The field wrangler fills in from the account when the configuration leaves it out."""
    needed = {"kv_namespace": "namespace_id", "d1": "id", "r2_bucket": "bucket_name"}.get(mtype)
    return needed if needed is not None and needed not in binding else None


def _is_service_worker(data: dict[str, Any], entry_exports: set[str] | None, python: bool) -> bool:
    """wrangler's ``guessWorkerFormat``: the entry's own exports (esbuild's metafile of the
    unbundled entry) decide; with a ``default`` export it is an ES module Worker, with none, or
    only named ones, a service worker. A Python entry is a module. When the entry could not be
    read, a configuration with ``wasm_modules``, ``text_blobs`` or ``data_blobs`` (which only a
    service worker may have) says it."""
    if python:
        return False
    if entry_exports is not None:
        return "default" not in entry_exports
    return any(isinstance(data.get(k), dict) and data.get(k) for k in ("wasm_modules", "text_blobs", "data_blobs"))


def _module_name(main: str, base_dir: str | None, no_bundle: bool) -> str:
    """The part name wrangler gives the main module: its file name without a bundle (also
    below ``base_dir``: ``path.basename`` of the entry), else the bundle's, ``<main's stem>.js``."""
    p = PurePosixPath(main.replace("\\", "/"))
    if no_bundle or p.suffix == ".py":  # uploaded as it is, under its own file name (whatever base_dir says)
        return p.name
    return f"{p.stem}.js"


class ConfigDocument(Document):
    """The configuration file's text, located by metadata pointer: a pointer of the generated
    metadata is mapped to the configuration key it came from."""

    def __init__(self, text: str, file: str | None, origins: dict[str, ConfigPath],
                 locate: Callable[[ConfigPath, bool], tuple[int, int, int, int] | None],
                 always_masked: list[ConfigPath] | None = None, raw_config: dict[str, Any] | None = None) -> None:
        super().__init__(text, file)
        self.origins = origins
        self._locate = locate
        #: the configuration as the user wrote it (all environments), for the checks of its own keys
        self.raw_config = raw_config
        #: source paths whose values are never shown, whatever the findings (a plan's sensitive values)
        self.always_masked = always_masked or []

    @property
    def raw(self) -> dict[str, Any] | None:
        """The configuration as parsed, every environment included (for masking what is not
        translated): the same object as ``raw_config``."""
        return self.raw_config

    def config_path(self, pointer: str) -> tuple[ConfigPath, bool] | None:
        """The configuration path of ``pointer``, and whether it is the pointer's own. Below a
        value copied as it is (``run_worker_first``, ``observability``), the rest of the
        pointer continues the path."""
        p = pointer
        while True:
            if p in self.origins:
                base = self.origins[p]
                rest = [_token(t) for t in pointer[len(p):].split("/")[1:]]
                if rest and base:
                    deeper = base + tuple(rest)
                    if self._locate(deeper, True) is not None:
                        return deeper, True
                return base, not rest
            if not p:
                return None
            p = p.rsplit("/", 1)[0]

    def span_of(self, pointer: str, key: bool = False) -> tuple[int, int] | None:
        found_path = self.config_path(pointer)
        if found_path is None or found_path[0] == ():
            return None
        path, exact = found_path
        found = self._locate(path, False)
        if found is None:
            return None
        ks, ke, vs, ve = found
        return (ks, ke) if key or not exact else (vs, ve)

    def spans_of(self, pointers: list[str], values: dict[str, Any] | None = None) -> list[Any]:
        """The configuration values to mask for these metadata pointers (secrets): the value
        itself, or, when only an enclosing key is known, that key's whole value, unless
        ``values`` (pointer to the secret) shows that the secret is not in it: a secret that
        exists only in the translation (the assets ``jwt``) leaves its neighbours shown."""
        out = self.path_spans(self.always_masked)
        for ptr in pointers:
            found_path = self.config_path(ptr)
            if found_path is None or found_path[0] == ():
                continue
            found = self._locate(found_path[0], False)
            if found is None:
                continue
            secret = (values or {}).get(ptr)
            if not found_path[1] and isinstance(secret, str) and secret and not _written_in(
                    self.text[found[2]:found[3]], secret):
                continue
            out.append(Span(found[2], found[3]))
        return out

    def path_spans(self, paths: list[ConfigPath]) -> list[Any]:
        """The spans of the values at these configuration paths that the text holds."""
        out = []
        for path in paths:
            masked = self._locate(path, True)
            if masked is not None:
                out.append(Span(masked[2], masked[3]))
        return out

    def duplicate_spans(self, pointers: list[str]) -> list[tuple[int, int]]:
        """The values hidden by a repeated key (JSON and JSONC): every copy but the last, whole.
        Nothing reads them, so nothing can say whether they hold a secret."""
        if self.text.lstrip()[:1] not in ("{", "["):
            return []  # TOML refuses a repeated key: such a file does not parse, and is masked whole
        from wmlint.source.positions import JsonIndex

        plain = strip_jsonc(self.text)
        copies: dict[str, list[int]] = {}
        for ptr, ks, _, first in JsonIndex.build(plain).duplicates:
            copies.setdefault(ptr, [first]).append(ks)
        out = []
        for starts in copies.values():
            for key_start in sorted(starts)[:-1]:
                span = _value_after_key(plain, key_start)
                if span is not None:
                    out.append(span)
        return out


    def locate_path(self, path: ConfigPath, key: bool = False) -> tuple[int, int] | None:
        """The offsets of a configuration key (``key``) or its value, or of the nearest
        enclosing key that was written."""
        found = self._locate(path, True)
        exact = found is not None
        if found is None:
            found = self._locate(path, False)
        if found is None:
            return None
        ks, ke, vs, ve = found
        return (ks, ke) if key or not exact else (vs, ve)


def _written_in(text: str, value: str) -> bool:
    """Is ``value`` in ``text``, as written or JSON-escaped?"""
    import json

    return value in text or json.dumps(value)[1:-1] in text


def _value_after_key(plain: str, key_start: int) -> tuple[int, int] | None:
    """The span of the JSON value of the member whose key starts at ``key_start``."""
    import json

    decoder = json.JSONDecoder()
    try:
        _, pos = decoder.raw_decode(plain, key_start)
        pos = plain.index(":", pos) + 1
        while pos < len(plain) and plain[pos] in " \t\r\n":
            pos += 1
        _, end = decoder.raw_decode(plain, pos)
    except (ValueError, RecursionError):
        return None
    return pos, end


def _token(t: str) -> Any:
    t = t.replace("~1", "/").replace("~0", "~")
    return int(t) if t.isdigit() else t


def pointer_path(pointer: str) -> ConfigPath:
    """A JSON pointer as a key path: ``"/a/0/b"`` -> ``("a", 0, "b")``."""
    return tuple(_token(t) for t in pointer.split("/")[1:]) if pointer else ()


@dataclass
class LoadedConfig:
    """A wrangler configuration read and translated, ready to lint."""

    translation: Translation | None
    document: Document
    diagnostics: list[Diagnostic]
    parts: dict[str, Part] | None
    #: the assets directory's `_redirects` and `_headers` files, to lint on their own (names
    #: relative to the configuration's directory, ``tree``)
    asset_files: list[str] = field(default_factory=list)
    #: only these part-reading codes may report (a bundled project: the main source stands in)
    part_codes: frozenset[str] | None = None
    #: a bundled project whose source graph can be built (the engine builds it)
    project: SourceProject | None = None
    #: the note that only the main module's exports were checked, when the graph is not built
    bundle_note: Diagnostic | None = None
    #: the configuration's directory, through the file-system gate: every file it names is read there
    tree: fs.Tree | None = None


def load_wrangler(path: Path, data: bytes, display: str, *, env: str | None = None,
                  max_bytes: int | None = None, tree: fs.Tree | None = None) -> LoadedConfig:
    """Parse and translate the configuration file at ``path`` (its bytes are ``data``). The
    files it names are read from ``tree`` (by default the configuration's directory) and never
    from outside it."""
    if tree is None:
        tree = fs.Tree(path.parent, max_file_size=fs.DEFAULT_MAX_FILE if max_bytes is None else max_bytes,
                       ignored=ignore_predicate(path.parent))
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    raw, locate, diags, plain = _parse(path, text, display)
    if raw is None:
        return LoadedConfig(None, plain or Document(text, display), diags, None, tree=tree)
    try:
        effective, where = resolve_env(raw, env)
    except KeyError:
        known = sorted(raw.get("env", {})) if isinstance(raw.get("env"), dict) else []
        diags.append(finding("WM015", f"--env {env!r}: the configuration has no [env.{env}] section"
                                      + (f" (it has: {', '.join(known)})" if known else ""), pointer=""))
        return LoadedConfig(None, Document(text, display), diags, None, tree=tree)
    tr = translate(effective, where, entry_exports=_entry_exports(tree, effective.get("main")))
    doc = ConfigDocument(text, display, tr.origins, locate, raw_config=raw)
    for origin, note in tr.notes:  # at the entry the user wrote, even when it has no metadata pointer
        diags.append(finding("WM016", note, pointer=_pointer_for(tr.origins, origin),
                             span=doc.locate_path(origin, key=True)))
    from wmlint.inputs.wrangler_paths import missing_paths

    diags.extend(missing_paths(path.parent, effective, where, doc.locate_path))
    parts, part_codes = _parts(tree, tr, max_bytes, diags)
    if parts is None and tr.main is not None and _package_specifier(tree, tr.main):
        diags.append(finding("WM016", f"main {tr.main!r} names a package, not a file: wrangler resolves `main` as a "
                                      "path from the configuration's directory, so this configuration is deployed "
                                      "through the one your framework's build generates (.wrangler/deploy/config.json)"
                                      "; the Worker's code was not checked (lint the project after a build)",
                             pointer="/main_module" if "main_module" in tr.metadata else "/body_part"))
    bundle_note: Diagnostic | None = None
    project: SourceProject | None = None
    if part_codes is not None and tr.main is not None:
        # said once in the summary (WM017) when the source graph cannot stand in for the bundle
        bundle_note = finding("WM017", f"{tr.main!r} is bundled at deploy: the checks of the uploaded modules "
                                       "(imports, startup, sizes) need the bundle, so only the main module's exports "
                                       "were checked. Lint `wrangler deploy --dry-run --outfile body.multipart`, or "
                                       "run `wmlint capture -- wrangler deploy`, for the rest",
                              pointer="/main_module" if "main_module" in tr.metadata else "/body_part")
        entry = PurePosixPath(tr.main.replace("\\", "/"))
        if not entry.is_absolute() and ".." not in entry.parts and entry.suffix in SOURCE_SUFFIXES:
            project = SourceProject(str(path.parent), str(entry), alias=tr.alias, rules=tr.rules,
                                    tsconfig=tr.tsconfig, define=tr.define)
    asset_files: list[str] = []
    adir = _get(raw, tr.assets_directory) if tr.assets_directory else None
    if isinstance(adir, str):
        try:
            base = tree.rel(adir)
        except fs.Refused as exc:
            diags.append(finding("WM016", f"assets.directory {adir!r} was not read: {exc}; wmlint reads only below "
                                          "the configuration's directory, so its _redirects and _headers files were "
                                          "not checked (lint them on their own)", pointer="/assets/directory"))
        else:
            for name in ("_redirects", "_headers"):
                rel = name if base == "." else f"{base}/{name}"
                if tree.is_file(rel):
                    asset_files.append(rel)
    return LoadedConfig(tr, doc, diags, parts, asset_files, part_codes, project, bundle_note, tree)


def _package_specifier(tree: fs.Tree, main: str) -> bool:
    """Is ``main`` a package specifier (``@astrojs/cloudflare/entrypoints/server``,
    ``nitropack/...``) rather than a file of the project? Only when no such file exists."""
    if main.startswith((".", "/")) or "\\" in main:
        return False
    try:
        if tree.is_file(tree.rel(main)):
            return False
    except fs.Refused:
        return False
    first = main.split("/", 1)[0]
    return main.startswith("@") and "/" in main or tree.is_dir(f"node_modules/{first}")


def _entry_exports(tree: fs.Tree, main: Any) -> set[str] | None:
    """The names the main module exports, read as esbuild reads the unbundled entry to guess
    the format; None when it cannot be read (missing, refused, not JavaScript or TypeScript)."""
    if not isinstance(main, str) or PurePosixPath(main).suffix not in SOURCE_SUFFIXES or local_secret_file(main):
        return None
    try:
        rel = tree.rel(main)
        if not tree.is_file(rel):
            return None
        st = tree.stat(rel)
        if st is None or st.st_size > tree.max_file_size:
            return None
        text = tree.read_bytes(rel).decode("utf-8", "replace")
    except (fs.Refused, OSError, ValueError):
        return None
    from wmlint.analysis.jsscan import scan_module

    return set(scan_module(text).export_names)


#: Where a build tool (the Cloudflare Vite plugin, React Router, Astro, Nitro) leaves the pointer
#: to the configuration it generated, relative to the user's configuration.
DEPLOY_CONFIG = ".wrangler/deploy/config.json"


@dataclass
class Redirect:
    """``.wrangler/deploy/config.json`` points wrangler to a generated configuration."""

    #: the generated configuration, relative to the tree, or None when it cannot be followed
    target: str | None
    #: what to say: that wrangler deploys the target, or why it cannot be followed
    message: str
    #: wrangler refuses to deploy (the pointer is invalid, or its target is missing)
    error: bool = False


def find_redirect(tree: fs.Tree, config_dir: str = ".") -> Redirect | None:
    """wrangler's ``findRedirectedWranglerConfig``, for a configuration in ``config_dir`` (or
    none there): the deploy configuration alongside it, parsed as JSONC, names a
    ``configPath`` relative to itself. wrangler then deploys that file instead."""
    import json

    pointer = DEPLOY_CONFIG if config_dir == "." else f"{config_dir}/{DEPLOY_CONFIG}"
    if not tree.is_file(pointer):
        return None
    try:
        st = tree.stat(pointer)
        if st is None or st.st_size > 1_000_000:
            return Redirect(None, f"{pointer} is too large to be a deploy configuration", True)
        value = json.loads(strip_jsonc(tree.read_bytes(pointer).decode("utf-8", "replace")))
    except (OSError, ValueError, RecursionError):
        return Redirect(None, f"{pointer} is not valid JSON: wrangler refuses to deploy ('Failed to parse the "
                              "deploy configuration file'); delete it if a previous build left it", True)
    target = value.get("configPath") if isinstance(value, dict) else None
    if not isinstance(target, str) or not target:
        return Redirect(None, f"{pointer} has no \"configPath\": wrangler refuses to deploy; delete it if a "
                              "previous build left it", True)
    joined = str(PurePosixPath(pointer).parent / target.replace("\\", "/"))
    try:
        rel = tree.rel(joined)
    except fs.Refused as exc:
        return Redirect(None, f"{pointer} points to {target!r}, which was not read: {exc}")
    if not tree.is_file(rel):
        return Redirect(None, f"{pointer} points to {target!r}, which does not exist: wrangler refuses to deploy "
                              "(build the project first, or delete the stale pointer)", True)
    return Redirect(rel, f"{pointer} points wrangler to the configuration a build generated, {rel!r}: "
                         "`wrangler deploy` uploads that one, so it was linted in place of any configuration you "
                         "wrote (rebuild after changing yours)")


def _pointer_for(origins: dict[str, ConfigPath], origin: ConfigPath) -> str:
    for ptr, path in origins.items():
        if path == origin:
            return ptr
    return ""


def _get(data: Any, path: ConfigPath) -> Any:
    for k in path:
        if isinstance(data, dict) and isinstance(k, str):
            data = data.get(k)
        elif isinstance(data, list) and isinstance(k, int) and 0 <= k < len(data):
            data = data[k]
        else:
            return None
    return data


def _parse(path: Path, text: str, display: str) -> tuple[dict[str, Any] | None, Callable[..., Any],
                                                        list[Diagnostic], Document | None]:
    if path.suffix == ".toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # Python 3.10
            import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
        try:
            raw = tomllib.loads(text)
        except RecursionError:  # tomllib reads nested arrays and tables recursively
            return None, lambda p, exact=False: None, [finding(
                "WM015", f"{display} nests arrays or tables too deeply to read", pointer="")], None
        except tomllib.TOMLDecodeError as exc:
            m = _TOML_ERROR_AT.search(str(exc))
            d = finding("WM015", f"{display} is not valid TOML: {str(exc).split(' (at')[0]}", pointer="")
            if m:
                line, col = int(m.group(1)), int(m.group(2))
                d = d.with_(line=line, column=col, end_line=line, end_column=col)
            return None, lambda p, exact=False: None, [d], None
        loc = TomlLocator(text)

        def find(p: ConfigPath, exact: bool = False) -> tuple[int, int, int, int] | None:
            return loc.spans.get(p) if exact else loc.find(p)

        return raw, find, [], None
    plain = strip_jsonc(text)
    value, doc, diags = parse_metadata(plain.encode("utf-8"), display)
    cfg_doc = Document(text, display)
    if not isinstance(value, dict) or doc is None:
        return None, lambda p, exact=False: None, [d.with_(message=d.message.replace("metadata", "configuration"))
                                      for d in diags] or [finding("WM015", f"{display} is not a JSON object", pointer="")], cfg_doc

    return value, json_locator(doc), [d for d in diags if d.code not in ("WM006",)], None


def json_locator(doc: Document) -> Callable[..., tuple[int, int, int, int] | None]:
    """Key and value offsets of a path in a JSON document: ``locate(path, exact=False)``, falling
    back to the nearest enclosing path unless ``exact``."""

    def locate(p: ConfigPath, exact: bool = False) -> tuple[int, int, int, int] | None:
        while p:
            ptr = "/" + "/".join(str(k).replace("~", "~0").replace("/", "~1") for k in p)
            found = doc.locator.find(ptr)
            if found is not None and found[0] == ptr:
                span = found[1]
                ks = span.key_start if span.key_start >= 0 else span.start
                ke = span.key_end if span.key_start >= 0 else span.end
                return ks, ke, span.start, span.end
            if exact:
                return None
            p = p[:-1]
        return None

    return locate


#: Why a local secret file is never read as a module.
_SECRET_FILE = ("one of wrangler's local secret files (.dev.vars, .env), which hold values for `wrangler dev` "
                "and are never meant to be uploaded; wmlint does not read it")


def _parts(tree: fs.Tree, tr: Translation, max_bytes: int | None,
           diags: list[Diagnostic]) -> tuple[dict[str, Part] | None, frozenset[str] | None]:
    """The modules to lint: wrangler's upload for ``no_bundle``, else the main module's source.
    Every file is read through ``tree``; what it refuses is said, never read."""
    if tr.main is None:
        return None, None
    name = tr.metadata.get("main_module") or tr.metadata.get("body_part")
    if not isinstance(name, str):
        return None, None
    main_ptr = "/main_module" if "main_module" in tr.metadata else "/body_part"
    main_rel = _config_file(tree, tr.main, "main", main_ptr, diags)
    if main_rel is None:
        return None, None
    ctype = "application/javascript" if "body_part" in tr.metadata else "application/javascript+module"
    if main_rel.endswith(".py"):
        ctype = "text/x-python"
    parts = {name: _part(tree, name, ctype, main_rel)}
    files = {name: main_rel}
    for blob, (file, btype) in tr.blobs.items():
        ptr = next((f"/bindings/{i}" for i, b in enumerate(tr.metadata.get("bindings", []))
                    if isinstance(b, dict) and b.get("part") == blob), "")
        rel = _config_file(tree, file, f"the {blob!r} binding's file", ptr, diags)
        if rel is not None:
            parts[blob] = _part(tree, blob, btype, rel)
    if not tr.no_bundle:
        return parts, BUNDLE_FREE_CODES | {"WM306"}
    try:
        base = tree.rel(tr.base_dir) if tr.base_dir else str(PurePosixPath(main_rel).parent)
    except fs.Refused:
        base = None
    if tr.find_additional_modules and base is not None and tree.is_dir(base):
        rules = _module_rules(tr.rules, tr.python)
        main_real = tree.real(main_rel)
        for rel, full, kind in _collect(tree, base, rules, tr.project_root):
            if full == main_real:
                continue
            _add_module(tree, parts, rel, _MODULE_TYPES[kind], full, max_bytes, diags, main_ptr, files)
        if tr.python:
            vendored = tr.project_root + "/python_modules" if tr.project_root != "." else "python_modules"
            if tree.is_dir(vendored):
                for rel, full, kind in _collect(tree, vendored, [("Data", ["**/*"])]):
                    if any(_glob_match(g, rel) for g in tr.python_excludes):
                        continue
                    # the Python SDK's own JavaScript (workers/*.js) is uploaded as ES modules, to be
                    # imported from Python at runtime; everything else as data
                    if rel.startswith("workers/") and PurePosixPath(rel).suffix in (".js", ".mjs"):
                        kind = "ESModule"
                    _add_module(tree, parts, f"python_modules/{rel}", _MODULE_TYPES[kind], full, max_bytes, diags,
                                main_ptr, files)
    if "body_part" in tr.metadata:
        _blob_modules(tr, parts, files)
    if tr.upload_source_maps is not False:
        _source_maps(tree, parts, files)
    return parts, None


#: A service worker's collected modules that wrangler turns into bindings: content type -> binding type.
_BLOB_BINDINGS = {"application/wasm": "wasm_module", "text/plain": "text_blob", "application/octet-stream": "data_blob"}


def _blob_modules(tr: Translation, parts: dict[str, Part], files: dict[str, str]) -> None:
    """A service worker has no modules to import: wrangler (``createWorkerUploadForm``) uploads
    each collected WebAssembly, text or data module as a global binding instead, named after
    the file with every character but ``[A-Za-z0-9_$]`` made ``_`` (``add.wasm`` -> ``add_wasm``)."""
    bindings = tr.metadata.get("bindings")
    if not isinstance(bindings, list):
        return
    for name, part in list(parts.items()):
        kind = _BLOB_BINDINGS.get(part.content_type or "")
        if kind is None or name not in files or name in tr.blobs:
            continue
        global_name = "".join(c if c.isascii() and (c.isalnum() or c in "_$") else "_" for c in name)
        del parts[name]
        part.name = global_name
        parts[global_name] = part
        files[global_name] = files.pop(name)
        tr.origins[f"/bindings/{len(bindings)}"] = tr.origins.get("/body_part", ())
        bindings.append({"name": global_name, "type": kind, "part": global_name})


def _source_maps(tree: fs.Tree, parts: dict[str, Part], files: dict[str, str]) -> None:
    """wrangler's ``scanSourceMaps`` for a ``no_bundle`` upload (unless ``upload_source_maps`` is
    false): a module whose last comment line is ``//# sourceMappingURL=<file>`` brings that file
    as ``<module>.map`` (wrangler rewrites its ``file`` and ``sources``; the map is read as it is)."""
    for name, part in list(parts.items()):
        module_rel = files.get(name)
        if module_rel is None or not part.content_type or "javascript" not in part.content_type:
            continue
        url = _source_mapping_url(part.data[-_MAP_TAIL:].decode("utf-8", "replace"))
        if url is None or url.startswith("data:"):
            continue
        target = str(PurePosixPath(module_rel).parent / url)
        try:
            rel = tree.rel(target)
        except fs.Refused:
            continue
        if tree.is_file(rel) and f"{name}.map" not in parts:
            parts[f"{name}.map"] = _part(tree, f"{name}.map", "application/source-map", rel)


#: How much of a module's end is read for its ``sourceMappingURL`` comment.
_MAP_TAIL = 64 * 1024


def _source_mapping_url(text: str) -> str | None:
    """wrangler's ``getSourceMappingUrl``: from the last line up, blank lines and other ``//#``
    or ``//@`` comments are passed over; the first other line ends the search."""
    for line in reversed(text.split("\n")):
        line = line.strip()
        if not line:
            continue
        if line.startswith("//# sourceMappingURL="):
            return line[len("//# sourceMappingURL="):].strip()
        if not line.startswith(("//#", "//@")):
            return None
    return None


def _collect(tree: fs.Tree, base: str, rules: list[tuple[str, list[str]]],
             project_root: str = ".") -> list[tuple[str, str, str]]:
    """wrangler's ``findAdditionalModules``: every file under ``base`` (but the project's
    ``.wrangler`` folder) that a module rule's glob matches, as (name under ``base``, root-relative file, rule
    type); the first rule that matches decides the type."""
    out: list[tuple[str, str, str]] = []
    for rel_dir, dirs, files in tree.walk(base, max_entries=_MAX_WALK):
        dirs[:] = [d for d in dirs if not (d == ".wrangler" and rel_dir == project_root)]
        for f in files:
            full = f if rel_dir == "." else f"{rel_dir}/{f}"
            rel = full if base == "." else full[len(base) + 1:]
            kind = next((k for k, globs in rules if any(_glob_match(g, rel) for g in globs)), None)
            if kind is not None:
                out.append((rel, full, kind))
    return sorted(out)


def _add_module(tree: fs.Tree, parts: dict[str, Part], rel: str, ctype: str, full: str, max_bytes: int | None,
                diags: list[Diagnostic], main_ptr: str, files: dict[str, str]) -> None:
    if rel in parts:
        return  # wrangler ignores a duplicate module name
    if local_secret_file(rel):
        # wrangler walks every file under base_dir, dot-files included, so it would upload this
        # one: said, but not an error (the API takes it)
        diags.append(finding("WM016", f"{rel!r} matches the module rules, so `wrangler deploy` would upload "
                                      f"it, but it is {_SECRET_FILE}; narrow the rules' globs so that it "
                                      "stays out of the upload", pointer=main_ptr))
        return
    st = tree.stat(full)
    if st is not None and (max_bytes is None or st.st_size <= max_bytes):
        parts[rel] = _part(tree, rel, ctype, full)
        files[rel] = full


@functools.lru_cache(maxsize=256)
def _compile_glob(glob: str) -> tuple[str, tuple[str, ...]]:
    """A glob's tokens ("*", "**" or one literal character), or ("suffix", (s,)) for
    ``**/*<s>`` with no wildcard or ``/`` in ``s``, which is a suffix test."""
    if glob.startswith("**/*") and not any(c in glob[4:] for c in "*/"):
        return "suffix", (glob[4:],)
    tokens: list[str] = []  # "*", "**" (globstar) or one literal character
    i, n = 0, len(glob)
    while i < n:
        if glob[i] != "*":
            tokens.append(glob[i])
            i += 1
            continue
        j = i
        while j < n and glob[j] == "*":
            j += 1
        before = glob[i - 1] if i > 0 else None
        after = glob[j] if j < n else None
        if j - i > 1 and before in (None, "/") and after in (None, "/"):
            tokens.append("**")
            j += 1 if after == "/" else 0  # the globstar takes its slash
        else:
            tokens.append("*")
        i = j
    return "tokens", tuple(tokens)


def _glob_match(glob: str, path: str) -> bool:
    """Does ``path`` match ``glob`` as wrangler's module rules match (``glob-to-regexp`` with
    ``globstar``, anchored, not extended): ``*`` is any run of characters but ``/``; ``**`` as a
    whole segment is any number of directories, none included; every other character, ``?``
    included, is itself. Dynamic programming over (glob token, path position): time is the
    product of the lengths, at worst, whatever the glob (a repository chooses its rules)."""
    kind, compiled = _compile_glob(glob)
    if kind == "suffix":  # "**/*.ext": every default rule's shape, and most users'
        return path.endswith(compiled[0])
    tokens = compiled
    m = len(path)
    # reach[q]: the glob's tokens so far can match path[:q]; each token is one pass over the path
    reach = [False] * (m + 1)
    reach[0] = True
    for tok in tokens:
        nxt = [False] * (m + 1)
        if tok == "*":  # from a reached position, on up to the next "/"
            active = False
            for q in range(m + 1):
                active = reach[q] or (active and path[q - 1] != "/")
                nxt[q] = active
        elif tok == "**":  # nothing, or through "segment/" any number of times, or to the end
            active = False
            for q in range(m + 1):
                active = active or reach[q]
                nxt[q] = reach[q] or (active and (q == m or path[q - 1] == "/"))
        else:
            for q in range(m):
                if reach[q] and path[q] == tok:
                    nxt[q + 1] = True
        reach = nxt
        if not any(reach):
            return False
    return reach[m]


#: How many entries the walk of ``base_dir`` looks at, at most.
_MAX_WALK = 200_000


def _config_file(tree: fs.Tree, given: str, what: str, pointer: str, diags: list[Diagnostic]) -> str | None:
    """The root-relative name of a file the configuration names, or None (and a finding when the
    gate refuses it: a secret file, a path out of the configuration's directory)."""
    if local_secret_file(given):
        diags.append(finding("WM014", f"{what} {given!r} is {_SECRET_FILE}; point it at the Worker's source",
                             pointer=pointer))
        return None
    try:
        rel = tree.rel(given)
        st, _ = tree.inspect(rel)
        if st.st_size > tree.max_file_size:
            raise fs.Refused(f"it is {st.st_size:,} bytes, more than the limit of {tree.max_file_size:,} "
                             "(--max-file-size)", "size")
    except fs.Refused as exc:
        why = str(exc)
        if exc.kind == "outside":
            why += "; wmlint reads only files below the configuration's directory"
        diags.append(finding("WM016", f"{what} {given!r} was not read: {why}, so it was not checked", pointer=pointer))
        return None
    except (OSError, ValueError):
        return None  # missing: wrangler says so at deploy
    return rel


def _part(tree: fs.Tree, name: str, ctype: str, rel: str) -> Part:
    real = tree.real(rel) or rel

    def read() -> bytes:
        try:
            return tree.read_bytes(rel)
        except OSError:
            return b""  # changed since it was checked: nothing to lint

    return Part(name, ctype, read, path=_display(tree.shown(rel)), private=tree.private(rel) or tree.private(real))


def _module_rules(rules: list[Any], python: bool = False) -> list[tuple[str, list[str]]]:
    """wrangler's ``parseRules``: the configuration's rules (a Python Worker's gets
    ``PythonModule **/*.py`` unless it has one), then the defaults (``Text``, ``Data``,
    ``CompiledWasm``; none for JavaScript: a ``no_bundle`` project names its ``.js`` files
    with an ``ESModule`` or ``CommonJS`` rule). The first rule of a type ends that type unless it
    has ``fallthrough = true``: later rules of the type are dropped."""
    given = [r for r in rules if isinstance(r, dict)]
    if python and not any(r.get("type") == "PythonModule" for r in given):
        given.append({"type": "PythonModule", "globs": ["**/*.py"]})
    out: list[tuple[str, list[str]]] = []
    done: set[str] = set()
    for r in given + [{"type": t, "globs": g} for t, g in _DEFAULT_RULES]:
        kind = r.get("type")
        if not isinstance(kind, str) or kind in done:
            continue
        if r.get("fallthrough") is not True:
            done.add(kind)
        globs = r.get("globs")
        if kind in _MODULE_TYPES and isinstance(globs, list):
            out.append((kind, [g for g in globs if isinstance(g, str)]))
    return out


def _display(f: Path) -> str:
    from wmlint.model.paths import display_path

    return display_path(f)
