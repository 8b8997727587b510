#!/usr/bin/env python3
"""Shrinks what wasm-bindgen made for the npm package, before wasm-opt and
esbuild: table entries nothing uses, and long names between the wasm and
its glue.

1. Dead table entries. rustc exports a describe function for every import
   of js-sys and web-sys, linked or not, and each describe of a closure
   argument takes the address of wasm-bindgen's `invoke` shim for that
   closure's signature (a Float16Array `forEach` callback, a `Set` one,
   ...). A taken address is a table entry. wasm-bindgen runs the describes,
   deletes them and exports the one shim a closure of ours uses (JS calls
   it by that export, never through the table), but leaves the table as it
   is, and wasm-opt cannot know that no `call_indirect` reaches an entry:
   so every shim stayed, about 2 KB. The same holds for js-sys's JSPI task
   waker, whose only user is an export wasm-bindgen deletes in a module
   without JSPI. The entries are found by name (wasm-bindgen's output keeps
   the name section) and pointed at one function that traps, so no other
   entry moves.

2. Names. Each import of the glue's own module is named after its Rust
   item with a 16-digit hash (`__wbg_settleWith_8876229d13a9f590`), and
   each snippet import carries its snippet's path; the names are in the
   wasm and again in the glue, and the hashes do not compress. They become
   short names (the glue's module `w`, the snippets `s0`, `s1`, the glue's
   imports, the snippets' functions and the exports a letter or two),
   renamed in every file that names them; the glue's one `import * as`
   per snippet import becomes one per snippet.
   Exports the glue does not use (`__wbindgen_free`, the abort handler's
   globals) are dropped.

Every pattern is checked: a wasm-bindgen that writes its glue differently
makes this fail rather than ship a package whose halves do not match.

3. The split. The main module's exports that the split modules (the
   outbox's, MQTT 5.0's) import (its memory, function table and stack
   pointer) get short names, in every module. The stack pointer's name
   carries a token of the build (8 hex digits of a hash over every module
   as wasm-bindgen and wasm-split-cli left them): a split module of one
   build and the main module of another (a stale cache) fail to link,
   where the same names would link and run on another build's memory
   layout.

Usage: scripts/shrink-bindings.py DIR/NAME_bg.wasm DIR/NAME.js [CHUNK.wasm...]
(all, and the snippets under DIR/snippets, rewritten in place; wasm-dis
and wasm-as of binaryen on PATH, see scripts/wasm-tools.sh).
"""

import hashlib
import os
import re
import string
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
# Exports wasm-bindgen makes that this package's glue never calls.
# (The abort handler's globals are for a JS that reports a trap.)
UNUSED_EXPORT = re.compile(r"^(__wbindgen_free|__abort_handler|__instance_terminated)$")
GLUE_MODULE = "./webmqtt_bg.js"
# The main module's exports that the outbox's module imports (from module
# `__wasm_split`, see scripts/build-npm.sh), with the names both get: the
# glue never calls them (www/npm/outbox.js passes the main module's
# exports), so they are not among its short names, which are letters only.
# The memory keeps its name; the stack pointer's gets the build's token
# (see `main`).
SPLIT_SHARED = {"memory": "memory", "__indirect_function_table": "_t", "__wasm_split_shared0": "_s"}
SPLIT_MODULE = ("__wasm_split", "m")


def dead(name: str) -> bool:
    """Whether a table entry is one only a deleted describe or export used."""
    return "::convert::closures::_::invoke::<" in name or "::futures::jspi::task_waker::" in name


def short_names():
    """a, b, ..., Z, aa, ab, ...: names for JS properties and wasm fields."""
    letters = string.ascii_letters
    for c in letters:
        yield c
    for c in letters:
        for d in letters:
            yield c + d


def sub_checked(pattern: str, repl, text: str, what: str, count: int = 0) -> str:
    new, n = re.subn(pattern, repl, text, count=count, flags=re.M)
    if n == 0:
        sys.exit(f"shrink-bindings: {what} not found where wasm-bindgen wrote it")
    return new


def drop_unused_string_path(glue: str) -> str:
    """Drops passStringToWasm0's path for a call without `realloc`: every
    call the glue makes passes it (there is a realloc export), so the path
    and its TextEncoder.encode are dead code that esbuild cannot see."""
    calls = re.findall(r"(?<!function )passStringToWasm0\(([^()]*)\)", glue)
    # Every call, not only those the pattern could read, must be one of
    # them: an unread call might be one without realloc.
    every = len(re.findall(r"(?<!function )passStringToWasm0\(", glue))
    if not calls or len(calls) != every or any(len(c.split(",")) != 3 for c in calls):
        sys.exit(f"shrink-bindings: a passStringToWasm0 call without realloc, or not read: {calls}")
    # And the one path removed is the one inside that function.
    start = glue.find("function passStringToWasm0(")
    at = glue.find("if (realloc === undefined)")
    if glue.count("if (realloc === undefined)") != 1 or not start < at < glue.find("\n}\n", start):
        sys.exit("shrink-bindings: passStringToWasm0's path without realloc is not where wasm-bindgen wrote it")
    return sub_checked(
        r"^    if \(realloc === undefined\) \{\n(?:        .*\n)*?    \}\n",
        "",
        glue,
        "passStringToWasm0's path without realloc",
        count=1,
    )


def drop_finalization_fallbacks(glue: str) -> str:
    """Drops the stand-ins for a missing FinalizationRegistry: every browser
    that runs the module (reference types) has one (Chrome 84, Firefox 79,
    Safari 14.1). A glue with no closure or class has none to drop."""
    if "FinalizationRegistry" not in glue:
        return glue
    return sub_checked(
        r"\(typeof FinalizationRegistry === 'undefined'\)\n"
        r"    \? \{ register: \(\) => \{\}, unregister: \(\) => \{\} \}\n"
        r"    : new FinalizationRegistry\(",
        "new FinalizationRegistry(",
        glue,
        "the FinalizationRegistry fallback",
    )


def drop_unread_instance_globals(glue: str) -> str:
    """Drops the globals wasm-bindgen keeps the instance and the module in:
    only `initSync` and exports this package does not make read them, and
    the bundler keeps a global's assignments even when nothing reads it."""
    glue = sub_checked(r"^(\s*)let wasmModule, wasmInstance, wasm;$", r"\1let wasm;", glue, "the instance globals", 1)
    glue = sub_checked(r"^\s+wasmInstance = instance;\n", "", glue, "the instance global's assignment", 1)
    glue = sub_checked(r"^\s+wasmModule = module;\n", "", glue, "the module global's assignment", 1)
    if re.search(r"\bwasm(Module|Instance)\b", glue):
        sys.exit("shrink-bindings: the glue reads wasmModule or wasmInstance elsewhere")
    return glue


def drop_dead_entries(lines: list) -> int:
    name = re.compile(r'\$"[^"]*"|\$[^\s)"]+')
    replaced = 0

    def swap(m: re.Match) -> str:
        nonlocal replaced
        if dead(m.group(0)):
            replaced += 1
            return STUB
        return m.group(0)

    # The one active segment that fills the table from offset 1 (wasm-bindgen
    # keeps index 0 free); a declarative or passive segment is not it.
    active = re.compile(r"^ \(elem \$\S+ \(table \$\S+\) \(i32\.const \d+\) func ")
    segments = [i for i, line in enumerate(lines) if active.match(line)]
    if len(segments) != 1:
        sys.exit(f"shrink-bindings: {len(segments)} active element segments, where wasm-bindgen writes one")
    i = segments[0]
    lines[i] = name.sub(swap, lines[i])
    lines.insert(i + 1, f" (func {STUB} unreachable)")
    if replaced == 0:
        # Nothing to drop means the names changed (or the name section is
        # gone), not that the shims went away: say so rather than ship a
        # package silently larger.
        sys.exit("shrink-bindings: no dead table entry found by name; has wasm-bindgen renamed its closure shims?")
    return replaced


def rename(lines: list, glue: str, snippet_dir: str) -> str:
    imports = short_names()
    exports = short_names()
    modules = {GLUE_MODULE: "w"}
    import_line = re.compile(r'^ \(import "([^"]+)" "([^"]+)"')
    export_line = re.compile(r'^ \(export "([^"]+)"')
    out = []
    for line in lines:
        m = import_line.match(line)
        if m:
            module, field = m.groups()
            if module == GLUE_MODULE:
                new = next(imports)
                glue = sub_checked(rf"^(\s+){re.escape(field)}(: function\()", rf"\g<1>{new}\2", glue, field, 1)
                field = new
            elif module.startswith("./snippets/"):
                modules.setdefault(module, f"s{len(modules) - 1}")
            else:
                sys.exit(f"shrink-bindings: an import from {module}, which this script does not know")
            line = f' (import "{modules[module]}" "{field}"' + line[m.end():]
        m = export_line.match(line)
        if m and m.group(1) in SPLIT_SHARED:
            # The glue may read them too (wasm-bindgen's function table).
            new = SPLIT_SHARED[m.group(1)]
            glue = re.sub(rf"\bwasm\.{re.escape(m.group(1))}\b", f"wasm.{new}", glue)
            line = f' (export "{new}"' + line[m.end():]
        elif m:
            used = re.compile(rf"\bwasm\.{re.escape(m.group(1))}\b")
            if not used.search(glue):
                # Only exports known to be unused are dropped: a glue that
                # reached an export another way would otherwise lose it.
                if not UNUSED_EXPORT.match(m.group(1)):
                    sys.exit(f"shrink-bindings: the glue does not call export {m.group(1)} as wasm.NAME")
                continue
            new = next(exports)
            glue = used.sub(f"wasm.{new}", glue)
            line = f' (export "{new}"' + line[m.end():]
        out.append(line)
    lines[:] = out
    glue, fields = rename_snippet_exports(lines, glue, modules, snippet_dir)

    # The import object: each snippet's functions the wasm imports in a
    # plain object of their own, from one named import per snippet (not
    # wasm-bindgen's `import * as` per function, which a bundler turns into
    # a namespace object of getters).
    seen = set()

    def namespace(m: re.Match) -> str:
        module = m.group(1)
        if module in seen:
            return ""
        seen.add(module)
        key = modules[module]
        names = ", ".join(f"{f} as {key}_{f}" for f in fields[key])
        return f'import {{ {names} }} from "{module}";\n'

    glue = sub_checked(r'^import \* as import\d+ from "([^"]+)"\n', namespace, glue, "import * as")
    if seen != set(modules) - {GLUE_MODULE}:
        sys.exit("shrink-bindings: the snippets the wasm imports and the glue imports differ")
    glue_import = re.search(rf'^\s+"{re.escape(GLUE_MODULE)}": (import\d+),$', glue, re.M)
    if glue_import is None:
        sys.exit("shrink-bindings: the glue's own module not found in the import object")
    entries = [f'"{modules[GLUE_MODULE]}": {glue_import.group(1)}']
    for key in fields:
        entries.append(f'"{key}": {{ ' + ", ".join(f"{f}: {key}_{f}" for f in fields[key]) + " }")
    glue = sub_checked(
        r"return \{\n\s+__proto__: null,\n(\s+\"[^\"]+\": import\d+,\n)+\s+\};",
        "return { __proto__: null, " + ", ".join(entries) + " };",
        glue,
        "the import object",
        1,
    )
    # The entries call `init` with nothing or `{ module_or_path }`, never
    # the older form this warns about.
    glue = sub_checked(
        r"^\s+console\.warn\('using deprecated parameters for the initialization function; pass a single object instead'\)\n",
        "",
        glue,
        "the deprecated parameters' warning",
        1,
    )
    # `initSync` is not part of the package (its entries load the module
    # with `init`), so the bundler may drop it.
    return sub_checked(
        r"^export \{ initSync, __wbg_init as default \};$",
        "export { __wbg_init as default };",
        glue,
        "export { initSync }",
        1,
    )


def rename_snippet_exports(lines: list, glue: str, modules: dict, snippet_dir: str):
    """The snippets' functions exported under short names: renamed in the
    wasm's imports, in the glue's named imports, and in each snippet's
    exports (its own names stay, so its calls of them still hold). Returns
    the glue and, per snippet key, the short names the wasm imports."""
    import_line = re.compile(r'^ \(import "(s\d+)" "([^"]+)"')
    named = re.compile(r"^import \{ ([^}]+) \} from '([^']+)';$", re.M)
    fields = {}
    for module, key in modules.items():
        if key == modules[GLUE_MODULE]:
            continue
        names = short_names()
        renamed = {}
        for i, line in enumerate(lines):
            m = import_line.match(line)
            if m and m.group(1) == key:
                field = renamed.setdefault(m.group(2), next(names))
                lines[i] = f' (import "{key}" "{field}"' + line[m.end():]
        fields[key] = list(renamed.values())

        def glue_names(m: re.Match) -> str:
            if m.group(2) != module:
                return m.group(0)
            parts = [f"{renamed.setdefault(n, next(names))} as {n}" for n in m.group(1).split(", ")]
            return "import { " + ", ".join(parts) + " } from '" + module + "';"

        glue = named.sub(glue_names, glue)
        path = snippet_dir + module[1:]
        with open(path, encoding="utf-8") as f:
            snippet = f.read()
        for name in renamed:
            snippet = sub_checked(rf"^export (function|const) {name}\b", rf"\1 {name}", snippet, f"export {name}", 1)
        snippet += "\nexport { " + ", ".join(f"{n} as {s}" for n, s in renamed.items()) + " };\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(snippet)
    return glue, fields


def trim_types(glue_path: str, wasm: str) -> None:
    """The type files follow the module: the export list of
    `NAME_bg.wasm.d.ts` and `InitOutput` name exports renamed or dropped
    above, and `initSync` is no longer exported, so they go; the default
    `init` the entries call stays, resolving to nothing a user reads."""
    os.remove(wasm[: -len(".wasm")] + ".wasm.d.ts")
    dts_path = glue_path[: -len(".js")] + ".d.ts"
    with open(dts_path, encoding="utf-8") as f:
        dts = f.read()
    dts = sub_checked(
        r"^export type InitInput = (?s:.*)\Z",
        "export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;\n\n"
        "/** Loads and instantiates the wasm module; the package's entries call it (see `ready`). */\n"
        "export default function __wbg_init(module_or_path?: { module_or_path: InitInput | Promise<InitInput> }): Promise<unknown>;\n",
        dts,
        "the init types",
        1,
    )
    with open(dts_path, "w", encoding="utf-8") as f:
        f.write(dts)


def rename_split_imports(chunk: str) -> None:
    """The outbox's module imports the main module's memory, table and
    stack pointer under their new names (see SPLIT_SHARED), from a module
    of a one-letter name."""
    with tempfile.TemporaryDirectory() as tmp:
        wat = f"{tmp}/module.wat"
        subprocess.run(["wasm-dis", *FEATURES, chunk, "-o", wat], check=True)
        with open(wat, encoding="utf-8") as f:
            lines = f.read().split("\n")
        import_line = re.compile(r'^ \(import "([^"]+)" "([^"]+)"')
        seen = set()
        for i, line in enumerate(lines):
            m = import_line.match(line)
            if not m:
                continue
            module, field = m.groups()
            if module != SPLIT_MODULE[0] or field not in SPLIT_SHARED:
                sys.exit(f"shrink-bindings: {chunk} imports {module}.{field}, which the main module does not share")
            seen.add(field)
            lines[i] = f' (import "{SPLIT_MODULE[1]}" "{SPLIT_SHARED[field]}"' + line[m.end():]
        if seen != set(SPLIT_SHARED):
            sys.exit(f"shrink-bindings: {chunk} imports {sorted(seen)}, not {sorted(SPLIT_SHARED)}")
        with open(wat, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        subprocess.run(["wasm-as", *FEATURES, "-g", wat, "-o", chunk], check=True)


def main() -> None:
    wasm, glue_path = sys.argv[1], sys.argv[2]
    chunks = sys.argv[3:]
    if chunks:
        # The build's token, from every module before anything is renamed.
        h = hashlib.sha256()
        for path in (wasm, *chunks):
            with open(path, "rb") as f:
                h.update(f.read())
        SPLIT_SHARED["__wasm_split_shared0"] += h.hexdigest()[:8]
        for chunk in chunks:
            rename_split_imports(chunk)
    with open(glue_path, encoding="utf-8") as f:
        glue = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        wat = f"{tmp}/module.wat"
        subprocess.run(["wasm-dis", *FEATURES, wasm, "-o", wat], check=True)
        with open(wat, encoding="utf-8") as f:
            lines = f.read().split("\n")
        replaced = drop_dead_entries(lines)
        glue = rename(lines, glue, glue_path.rsplit("/", 1)[0])
        with open(wat, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        # -g keeps the function names, for WASM_NAMES=1 builds; wasm-opt
        # strips them.
        subprocess.run(["wasm-as", *FEATURES, "-g", wat, "-o", wasm], check=True)
    glue = drop_unused_string_path(glue)
    glue = drop_finalization_fallbacks(glue)
    glue = drop_unread_instance_globals(glue)
    with open(glue_path, "w", encoding="utf-8") as f:
        f.write(glue)
    trim_types(glue_path, wasm)
    print(f"{wasm}: {replaced} dead table entries dropped, imports and exports renamed", file=sys.stderr)


if __name__ == "__main__":
    main()
