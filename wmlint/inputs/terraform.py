"""Terraform plans as input: every ``cloudflare_workers_script`` of ``terraform show -json PLAN``.

Provider v5's ``cloudflare_workers_script`` mirrors the API's metadata: its attributes
(``main_module``, ``body_part``, ``bindings``, ``compatibility_date``, ``migrations``,
``assets``, ``observability``, …) become the upload's metadata, ``content`` (or
``content_file``, read only when it lies inside the plan's directory) its main part, and
``assets.config.headers``/``redirects`` its ``_headers``/``_redirects``. Attributes the plan
leaves null (unset, or known only after apply) are left out.

Findings point into the plan file and name the resource's address
(``module.api.cloudflare_workers_script.main``). A plan holds sensitive values in clear
text; those the plan marks sensitive are never shown (``sensitive_values``), and secret
bindings are masked like everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from wmlint.inputs.ignore import local_secret_file
from wmlint.io import fs
from wmlint.model.diagnostic import escape_pointer_token
from wmlint.model.upload import Part

__all__ = ["is_plan", "scripts_in_plan", "PlanScript", "RESOURCE_TYPE"]

RESOURCE_TYPE = "cloudflare_workers_script"

#: provider attribute -> metadata field, for the attributes copied as they are
_COPIED = ("main_module", "body_part", "compatibility_date", "compatibility_flags", "bindings", "migrations",
           "observability", "placement", "tail_consumers", "logpush", "keep_bindings", "keep_assets", "limits",
           "usage_model", "annotations", "tags", "containers", "cache_options")
_ASSET_CONFIG = {"headers": "_headers", "redirects": "_redirects", "html_handling": "html_handling",
                 "not_found_handling": "not_found_handling", "run_worker_first": "run_worker_first",
                 "serve_directly": "serve_directly"}


def is_plan(value: Any) -> bool:
    """Does this JSON value look like ``terraform show -json`` output?"""
    return isinstance(value, dict) and "format_version" in value and (
        "planned_values" in value or "values" in value) and "terraform_version" in value


@dataclass
class PlanScript:
    address: str
    metadata: dict[str, Any]
    #: metadata pointer -> JSON pointer into the plan file
    origins: dict[str, str] = field(default_factory=dict)
    parts: dict[str, Part] | None = None
    #: JSON pointers (into the plan) of values the plan marks sensitive
    sensitive: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _modules(plan: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(JSON pointer, module) for the root module and every child module, depth first."""
    top = "planned_values" if "planned_values" in plan else "values"
    values = plan.get(top)
    root = values.get("root_module") if isinstance(values, dict) else None
    if not isinstance(root, dict):
        return
    todo: list[tuple[str, dict[str, Any]]] = [(f"/{top}/root_module", root)]
    while todo:
        ptr, mod = todo.pop()
        yield ptr, mod
        children = mod.get("child_modules")
        for i, child in reversed(list(enumerate(children if isinstance(children, list) else []))):
            if isinstance(child, dict):
                todo.append((f"{ptr}/child_modules/{i}", child))


def scripts_in_plan(plan: dict[str, Any], plan_dir: Path | None, max_bytes: int | None = None) -> list[PlanScript]:
    """Every managed ``cloudflare_workers_script`` of the plan. ``content_file`` is read only
    from inside ``plan_dir`` (never when it is None)."""
    out: list[PlanScript] = []
    # the values a change marks sensitive, before and after, are masked wherever the plan repeats them
    elsewhere: dict[str, list[str]] = {}
    for i, rc in enumerate(plan.get("resource_changes") or []):
        if isinstance(rc, dict) and rc.get("type") == RESOURCE_TYPE and isinstance(rc.get("change"), dict):
            for side in ("before", "after"):
                elsewhere.setdefault(str(rc.get("address")), []).extend(
                    f"/resource_changes/{i}/change/{side}/{p}" for p in _sensitive_paths(rc["change"].get(f"{side}_sensitive")))
    for mod_ptr, mod in _modules(plan):
        for i, res in enumerate(mod.get("resources") or []):
            if not isinstance(res, dict) or res.get("type") != RESOURCE_TYPE or res.get("mode", "managed") != "managed":
                continue
            values = res.get("values")
            if not isinstance(values, dict):
                continue
            base = f"{mod_ptr}/resources/{i}/values"
            address = str(res.get("address") or RESOURCE_TYPE)
            ps = _script(address, values, base, res.get("sensitive_values"), plan_dir, max_bytes)
            ps.sensitive += elsewhere.get(address, [])
            out.append(ps)
    return out


def _script(address: str, values: dict[str, Any], base: str, sensitive: Any, plan_dir: Path | None,
            max_bytes: int | None) -> PlanScript:
    meta: dict[str, Any] = {}
    ps = PlanScript(address, meta)
    for key in _COPIED:
        value = values.get(key)
        if value is None:
            continue
        meta[key] = _drop_nulls(value)
        ps.origins[f"/{key}"] = f"{base}/{key}"
    assets = values.get("assets")
    if isinstance(assets, dict):
        out: dict[str, Any] = {}
        ps.origins["/assets"] = f"{base}/assets"
        if assets.get("jwt") is not None:
            out["jwt"] = assets["jwt"]
            ps.origins["/assets/jwt"] = f"{base}/assets/jwt"
        config = assets.get("config")
        if isinstance(config, dict):
            cfg: dict[str, Any] = {}
            for pkey, mkey in _ASSET_CONFIG.items():
                if config.get(pkey) is not None:
                    cfg[mkey] = _drop_nulls(config[pkey])
                    ps.origins[f"/assets/config/{mkey}"] = f"{base}/assets/config/{pkey}"
            out["config"] = cfg
        if out or assets.get("directory") is not None:
            meta["assets"] = out
        if "jwt" not in out and assets.get("directory") is not None:
            out["jwt"] = "terraform-assets-upload-session"  # the provider uploads the directory at apply
    ps.sensitive = [f"{base}/{p}" for p in _sensitive_paths(sensitive)]
    name = meta.get("main_module") or meta.get("body_part")
    content = values.get("content")
    ctype = "application/javascript+module" if "main_module" in meta else "application/javascript"
    if isinstance(values.get("content_type"), str):
        ctype = values["content_type"]
    if isinstance(name, str) and isinstance(content, str):
        ps.parts = {name: Part(name, ctype, content.encode("utf-8"))}
    elif isinstance(name, str) and isinstance(values.get("content_file"), str):
        data = _content_file(plan_dir, values["content_file"], max_bytes)
        if data is not None:
            ps.parts = {name: Part(name, ctype, data)}
        else:
            ps.notes.append(f"content_file {values['content_file']!r} is not a file inside the plan's directory, so "
                            "the script itself was not checked")
    elif name is not None:
        ps.notes.append("the plan does not know the script's content yet (known after apply), so only the metadata "
                        "was checked")
    return ps


def _content_file(plan_dir: Path | None, given: str, max_bytes: int | None) -> bytes | None:
    """The script a plan's ``content_file`` names, read through the gate below the plan's
    directory (a path out of it, a symlink out of it, a secret file, a FIFO: None)."""
    if plan_dir is None or local_secret_file(given):
        return None
    tree = fs.Tree(plan_dir, max_file_size=fs.DEFAULT_MAX_FILE if max_bytes is None else max_bytes)
    try:
        return tree.read_bytes(given)
    except (OSError, ValueError):
        return None


def _drop_nulls(value: Any) -> Any:
    """Terraform writes every attribute of an object, unset ones as null; the API's metadata omits them."""
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


def _sensitive_paths(marks: Any, prefix: str = "") -> Iterator[str]:
    """The paths that ``sensitive_values`` marks ``true``."""
    if marks is True:
        yield prefix.lstrip("/")
    elif isinstance(marks, dict):
        for k, v in marks.items():
            yield from _sensitive_paths(v, f"{prefix}/{escape_pointer_token(str(k))}")  # a key may hold `/`
    elif isinstance(marks, list):
        for i, v in enumerate(marks):
            yield from _sensitive_paths(v, f"{prefix}/{i}")
