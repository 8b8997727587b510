// Self time of a V8 CPU profile (CDP `Profiler.stop`) by category, per
// message: where the time per message goes. Used by e2e_bench.mjs with
// PROFILE=impl:scenario; the wasm needs its names (WASM_NAMES=1
// scripts/build-npm.sh) for its functions to be told apart.

/** The category of a profile node's call frame. */
export function category({ functionName, url }) {
  // v0 mangling names crates with a hash (webmqtt[f85b…]::codec): drop it.
  const f = functionName.replace(/\[[0-9a-f]+\]/g, "");
  if (f === "(garbage collector)") return "GC";
  if (f === "(idle)") return "idle (waiting for the socket or a timer)";
  if (f === "(program)") return "browser outside JS (event loop, WebSocket I/O, tasks)";
  if (f === "(root)") return "other";
  if (/^(js-to-wasm|wasm-to-js)/.test(f)) return "native: JS↔wasm call wrappers";
  if (url.startsWith("wasm://") || /\.wasm$/.test(url)) {
    // Names as rustc writes them: crate::module::…; shims made by
    // wasm-bindgen and the allocator have their own prefixes.
    if (/webmqtt::codec/.test(f)) return "wasm: codec";
    if (/webmqtt::(session|topic|small_sort|text)/.test(f)) return "wasm: engine (session, topics)";
    if (/webmqtt::web/.test(f)) return "wasm: web driver (socket, timers, channels)";
    if (/webmqtt::js/.test(f)) return "wasm: js layer (options, packets, strings)";
    if (/futures|wasm_bindgen_futures|task|waker|Waker/.test(f)) return "wasm: futures, channels and task queue";
    if (/dlmalloc|alloc::|__rust_(alloc|dealloc|realloc)|memcpy|memmove|memset|memcmp/.test(f)) return "wasm: allocation and copies";
    if (/wasm_bindgen|js_sys|web_sys|__wbindgen|__wbg|externref|closure/.test(f)) return "wasm: wasm-bindgen side of the crossings";
    return "wasm: other (core, std)";
  }
  if (/\/pkg\/dist\/snippets\//.test(url)) return "JS: glue snippets (packet object, payload view)";
  if (/\/pkg\/dist\/webmqtt\.js/.test(url)) {
    if (/getStringFromWasm|passStringToWasm|decode|encode/i.test(f)) return "JS: glue, strings across the boundary";
    return "JS: wasm-bindgen glue (imports, closures, externref table)";
  }
  if (/\/pkg\//.test(url)) return "JS: webmqtt entry";
  if (/node_modules\/mqtt/.test(url)) return "JS: MQTT.js";
  if (/e2e-page\.mjs/.test(url)) return "JS: the benchmark page";
  if (url === "") {
    if (/^(send|get bufferedAmount|get readyState)$/.test(f)) return "native: WebSocket send";
    if (/Promise|then|resolve|reject|queueMicrotask|RunMicrotasks|await|async/i.test(f)) return "native: Promise and microtasks";
    if (/setTimeout|clearTimeout/.test(f)) return "native: timers";
    if (/TextDecoder|TextEncoder|decode|encode/.test(f)) return "native: text coding";
    if (/Uint8Array|ArrayBuffer|subarray|set|slice/.test(f)) return "native: typed arrays";
    return `native: ${f || "(anonymous)"}`;
  }
  return `JS: ${url.replace(/^.*\//, "")}`;
}

/**
 * Rows of { category, ms, usPerMessage, share } for `profile`, sorted by
 * time, over `n` messages; the wall time of the samples is `total`.
 */
export function summarize(profile, n) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const ms = new Map();
  const fns = new Map();
  // timeDeltas[i] is the time before sample i: attribute it to sample i.
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const c = category(node.callFrame);
    ms.set(c, (ms.get(c) ?? 0) + dt);
    const key = `${c} | ${node.callFrame.functionName || "(anonymous)"}`;
    fns.set(key, (fns.get(key) ?? 0) + dt);
  });
  const total = [...ms.values()].reduce((a, b) => a + b, 0);
  const busy = [...ms].filter(([c]) => !c.startsWith("idle")).reduce((a, [, v]) => a + v, 0);
  const rows = [...ms]
    .sort((a, b) => b[1] - a[1])
    .map(([category, t]) => ({ category, ms: t, usPerMessage: (t * 1000) / n, share: t / busy }));
  const top = [...fns].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([fn, t]) => ({ fn, ms: t, usPerMessage: (t * 1000) / n }));
  return { total, busy, rows, top };
}

/** The summary as Markdown tables. */
export function markdown({ total, busy, rows, top }, n) {
  const f = (x) => x.toFixed(2);
  const lines = [
    `${n.toLocaleString("en")} messages; ${f(total)} ms sampled, ${f(busy)} ms of it busy (${f((busy * 1000) / n)} µs a message)`,
    "",
    "| category | self ms | µs per message | share of busy time |",
    "|---|---:|---:|---:|",
    ...rows.map((r) => `| ${r.category} | ${f(r.ms)} | ${f(r.usPerMessage)} | ${r.category.startsWith("idle") ? "–" : `${Math.round(r.share * 100)}%`} |`),
    "",
    "| function (top 25 by self time) | self ms | µs per message |",
    "|---|---:|---:|",
    ...top.map((r) => `| ${r.fn.replace(/::h[0-9a-f]{16}/g, "").replace(/\[[0-9a-f]+\]/g, "").replace(/\|/g, "/").replace(" / ", " — ")} | ${f(r.ms)} | ${f(r.usPerMessage)} |`),
  ];
  return lines.join("\n");
}
