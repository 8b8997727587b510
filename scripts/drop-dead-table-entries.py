#!/usr/bin/env python3
"""Points the function table's dead entries of a wasm-bindgen output at
one empty function, so wasm-opt can drop the code they held.

rustc exports a describe function for every import of js-sys and web-sys,
linked or not, and each describe of a closure argument takes the address
of wasm-bindgen's `invoke` shim for that closure's signature (a Float16Array
`forEach` callback, a `Set` one, ...). A taken address is a table entry.
wasm-bindgen runs the describes, deletes them and exports the one shim a
closure of ours uses (JS calls it by that export, never through the
table), but leaves the table as it is, and wasm-opt cannot know that no
`call_indirect` reaches an entry: so every shim stayed, about 2 KB. The
same holds for js-sys's JSPI task waker, whose only user is an export
that wasm-bindgen deletes in a module without JSPI.

The entries are found by name (the wasm-bindgen output keeps the name
section) and replaced, not removed, so no other entry moves; a call through
one of them, which nothing makes, would trap.

Usage: scripts/drop-dead-table-entries.py FILE.wasm (rewritten in place;
wasm-dis and wasm-as of binaryen on PATH, see scripts/wasm-tools.sh).
"""

import re
import subprocess
import sys
import tempfile

FEATURES = [
    "--enable-bulk-memory",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-multivalue",
]
STUB = "$__dead_table_entry"


def dead(name: str) -> bool:
    """Whether a table entry is one only a deleted describe or export used."""
    return "::convert::closures::_::invoke::<" in name or "::futures::jspi::task_waker::" in name


def main() -> None:
    path = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        wat = f"{tmp}/module.wat"
        subprocess.run(["wasm-dis", *FEATURES, path, "-o", wat], check=True)
        with open(wat, encoding="utf-8") as f:
            lines = f.read().split("\n")
        name = re.compile(r'\$"[^"]*"|\$[^\s)"]+')
        replaced = 0

        def swap(m: re.Match) -> str:
            nonlocal replaced
            if dead(m.group(0)):
                replaced += 1
                return STUB
            return m.group(0)

        for i, line in enumerate(lines):
            if line.startswith(" (elem "):
                lines[i] = name.sub(swap, line)
                lines.insert(i + 1, f" (func {STUB} unreachable)")
                break
        with open(wat, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        # -g keeps the names, for WASM_NAMES=1 builds; wasm-opt strips them.
        subprocess.run(["wasm-as", *FEATURES, "-g", wat, "-o", path], check=True)
    print(f"{path}: {replaced} dead table entries dropped", file=sys.stderr)


if __name__ == "__main__":
    main()
