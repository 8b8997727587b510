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
Every URL in the page is relative (./), so dist/ works from any sub-path.

Usage: scripts/build-app.py [--dist DIR]
"""

import base64
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
    cargo = ["cargo", "build", "--release", "--target", "wasm32-unknown-unknown", "--bin", binary]
    if "data-cargo-no-default-features" in attrs:
        cargo.append("--no-default-features")
    if attrs.get("data-cargo-features"):
        cargo += ["--features", attrs["data-cargo-features"]]
    run(*cargo)
    wasm = os.path.join(TARGET_DIR, "wasm32-unknown-unknown", "release", f"{binary}.wasm")
    out = os.path.join(TARGET_DIR, "app-build")
    shutil.rmtree(out, ignore_errors=True)
    run("wasm-bindgen", "--target", "web", "--no-typescript", "--out-dir", out, "--out-name", binary, wasm)
    bound = os.path.join(out, f"{binary}_bg.wasm")
    if attrs.get("data-wasm-opt", "0") not in ("0", ""):
        params = attrs.get("data-wasm-opt-params", "").split()
        run("wasm-opt", f"-O{attrs['data-wasm-opt']}", *params, bound, "-o", bound)
    js_data = open(os.path.join(out, f"{binary}.js"), "rb").read()
    wasm_data = open(bound, "rb").read()
    # One hash over both, so the glue and its module always change together.
    both = hashed_name(binary, js_data + wasm_data)
    js_name, wasm_name = f"{both}.js", f"{both}_bg.wasm"
    open(os.path.join(dist, js_name), "wb").write(js_data)
    open(os.path.join(dist, wasm_name), "wb").write(wasm_data)
    # The same start-up and event as Trunk's, so benchmarks that listen for
    # "TrunkApplicationStarted" work with either build.
    return f"""<script type="module">
import init, * as bindings from './{js_name}';
const wasm = await init({{ module_or_path: './{wasm_name}' }});
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {{detail: {{wasm}}}}));
</script>
<link rel="modulepreload" href="./{js_name}" crossorigin="anonymous" integrity="{integrity(js_data)}">\
<link rel="preload" href="./{wasm_name}" crossorigin="anonymous" integrity="{integrity(wasm_data)}" as="fetch" type="application/wasm">"""


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
