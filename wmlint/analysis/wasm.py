"""The import section of a WebAssembly binary: what a module asks of its import object.

Read from the bytes as the format defines them (the binary format's module header, section
ids and LEB128 integers), bounded by the input: every loop advances, and a malformed or
truncated module gives None rather than a guess.
"""

from __future__ import annotations

from typing import NamedTuple

#: import kinds, by the byte that names them
KINDS = {0: "function", 1: "table", 2: "memory", 3: "global", 4: "tag"}


class WasmImport(NamedTuple):
    module: str
    field: str
    kind: str


class _Malformed(Exception):
    pass


def _uint(data: bytes, pos: int, end: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= end or shift > 35:
            raise _Malformed
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def _name(data: bytes, pos: int, end: int) -> tuple[str, int]:
    size, pos = _uint(data, pos, end)
    if pos + size > end:
        raise _Malformed
    try:
        return data[pos:pos + size].decode("utf-8"), pos + size
    except UnicodeDecodeError:
        raise _Malformed from None


def _limits(data: bytes, pos: int, end: int) -> int:
    flags, pos = _uint(data, pos, end)
    _, pos = _uint(data, pos, end)
    if flags & 1:
        _, pos = _uint(data, pos, end)
    return pos


def wasm_imports(data: bytes) -> list[WasmImport] | None:
    """The module's imports in order, or None when ``data`` is not a well-formed module header
    and section list (or its import section cannot be read)."""
    if len(data) < 8 or data[:4] != b"\0asm" or data[4:8] != b"\1\0\0\0":
        return None
    pos, end = 8, len(data)
    try:
        while pos < end:
            section = data[pos]
            size, pos = _uint(data, pos + 1, end)
            stop = pos + size
            if stop > end:
                return None
            if section != 2:
                pos = stop
                continue
            count, pos = _uint(data, pos, stop)
            out: list[WasmImport] = []
            for _ in range(count):
                module, pos = _name(data, pos, stop)
                field, pos = _name(data, pos, stop)
                if pos >= stop:
                    return None
                kind = data[pos]
                pos += 1
                if kind == 0 or kind == 4:  # a type index (a tag: an attribute byte first)
                    if kind == 4:
                        pos += 1
                    _, pos = _uint(data, pos, stop)
                elif kind == 1:  # a table: its element type, then limits
                    pos = _limits(data, pos + 1, stop)
                elif kind == 2:
                    pos = _limits(data, pos, stop)
                elif kind == 3:  # a global: value type and mutability
                    pos += 2
                else:
                    return None
                if pos > stop:
                    return None
                out.append(WasmImport(module, field, KINDS[kind]))
            return out
        return []
    except _Malformed:
        return None
