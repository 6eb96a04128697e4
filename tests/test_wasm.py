"""The Wasm import-section reader on real shapes and on hostile bytes."""

from __future__ import annotations

from wmlint.analysis.wasm import WasmImport, wasm_imports

HEADER = b"\0asm\1\0\0\0"
TYPES = b"\x01\x04\x01\x60\x00\x00"  # one type: () -> ()
#: env.f (function), env.mem (memory, min 1), env.t (funcref table, min 0 max 2), env.g (const i32)
IMPORTS = (b"\x04" + b"\x03env\x01f\x00\x00" + b"\x03env\x03mem\x02\x00\x01" + b"\x03env\x01t\x01\x70\x01\x00\x02"
           + b"\x03env\x01g\x03\x7f\x00")
MODULE = HEADER + TYPES + b"\x02" + bytes([len(IMPORTS)]) + IMPORTS


def test_every_kind_of_import_in_order():
    assert wasm_imports(MODULE) == [WasmImport("env", "f", "function"), WasmImport("env", "mem", "memory"),
                                    WasmImport("env", "t", "table"), WasmImport("env", "g", "global")]


def test_a_module_without_an_import_section():
    assert wasm_imports(HEADER + TYPES) == []


def test_not_wasm():
    assert wasm_imports(b"") is None
    assert wasm_imports(b"\0asm\2\0\0\0") is None
    assert wasm_imports(b"export default {}") is None


def test_every_truncation_is_refused_without_an_exception():
    for end in range(8, len(MODULE)):
        got = wasm_imports(MODULE[:end])
        assert got is None or got == [], end  # cut inside the type section: no import section read


def test_a_huge_count_or_length_ends_at_the_data():
    assert wasm_imports(HEADER + b"\x02\x06" + b"\xff\xff\xff\xff\x0f" + b"\x00") is None
    assert wasm_imports(HEADER + b"\x02\xff\xff\xff\xff\x0f") is None
    assert wasm_imports(HEADER + b"\x02\x01" + b"\x80" * 50) is None
