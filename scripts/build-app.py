#!/usr/bin/env python3
"""Builds the web app into dist/ as `trunk build --release` does, from the
same index.html, without Trunk.

Trunk takes about 30 minutes to compile on a fresh 2-core machine, which is
most of the time before the app can open; this script needs only what the
build needs anyway: cargo, wasm-bindgen (the CLI at the crate's version) and
wasm-opt (binaryen from npm), both put on PATH by scripts/wasm-tools.sh.
index.html stays a Trunk file, so `trunk serve` keeps working for those who
have it.

It reads the three kinds of `<link data-trunk>` index.html uses:
  rel="css"       copied with a content hash in its name, linked with SRI;
  rel="copy-dir"  copied as it is (the hosted dashboards' folder);
  rel="rust"      built for wasm32 in release, bound with wasm-bindgen
                  (--target web), optimised with wasm-opt, and started by a
                  module script, with preloads, as Trunk does.
                  With `data-wasm-split` (which Trunk ignores) it is built
                  with the cargo feature `split` and cut by wasm-split-cli
                  into the main module and the chunks loaded on demand,
                  as cargo-leptos does: link with --emit-relocs, split,
                  then wasm-bindgen (keeping the exports the chunks use)
                  on the main module, then wasm-opt on every module.
Every URL in the page is relative (./), so dist/ works from any sub-path;
the chunks are fetched relative to their loader script, with SRI.

Usage: scripts/build-app.py [--dist DIR]
"""

import base64
import glob
import hashlib
import html.parser
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET_DIR = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))


class TrunkLinks(html.parser.HTMLParser):
    """The `<link data-trunk>` elements of a page, with their positions."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.links = []  # (start offset, end offset, attributes)
        self.feed(text)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag != "link" or "data-trunk" not in attrs:
            return
        line, col = self.getpos()
        start = sum(len(l) for l in self.text.splitlines(True)[: line - 1]) + col
        end = start + len(self.get_starttag_text())
        self.links.append((start, end, attrs))


def run(*cmd):
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)


def hashed_name(path, data):
    stem, ext = os.path.splitext(os.path.basename(path))
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}{ext}"


def integrity(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def css(attrs, dist):
    data = open(os.path.join(ROOT, attrs["href"]), "rb").read()
    name = hashed_name(attrs["href"], data)
    open(os.path.join(dist, name), "wb").write(data)
    return f'<link rel="stylesheet" href="./{name}" integrity="{integrity(data)}"/>'


def copy_dir(attrs, dist):
    src = os.path.join(ROOT, attrs["href"])
    shutil.copytree(src, os.path.join(dist, os.path.basename(src.rstrip("/"))))
    return ""


def rust(attrs, dist):
    binary = attrs["data-bin"]
    split = "data-wasm-split" in attrs
    features = [f for f in attrs.get("data-cargo-features", "").split(",") if f]
    if split:
        features.append("split")
    # `cargo rustc` passes the link flag to the binary's link alone, so the
    # dependencies keep the build they share with `cargo build`.
    cargo = ["cargo", "rustc" if split else "build", "--release", "--target", "wasm32-unknown-unknown", "--bin", binary]
    if "data-cargo-no-default-features" in attrs:
        cargo.append("--no-default-features")
    if features:
        cargo += ["--features", ",".join(features)]
    if split:
        # wasm-split-cli finds what each split point reaches from the
        # relocations.
        cargo += ["--", "-Clink-args=--emit-relocs"]
    run(*cargo)
    wasm = os.path.join(TARGET_DIR, "wasm32-unknown-unknown", "release", f"{binary}.wasm")
    out = os.path.join(TARGET_DIR, "app-build")
    shutil.rmtree(out, ignore_errors=True)
    chunks, link = [], None
    bindgen = ["wasm-bindgen", "--target", "web", "--no-typescript"]
    if split:
        split_dir = os.path.join(out, "split")
        run("wasm-split-cli", "--target", "web", "--out-name", binary, wasm, split_dir)
        wasm = os.path.join(split_dir, f"{binary}.wasm")
        chunks = sorted(c for c in glob.glob(os.path.join(split_dir, "*.wasm")) if c != wasm)
        link = os.path.join(split_dir, "__wasm_split.js")
        # The chunks reach the main module's functions through its table
        # and lld's exports, which wasm-bindgen would otherwise drop.
        bindgen += ["--keep-lld-exports", "--no-demangle"]
    run(*bindgen, "--out-dir", out, "--out-name", binary, wasm)
    bound = os.path.join(out, f"{binary}_bg.wasm")
    if attrs.get("data-wasm-opt", "0") not in ("0", ""):
        params = attrs.get("data-wasm-opt-params", "").split()
        for module in [bound, *chunks]:
            run("wasm-opt", f"-O{attrs['data-wasm-opt']}", *params, module, "-o", module)
    js_data = open(os.path.join(out, f"{binary}.js"), "rb").read()
    wasm_data = open(bound, "rb").read()
    link_data = open(link, "rb").read() if link else b""
    chunk_data = [open(c, "rb").read() for c in chunks]
    # One hash over every file, so the glue, its modules and the loader
    # always change together (they name each other).
    both = hashed_name(binary, js_data + wasm_data + link_data + b"".join(chunk_data))
    js_name, wasm_name = f"{both}.js", f"{both}_bg.wasm"
    preload_link = ""
    if split:
        link_name = f"{both}_split.js"
        js_data = replace_once(js_data, b'from "./__wasm_split.js"', f'from "./{link_name}"'.encode())
        link_data = replace_once(link_data, f'from "./{binary}.js"'.encode(), f'from "./{js_name}"'.encode())
        for chunk, data in zip(chunks, chunk_data):
            stem = os.path.basename(chunk)
            name = f"{both}_{stem}"
            open(os.path.join(dist, name), "wb").write(data)
            link_data = replace_once(
                link_data,
                f'fetch(new URL("./{stem}", import.meta.url))'.encode(),
                f'fetch(new URL("./{name}", import.meta.url), {{ integrity: "{integrity(data)}" }})'.encode(),
            )
        open(os.path.join(dist, link_name), "wb").write(link_data)
        preload_link = f"""
<link rel="modulepreload" href="./{link_name}" crossorigin="anonymous" integrity="{integrity(link_data)}">"""
    open(os.path.join(dist, js_name), "wb").write(js_data)
    open(os.path.join(dist, wasm_name), "wb").write(wasm_data)
    # The glue imports the `inline_js` snippets the module calls from
    # ./snippets/ (as Trunk copies them), preloaded beside it so that they
    # cost no round trip of their own.
    snippets = os.path.join(out, "snippets")
    if os.path.isdir(snippets) and b"./snippets/" in js_data:
        shutil.copytree(snippets, os.path.join(dist, "snippets"))
        for path in sorted(glob.glob(os.path.join(snippets, "**", "*.js"), recursive=True)):
            rel = os.path.relpath(path, out).replace(os.sep, "/")
            if f'"./{rel}"'.encode() in js_data:
                data = open(path, "rb").read()
                preload_link += (
                    f'\n<link rel="modulepreload" href="./{rel}" crossorigin="anonymous" integrity="{integrity(data)}">'
                )
    # The same start-up and event as Trunk's, so benchmarks that listen for
    # "TrunkApplicationStarted" work with either build.
    return f"""<script type="module">
import init, * as bindings from './{js_name}';
const wasm = await init({{ module_or_path: './{wasm_name}' }});
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {{detail: {{wasm}}}}));
</script>
<link rel="modulepreload" href="./{js_name}" crossorigin="anonymous" integrity="{integrity(js_data)}">\
<link rel="preload" href="./{wasm_name}" crossorigin="anonymous" integrity="{integrity(wasm_data)}" as="fetch" type="application/wasm">{preload_link}"""


def replace_once(data, old, new):
    """`data` with its one `old` replaced by `new`: the generated code is
    checked, not assumed, to have the form this script rewrites."""
    if data.count(old) != 1:
        sys.exit(f"expected one {old!r} in the split build's output, found {data.count(old)}")
    return data.replace(old, new)


def main():
    dist = os.path.join(ROOT, "dist")
    if len(sys.argv) == 3 and sys.argv[1] == "--dist":
        dist = os.path.abspath(sys.argv[2])
    elif len(sys.argv) != 1:
        sys.exit(__doc__)
    page = open(os.path.join(ROOT, "index.html")).read()
    staging = dist + ".building"
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    kinds = {"css": css, "copy-dir": copy_dir, "rust": rust}
    out, at = [], 0
    for start, end, attrs in TrunkLinks(page).links:
        rel = attrs.get("rel")
        if rel not in kinds:
            sys.exit(f"index.html: <link data-trunk rel={rel!r}> is not one this script builds")
        out += [page[at:start], kinds[rel](attrs, staging)]
        at = end
    out.append(page[at:])
    open(os.path.join(staging, "index.html"), "w").write(re.sub(r"\n\s*\n", "\n", "".join(out)))
    # Swap in the new dist/ whole, so a server never sees half of it.
    shutil.rmtree(dist, ignore_errors=True)
    os.rename(staging, dist)
    print(f"built {os.path.relpath(dist, ROOT)}/")


if __name__ == "__main__":
    main()
