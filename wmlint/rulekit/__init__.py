"""Everything a rule needs, from one import::

    from wmlint.rulekit import Diagnostic, Rule, Severity, Upload, did_you_mean, migration_replay

The base class and the model are imported eagerly; the platform knowledge (the JavaScript
scanner, the flag table, the `_redirects`/`_headers` grammar, credential detectors) is
loaded on first use, so a clean run that never needs it never pays for it. Rules import
this package, the model and ``wmlint.analysis``, and nothing above them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from wmlint.model import regex
from wmlint.model.diagnostic import Diagnostic, Fix, Severity, escape_pointer_token, make_pointer
from wmlint.model.upload import Part, Upload, module_name
from wmlint.rulekit.helpers import (
    ACCEPTED_TYPES, BINDING_TYPES, CODE_TYPES, HEX32, JS_IDENTIFIER, MODULE_TYPES, PYTHON_TYPES, SCRIPT_TYPES, UUID,
    EmbeddedTextRule, MigrationReplay, base_type, compressed_sizes, embedded_config, es_module_imports, is_placeholder,
    is_relative, listed, main_scan, mib, migration_replay, migration_steps, module_names, module_scans,
    climbs_above_root, report_at, resolve_specifier, startup_modules, StartupModule, startup_facts, module_facts, main_module_facts, source_graph, chain_note,
)
from wmlint.rulekit.rule import Rule, RuleError

if TYPE_CHECKING:
    from wmlint.analysis.assets import PLACEHOLDER as PLACEHOLDER
    from wmlint.analysis.assets import REDIRECT_STATUSES as REDIRECT_STATUSES
    from wmlint.analysis.assets import EmbeddedText as EmbeddedText
    from wmlint.analysis.assets import Token as Token
    from wmlint.analysis.compat import CompatState as CompatState
    from wmlint.analysis.compat import compat_state as compat_state
    from wmlint.analysis.compat import given_flags as given_flags
    from wmlint.analysis.compat import node_module_gates as node_module_gates
    from wmlint.analysis.compat import turned_on_by as turned_on_by
    from wmlint.analysis.compat import table as table
    from wmlint.analysis.compat import valid_date as valid_date
    from wmlint.analysis.jsglobals import global_condition as global_condition
    from wmlint.analysis.jsglobals import global_defined as global_defined
    from wmlint.analysis.jsglobals import import_attribute_verdict as import_attribute_verdict
    from wmlint.analysis.jsglobals import meta_condition as meta_condition
    from wmlint.analysis.jsparse import FreeName as FreeName
    from wmlint.analysis.jsparse import ModuleFacts as ModuleFacts
    from wmlint.analysis.jsscan import NODE_BUILTINS as NODE_BUILTINS
    from wmlint.analysis.runtime import RuntimeUnavailable as RuntimeUnavailable
    from wmlint.analysis.runtime import has_code as has_code
    from wmlint.analysis.runtime import run_workerd as run_workerd
    from wmlint.analysis.secrets import credential_kind as credential_kind
    from wmlint.analysis.secrets import headers_with_credentials as headers_with_credentials
    from wmlint.analysis.secrets import high_entropy as high_entropy
    from wmlint.analysis.secrets import secret_like_name as secret_like_name
    from wmlint.analysis.secrets import string_leaves as string_leaves
    from wmlint.analysis.suggest import did_you_mean as did_you_mean
    from wmlint.analysis.suggest import near_miss as near_miss
    from wmlint.analysis.wasm import wasm_imports as wasm_imports

#: name -> the analysis module that defines it (imported on first use)
_LAZY = {
    "PLACEHOLDER": "assets", "REDIRECT_STATUSES": "assets", "Token": "assets", "EmbeddedText": "assets",
    "CompatState": "compat", "compat_state": "compat", "given_flags": "compat",
    "node_module_gates": "compat", "turned_on_by": "compat", "table": "compat",
    "valid_date": "compat", "ModuleFacts": "jsparse", "FreeName": "jsparse", "global_condition": "jsglobals",
    "global_defined": "jsglobals", "meta_condition": "jsglobals", "import_attribute_verdict": "jsglobals", "NODE_BUILTINS": "jsscan",
    "RuntimeUnavailable": "runtime", "run_workerd": "runtime", "has_code": "runtime", "credential_kind": "secrets", "headers_with_credentials": "secrets", "high_entropy": "secrets",
    "secret_like_name": "secrets", "string_leaves": "secrets", "did_you_mean": "suggest", "near_miss": "suggest",
    "wasm_imports": "wasm",
}

__all__ = [
    "escape_pointer_token", "make_pointer", "Fix", "ACCEPTED_TYPES", "BINDING_TYPES", "CODE_TYPES", "Diagnostic", "EmbeddedTextRule", "HEX32", "JS_IDENTIFIER",
    "MODULE_TYPES", "MigrationReplay", "PYTHON_TYPES", "Part", "Rule", "RuleError", "SCRIPT_TYPES", "Severity", "UUID",
    "Upload", "base_type", "compressed_sizes", "embedded_config", "es_module_imports", "is_placeholder", "is_relative",
    "listed", "main_scan", "mib", "migration_replay", "migration_steps", "module_name", "module_names", "module_scans",
    "climbs_above_root", "regex", "report_at", "resolve_specifier", "startup_modules", "StartupModule", "startup_facts", "module_facts", "main_module_facts", "source_graph",
    "chain_note", *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f"wmlint.analysis.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'wmlint.rulekit' has no attribute {name!r}")
