"""Parse a multipart/form-data body exactly as sent, keeping every part's position."""

from __future__ import annotations

from dataclasses import dataclass
from wmlint.model import regex

_DISPOSITION_PARAM = regex.searched(r';\s*([A-Za-z0-9_*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')
MAX_HEADER_BYTES = 16 * 1024
_BLANK_LINE = regex.searched_bytes(rb"\r?\n\r?\n")
_LINE_BREAK = regex.searched_bytes(rb"\r?\n")
_QUOTED_PAIR = regex.searched(r"\\(.)")


@dataclass
class RawPart:
    name: str | None
    filename: str | None
    content_type: str | None
    data: bytes
    #: byte offset of the part's body in the whole input
    body_offset: int


@dataclass
class MultipartError:
    message: str
    offset: int


def looks_like_multipart(data: bytes) -> bool:
    """A body starts with ``--BOUNDARY`` on its first line; JSON never does."""
    head = data[:4096].lstrip(b"\r\n")
    if not head.startswith(b"--"):
        return False
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    return len(first) > 2 and b" " not in first.strip()


def parse_multipart(data: bytes) -> tuple[list[RawPart], list[MultipartError]]:
    """Split ``data`` into parts. Never raises: problems come back as errors with offsets."""
    errors: list[MultipartError] = []
    parts: list[RawPart] = []
    start = len(data) - len(data.lstrip(b"\r\n"))
    nl = data.find(b"\n", start)
    if nl < 0:
        return parts, [MultipartError("the body ends after its first line: no parts follow the boundary", len(data))]
    boundary = data[start:nl].rstrip(b"\r")
    if len(boundary) <= 2 or len(boundary) > 72:
        errors.append(MultipartError(f"the boundary line {boundary[:80]!r} is not a valid multipart boundary (1 to 70 characters after '--')", start))
        if len(boundary) <= 2:
            return parts, errors
    delim = b"\n" + boundary
    pos = nl + 1
    while True:
        nxt = data.find(delim, pos)
        if nxt < 0:
            errors.append(MultipartError("the body is truncated: the closing boundary " + repr(boundary.decode("latin-1") + "--") + " is missing", len(data)))
            seg_end = len(data)
        else:
            seg_end = nxt - 1 if nxt > 0 and data[nxt - 1: nxt] == b"\r" else nxt
        part = _parse_part(data, pos, seg_end, errors)
        if part is not None:
            parts.append(part)
        if nxt < 0:
            break
        after = nxt + len(delim)
        if data[after: after + 2] == b"--":
            break
        eol = data.find(b"\n", after)
        if eol < 0:
            errors.append(MultipartError("the body is truncated after a boundary line", len(data)))
            break
        pos = eol + 1
    return parts, errors


def _parse_part(data: bytes, start: int, end: int, errors: list[MultipartError]) -> RawPart | None:
    if data[start: start + 2] == b"\r\n" or data[start: start + 1] == b"\n":
        header_block = b""  # no headers at all: the blank line comes first
        body_start = start + (2 if data[start: start + 1] == b"\r" else 1)
    else:
        m = _BLANK_LINE.search(data, start, min(end, start + MAX_HEADER_BYTES))
        if m is None:
            if end - start > MAX_HEADER_BYTES:
                errors.append(MultipartError(f"a part's headers are longer than {MAX_HEADER_BYTES} bytes", start))
            else:
                errors.append(MultipartError("a part has no blank line between its headers and its content", start))
            return None
        header_block = data[start: m.start()]
        body_start = m.end()
    headers: dict[str, str] = {}
    for raw_line in _LINE_BREAK.split(header_block):
        if not raw_line.strip():
            continue
        line = raw_line.decode("utf-8", "replace")
        if ":" not in line:
            errors.append(MultipartError(f"malformed part header {line[:80]!r}: expected 'Name: value'", start))
            continue
        k, v = line.split(":", 1)
        headers[k.strip().lower()] = v.strip()
    disp = headers.get("content-disposition")
    if disp is None:
        errors.append(MultipartError("a part has no Content-Disposition header, so it has no name", start))
        return None
    params = {k.lower(): _unquote(v.strip()) for k, v in _DISPOSITION_PARAM.findall(disp)}
    if not disp.lower().startswith("form-data"):
        errors.append(MultipartError(f"Content-Disposition {disp[:80]!r} is not 'form-data'", start))
    name = params.get("name")
    if not name:
        errors.append(MultipartError("a part's Content-Disposition has no name parameter", start))
    return RawPart(name or None, params.get("filename"), headers.get("content-type"), data[body_start:end], body_start)


def _unquote(v: str) -> str:
    if len(v) >= 2 and v[0] == '"' and v[-1] == '"':
        return _QUOTED_PAIR.sub(r"\1", v[1:-1])
    return v
