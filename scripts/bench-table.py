#!/usr/bin/env python3
"""Print the webmqtt vs rumqttc codec benchmarks as a markdown table.

Reads criterion's results, `target/criterion/**/new/estimates.json`, written
by `cargo bench --bench codec`. Each benchmark's name comes from the
`benchmark.json` next to its estimates (group id such as
`publish_decode/v311_qos1_64B`, function id `webmqtt` or `rumqttc`, and its
throughput in bytes); when that file is missing, from the directory names.

Columns: the case, the packet's size on the wire, the time per operation of
each library, the ratio rumqttc time / webmqtt time (how many times faster
webmqtt is; above 1 means webmqtt is faster), and each library's throughput
in MB/s (10^6 bytes per second).

The time is the estimate criterion itself prints by default: the slope of the
linear regression when it has one, otherwise the mean. `--stat` picks another.

Usage: python3 scripts/bench-table.py [--dir target/criterion]
                                      [--stat typical|mean|median|slope]

Python 3 standard library only.
"""

import argparse
import json
import os
import re
import sys

LIBS = ("webmqtt", "rumqttc")
# Operations in the order the table lists them; others follow by name.
OP_ORDER = (
    "publish_decode",
    "publish_encode",
    "publish_encode_checked",
    "connect_decode",
    "connect_encode",
    "subscribe_decode",
    "subscribe_encode",
)
SIZE_TOKEN = re.compile(r"_?\d+(?:B|KiB|MiB)$")


def default_dir():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(root, "target", "criterion")


def estimate_ns(estimates, stat):
    """The chosen point estimate in nanoseconds, or None."""
    if stat == "typical":
        chosen = estimates.get("slope") or estimates.get("mean")
    else:
        chosen = estimates.get(stat)
    if not chosen:
        return None
    return float(chosen["point_estimate"])


def throughput_bytes(benchmark):
    t = (benchmark or {}).get("throughput")
    if isinstance(t, dict):
        for key in ("Bytes", "BytesDecimal"):
            if key in t:
                return int(t[key])
    return None


def load(root, stat):
    """{case: {"bytes": n, lib: ns}} for every benchmark found under root."""
    results = {}
    for dirpath, _dirnames, filenames in os.walk(root):
        if os.path.basename(dirpath) != "new" or "estimates.json" not in filenames:
            continue
        with open(os.path.join(dirpath, "estimates.json")) as f:
            estimates = json.load(f)
        benchmark = None
        if "benchmark.json" in filenames:
            with open(os.path.join(dirpath, "benchmark.json")) as f:
                benchmark = json.load(f)
        bench_dir = os.path.dirname(dirpath)
        if benchmark and benchmark.get("function_id"):
            case = benchmark["group_id"]
            lib = benchmark["function_id"]
        else:
            # target/criterion/<group dir>/<function dir>/new; criterion
            # replaced the group's '/' with '_', so restore the first one.
            lib = os.path.basename(bench_dir)
            case = os.path.basename(os.path.dirname(bench_dir))
            for op in OP_ORDER:
                if case.startswith(op + "_"):
                    case = op + "/" + case[len(op) + 1 :]
        if lib not in LIBS:
            continue
        ns = estimate_ns(estimates, stat)
        if ns is None:
            continue
        row = results.setdefault(case, {})
        row[lib] = ns
        n = throughput_bytes(benchmark)
        if n is not None:
            row["bytes"] = n
    return results


def sort_key(case, row):
    op, _, rest = case.partition("/")
    rank = OP_ORDER.index(op) if op in OP_ORDER else len(OP_ORDER)
    return (rank, op, SIZE_TOKEN.sub("", rest), row.get("bytes", 0), rest)


def fmt_ns(ns):
    if ns is None:
        return "—"
    return f"{ns:,.0f}" if ns >= 100 else f"{ns:.1f}"


def fmt_mbs(n, ns):
    if n is None or ns is None or ns <= 0:
        return "—"
    return f"{n * 1000.0 / ns:,.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", default=default_dir(), help="criterion output directory")
    parser.add_argument(
        "--stat",
        default="typical",
        choices=("typical", "mean", "median", "slope"),
        help="which estimate to report (default: slope if present, else mean)",
    )
    args = parser.parse_args()

    if not os.path.isdir(args.dir):
        sys.exit(f"{args.dir}: not found; run `cargo bench --bench codec` first")
    results = load(args.dir, args.stat)
    if not results:
        sys.exit(f"{args.dir}: no webmqtt/rumqttc estimates found")

    print(
        "| case | bytes | webmqtt ns/op | rumqttc ns/op "
        "| ratio (rumqttc/webmqtt) | webmqtt MB/s | rumqttc MB/s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for case, row in sorted(results.items(), key=lambda kv: sort_key(*kv)):
        ours, theirs, n = row.get("webmqtt"), row.get("rumqttc"), row.get("bytes")
        ratio = f"{theirs / ours:.2f}×" if ours and theirs else "—"
        print(
            f"| {case} | {n if n is not None else '—'} | {fmt_ns(ours)} | {fmt_ns(theirs)} "
            f"| {ratio} | {fmt_mbs(n, ours)} | {fmt_mbs(n, theirs)} |"
        )


if __name__ == "__main__":
    main()
