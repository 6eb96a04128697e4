"""Recognise credentials in plain-text values, without ever returning the value itself.

>>> credential_kind("AKIA" + "Q" * 16), credential_kind("hello world")
('an AWS access key ID', None)
>>> round(entropy("aaaa"), 2), entropy("abcd") > 1.9
(0.0, True)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from typing import Any

from wmlint.model import regex
from wmlint.model.diagnostic import escape_pointer_token, value_at

__all__ = ["credential_kind", "entropy", "secret_like_name", "high_entropy", "string_leaves", "flagged_value",
           "has_jwt", "mask_all_strings", "sensitive_pointers", "credential_var_paths", "secret_strings"]

#: A JSON or TOML string literal (basic, literal, multi-line), tolerant of broken input (for
#: masking text that did not parse).
_STRING_LITERAL = regex.linear(r'"""[\s\S]*?(?:"""|\z)' r"|'''[\s\S]*?(?:'''|\z)"
                               r'|"(?:[^"\\\n]|\\.)*"?' r"|'[^'\n]*'?")


def mask_all_strings(text: str) -> list[tuple[int, int]]:
    """The spans of every string literal in ``text``: when the metadata did not parse, nothing in
    it can be told apart, so every string is masked in snippets.

    >>> mask_all_strings('{"text": "s3cr3t", broken')
    [(1, 7), (9, 17)]
    """
    return [m.span() for m in _STRING_LITERAL.finditer(text)]


#: (description, pattern): well-known token formats with a distinctive prefix or frame
_FORMATS: list[tuple[str, regex.Linear]] = [
    ("a PEM private key", regex.linear(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")),
    ("an AWS access key ID", regex.linear(r"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b")),
    ("a GitHub token", regex.linear(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b")),
    ("a Slack token", regex.linear(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("a Stripe secret key", regex.linear(r"\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}")),
    ("a Google API key", regex.linear(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("a Cloudflare API token", regex.linear(r"\bcf[a-z]{1,3}_[A-Za-z0-9_-]{40,}")),
    ("a URL with a password", regex.linear(r"\b[a-z][a-z0-9+.-]{1,20}://[^/\s:@]{1,256}:[^/\s@]{1,256}@[^/\s@]")),
    ("a Slack webhook URL", regex.linear(r"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9/_-]{20,}")),
    ("a SendGrid API key", regex.linear(r"\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,64}")),
    ("a Twilio API key", regex.linear(r"\bSK[0-9a-f]{32}\b")),
    ("an Azure connection string", regex.linear(r"\b(?:[Aa]ccount[Kk]ey|[Ss]hared[Aa]ccess[Kk]ey|[Ss]hared[Aa]ccess[Ss]ignature)=[A-Za-z0-9+/=%]{20,}")),
]
_URL_WITH_PASSWORD = next(p for what, p in _FORMATS if what == "a URL with a password")
#: a Cloudflare API token has no prefix (40 URL-safe characters); recognised by the binding's name
_CF_TOKEN = regex.anchored(r"^[A-Za-z0-9_-]{40}$")
_CF_NAME = regex.searched(r"(?i)(?:^|_)(?:CF|CLOUDFLARE)(?:_|$)")
_SECRET_NAME = regex.searched(r"(?i)(?:^|_|-)(?:KEY|TOKEN|SECRET|SECRETS|PASSWORD|PASSWD|PWD|APIKEY|CREDENTIALS?)(?:_|-|$)"
                          r"|SECRET|PASSWORD|API_?KEY|ACCESS_?TOKEN|PRIVATE_?KEY")
_TOKENISH = regex.anchored(r"^[A-Za-z0-9+/=_\-.~:]{16,}$")


#: all formats in one pattern, one named group each: a single scan per value
_ANY_FORMAT = regex.linear("|".join(f"(?P<f{i}>{p.pattern})" for i, (_, p) in enumerate(_FORMATS)
                                    if isinstance(p.pattern, str)))


_DOTTED = regex.searched(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*")
_CLASSES = (regex.searched("[a-z]"), regex.searched("[A-Z]"), regex.searched("[0-9]"))


def has_jwt(value: str) -> bool:
    """Does ``value`` hold a JSON Web Token (``eyJ…{8,}.eyJ…{8,}.…{16,}``)? A linear scan of
    dotted tokens: the regular expression for the same went quadratic on long runs of "eyJ".

    >>> has_jwt("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlc2lnbmF0dXJl"), has_jwt("eyJ.eyJ.x")
    (True, False)
    """
    for m in _DOTTED.finditer(value):
        segs = m.group().split(".")
        for i in range(len(segs) - 2):
            head, payload, sig = segs[i], segs[i + 1], segs[i + 2]
            if len(sig) < 16 or len(payload) < 11 or not payload.startswith("eyJ"):
                continue
            k = head.find("eyJ")
            while k >= 0:  # "eyJ" at a word boundary (the start, or after "-") with 8 more characters
                if len(head) - k - 3 < 8:
                    break
                if k == 0 or head[k - 1] == "-":
                    return True
                k = head.find("eyJ", k + 1)
    return False


def credential_kind(value: str, name: str = "") -> str | None:
    """A description of the credential format ``value`` matches, or None."""
    m = _ANY_FORMAT.search(value)
    if m is not None and m.lastgroup is not None:
        return _FORMATS[int(m.lastgroup[1:])][0]
    if "eyJ" in value and has_jwt(value):
        return "a JSON Web Token"
    if _CF_NAME.search(name) and _CF_TOKEN.match(value) and entropy(value) >= 4.0:
        return "a Cloudflare API token"
    return None


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    n = len(value)
    return 0.0 - sum(c / n * math.log2(c / n) for c in Counter(value).values())


def secret_like_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name))


def high_entropy(value: str, threshold: float = 3.5) -> bool:
    """A single token of 16+ characters that looks random (not a URL, not words)."""
    if not _TOKENISH.match(value) or "://" in value or value.isdigit():
        return False
    classes = sum(bool(p.search(value)) for p in _CLASSES)
    return classes >= 2 and entropy(value) >= threshold


def string_leaves(value: Any, path: str = "") -> Iterator[tuple[str, str, str]]:
    """``(pointer suffix, key name, string)`` for every string in a JSON value."""
    stack: list[tuple[Any, str, str]] = [(value, path, "")]
    while stack:
        v, p, key = stack.pop()
        if isinstance(v, str):
            yield p, key, v
        elif isinstance(v, dict):
            stack.extend((x, f"{p}/{escape_pointer_token(k)}", str(k)) for k, x in v.items())
        elif isinstance(v, list):
            stack.extend((x, f"{p}/{i}", key) for i, x in enumerate(v))


def flagged_value(binding: dict[str, Any], threshold: float = 3.5) -> Iterator[tuple[str, str]]:
    """``(pointer suffix, reason)`` for each value of a plain_text/json binding that looks like a secret."""
    raw_name = binding.get("name")
    name: str = raw_name if isinstance(raw_name, str) else ""
    kind = binding.get("type")
    if kind == "plain_text" and isinstance(binding.get("text"), str):
        leaves: Iterator[tuple[str, str, str]] = iter([("/text", name, str(binding["text"]))])
    elif kind == "json" and "json" in binding:
        leaves = string_leaves(binding["json"], "/json")
    else:
        return
    for suffix, key, text in leaves:
        found = credential_kind(text, key or name)
        if found:
            yield suffix, f"looks like {found}"
        elif (secret_like_name(name) or secret_like_name(key)) and high_entropy(text, threshold):
            yield suffix, "is a high-entropy string in a value named like a secret"


#: Binding types whose values are secret, and the keys of theirs that are not.
_SECRET_TYPES = ("secret_text", "secret_key")
_PUBLIC_KEYS = frozenset({"name", "type", "format", "algorithm", "usages"})


def sensitive_pointers(metadata: Any, threshold: float = 3.5) -> list[str]:
    """Pointers to the values that must never be echoed: every value of a secret binding (and
    of a binding whose type is a slip of one, ``secret_txt``) but its name and type, asset
    tokens, and plain-text values that hold a credential (``threshold``: the entropy at which
    a value named like a secret counts, as configured for WM803)."""
    from wmlint.analysis.suggest import near_miss

    ptrs: list[str] = []
    if not isinstance(metadata, dict):
        return ptrs
    bindings = metadata.get("bindings")
    if isinstance(bindings, list):
        for i, b in enumerate(bindings):
            if isinstance(b, dict):
                kind = b.get("type")
                if isinstance(kind, str) and (kind in _SECRET_TYPES or near_miss(kind, _SECRET_TYPES)):
                    ptrs.extend(f"/bindings/{i}/{escape_pointer_token(k)}" for k in b if k not in _PUBLIC_KEYS)
                if b.get("type") in ("plain_text", "json"):
                    ptrs.extend(f"/bindings/{i}{suffix}" for suffix, _ in flagged_value(b, threshold))
    assets = metadata.get("assets")
    if isinstance(assets, dict) and "jwt" in assets:
        ptrs.append("/assets/jwt")
    config = assets.get("config") if isinstance(assets, dict) else None
    headers = config.get("_headers") if isinstance(config, dict) else None
    if isinstance(headers, str) and _headers_carry_credentials(headers):
        ptrs.append("/assets/config/_headers")
    redirects = config.get("_redirects") if isinstance(config, dict) else None
    if isinstance(redirects, str) and "@" in redirects and _URL_WITH_PASSWORD.search(redirects):
        ptrs.append("/assets/config/_redirects")  # a destination that carries a password
    return ptrs


#: Headers whose value is a credential whatever it looks like.
CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key", "api-key",
                                "x-auth-token", "x-access-token"})


def headers_with_credentials(parsed: Any) -> Iterator[tuple[int, Any, str]]:
    """``(line, token, what it is)`` for each line of a parsed ``_headers`` text
    (``wmlint.analysis.assets.Headers``) that carries a credential: header lines under a path
    or before any (the token is the header's name), and lines that parse as neither (the
    token is the whole line, read as ``name: value``)."""
    lines = [(h.line, h.name, h.name.text if h.name else "", h.value.text if h.value else "")
             for h in [*(h for rule in parsed.rules for h in rule.headers), *parsed.orphans]]
    for number, token, _ in parsed.malformed:
        name, sep, value = token.text.strip().partition(":")
        if sep:
            lines.append((number, token, name.strip(), value))
    for number, token, name, value in sorted(lines, key=lambda x: x[0]):
        if token is None or not value.strip():
            continue
        kind = credential_kind(value.strip(), name)
        if kind is None and name.lower() in CREDENTIAL_HEADERS:
            kind = "a credential"
        if kind is not None:
            yield number, token, kind


def _headers_carry_credentials(text: str) -> bool:
    """Does a ``_headers`` text hold a credential? (Then snippets hide all of it.)"""
    from wmlint.analysis.assets import parse_headers

    return any(True for _ in headers_with_credentials(parse_headers(text)))


def credential_var_paths(config: Any, threshold: float = 3.5) -> list[tuple[Any, ...]]:
    """Key paths, in a wrangler configuration as parsed, of the ``vars`` whose value holds a
    credential, in every environment: those of an environment not selected (and the top-level
    ones when one is) are not translated, but their text is still in the file."""
    out: list[tuple[Any, ...]] = []
    if not isinstance(config, dict):
        return out
    tables: list[tuple[tuple[Any, ...], Any]] = [((), config)]
    envs = config.get("env")
    if isinstance(envs, dict):
        tables += [(("env", name), env) for name, env in envs.items() if isinstance(env, dict)]
    for base, table in tables:
        variables = table.get("vars")
        if not isinstance(variables, dict):
            continue
        for name, value in variables.items():
            binding = ({"type": "plain_text", "name": name, "text": value} if isinstance(value, str)
                       else {"type": "json", "name": name, "json": value})
            for suffix, _ in flagged_value(binding, threshold):  # "/text", or "/json/a/0"
                rest = [t.replace("~1", "/").replace("~0", "~") for t in suffix.split("/")[2:]]
                out.append((*base, "vars", name, *(int(t) if t.isdigit() else t for t in rest)))
    return out


_URL_PASSWORD = regex.linear(r"\b[a-z][a-z0-9+.-]{1,20}://[^/\s:@]{1,256}:([^/\s@]{1,256})@")


def secret_strings(metadata: Any, threshold: float = 3.5) -> set[str]:
    """The texts a finding's message must never quote: every sensitive string value, and of one
    that holds URLs with a password (a ``_redirects`` destination), those passwords."""
    out: set[str] = set()
    for pointer in sensitive_pointers(metadata, threshold):
        value = value_at(metadata, pointer)
        if not isinstance(value, str):
            continue
        passwords = [m.group(1) for m in _URL_PASSWORD.finditer(value)] if "://" in value else []
        out.update(p for p in passwords or [value] if len(p) >= 6)  # shorter ones would mangle words
    return out
