#!/usr/bin/env python3
"""Draw the benchmark results as one SVG chart.

Reads the newest result files in benches/results/ (written by
scripts/bench.sh): codec-native-*.md, codec-browser-*.json,
e2e-browser-*.json and sizes-*.json, and writes
benches/results/chart-<date>.svg next to them.

Speed panels show ratios (webmqtt against the library people use) on a log
scale, with bars growing from 1x: right of the line webmqtt is faster, left
of it slower; a dashed line marks the goal. The size panel shows gzip
kilobytes.

Usage: python3 scripts/bench-chart.py [--dir benches/results]

Python 3 standard library only.
"""

import argparse
import glob
import json
import math
import os
import re
from xml.sax.saxutils import escape

WIDTH = 900
LABEL_W = 250
BAR_H = 14
ROW_H = 19
PLOT_W = WIDTH - LABEL_W - 70
COLORS = {"webmqtt": "#2b7bb9", "ceiling": "#9aa5b1", "slower": "#d9534f"}


def newest(directory, pattern):
    files = sorted(glob.glob(os.path.join(directory, pattern)))
    return files[-1] if files else None


def native_rows(path):
    """(label, ratio) per case from the markdown table bench-table.py wrote."""
    rows = []
    for line in open(path, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and cells[4].endswith("×"):
            rows.append((cells[0].replace("_", " "), float(cells[4][:-1])))
    return rows


def browser_codec_rows(path):
    data = json.load(open(path, encoding="utf-8"))
    return [(f"{r['case']} {r['op']}", r["ratio"]) for r in data["results"]]


def e2e_rows(path):
    """webmqtt / MQTT.js and ceiling / MQTT.js, per throughput scenario."""
    data = json.load(open(path, encoding="utf-8"))
    rows = []
    for t in data["table"]:
        if "mqttjs" not in t:
            continue
        base = t["mqttjs"]["median"]
        if "webmqtt" in t:
            rows.append((f"{t['scenario']} webmqtt", t["webmqtt"]["median"] / base))
        if "ceiling" in t:
            rows.append((f"{t['scenario']} ceiling", t["ceiling"]["median"] / base))
    return rows


def size_rows(path):
    data = json.load(open(path, encoding="utf-8"))
    return [(name, v["gzip"] / 1000) for name, v in data["rows"].items()]


class Svg:
    def __init__(self):
        self.parts = []
        self.y = 10

    def text(self, x, y, s, size=12, anchor="start", weight="normal", fill="#222"):
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{fill}">{escape(s)}</text>'
        )

    def rect(self, x, y, w, h, fill):
        self.parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0.5):.1f}" height="{h}" fill="{fill}"/>')

    def line(self, x1, y1, x2, y2, stroke="#444", dash=None):
        d = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}"{d}/>')

    def ratio_panel(self, title, rows, goal=None, goal_label=""):
        """Bars on a log2 scale from 1x, one row per (label, ratio)."""
        if not rows:
            return
        self.y += 24
        self.text(10, self.y, title, size=14, weight="bold")
        self.y += 20
        # Whole powers of two at both ends, so the ticks read 0.25×, 0.5×, 1×…
        lo = 2.0 ** math.floor(math.log2(min(0.25, min(r for _, r in rows))))
        hi = 2.0 ** math.ceil(math.log2(max(32.0, max(r for _, r in rows), goal or 0)))
        span = math.log2(hi) - math.log2(lo)
        x_of = lambda v: LABEL_W + (math.log2(v) - math.log2(lo)) / span * PLOT_W  # noqa: E731
        top = self.y
        for label, ratio in rows:
            kind = "ceiling" if label.endswith("ceiling") else "webmqtt"
            fill = COLORS["slower"] if ratio < 1 and kind == "webmqtt" else COLORS[kind]
            x1, x2 = sorted((x_of(1), x_of(ratio)))
            self.text(LABEL_W - 6, self.y + BAR_H - 3, label, size=11, anchor="end")
            self.rect(x1, self.y, x2 - x1, BAR_H, fill)
            self.text(max(x_of(1), x_of(ratio)) + 4, self.y + BAR_H - 3, f"{ratio:.2f}×", size=10)
            self.y += ROW_H
        bottom = self.y
        tick = lo
        while tick <= hi * 1.001:
            x = x_of(tick)
            self.line(x, top - 2, x, bottom, stroke="#ddd")
            self.text(x, bottom + 12, f"{tick:g}×", size=10, anchor="middle", fill="#666")
            tick *= 2
        self.line(x_of(1), top - 4, x_of(1), bottom, stroke="#222")
        if goal:
            self.line(x_of(goal), top - 4, x_of(goal), bottom, stroke="#e08a00", dash="5,3")
            self.text(x_of(goal) + 3, top - 4, goal_label, size=10, fill="#b36b00")
        self.y = bottom + 18

    def size_panel(self, title, rows, goal=None, goal_label=""):
        if not rows:
            return
        self.y += 24
        self.text(10, self.y, title, size=14, weight="bold")
        self.y += 20
        hi = max(v for _, v in rows)
        x_of = lambda v: LABEL_W + v / hi * PLOT_W  # noqa: E731
        top = self.y
        for label, kb in rows:
            fill = COLORS["webmqtt"] if label.startswith("webmqtt") else COLORS["ceiling"]
            self.text(LABEL_W - 6, self.y + BAR_H - 3, label, size=11, anchor="end")
            self.rect(LABEL_W, self.y, x_of(kb) - LABEL_W, BAR_H, fill)
            self.text(x_of(kb) + 4, self.y + BAR_H - 3, f"{kb:.1f} KB", size=10)
            self.y += ROW_H
        if goal:
            self.line(x_of(goal), top - 4, x_of(goal), self.y, stroke="#e08a00", dash="5,3")
            self.text(x_of(goal) + 3, top - 4, goal_label, size=10, fill="#b36b00")
        self.y += 8

    def render(self, heading):
        height = self.y + 20
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif">'
            f'<rect width="100%" height="100%" fill="#fff"/>'
        )
        title = f'<text x="10" y="22" font-size="16" font-weight="bold">{escape(heading)}</text>'
        return head + title + "".join(self.parts) + "</svg>\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=os.path.join(os.path.dirname(__file__), "..", "benches", "results"))
    args = parser.parse_args()
    d = args.dir
    svg = Svg()
    svg.y = 20
    dates = []
    native = newest(d, "codec-native-*.md")
    if native:
        svg.ratio_panel("Native codec: times faster than rumqttc", native_rows(native), 2, "goal 2× (PUBLISH)")
        dates.append(native)
    codec = newest(d, "codec-browser-*.json")
    if codec:
        svg.ratio_panel("Codec in Chromium: times faster than mqtt-packet", browser_codec_rows(codec), 10, "goal 10×")
        dates.append(codec)
    e2e = newest(d, "e2e-browser-*.json")
    if e2e:
        svg.ratio_panel(
            "End to end in Chromium: msg/s against MQTT.js (webmqtt, and the plain-WebSocket ceiling)",
            e2e_rows(e2e),
            2,
            "goal 2× (pub1, pub2)",
        )
        dates.append(e2e)
    sizes = newest(d, "sizes-*.json")
    if sizes:
        rows = size_rows(sizes)
        mqttjs = next((kb for name, kb in rows if name.startswith("MQTT.js")), None)
        svg.size_panel("Size, gzip -9 (KB)", rows, mqttjs * 0.4 if mqttjs else None, "goal 0.4× MQTT.js")
        dates.append(sizes)
    date = max(re.search(r"(\d{4}-\d{2}-\d{2})", os.path.basename(p)).group(1) for p in dates)
    out = os.path.join(d, f"chart-{date}.svg")
    with open(out, "w", encoding="utf-8") as f:
        f.write(svg.render(f"webmqtt benchmarks, {date}"))
    print(out)


if __name__ == "__main__":
    main()
