// The same small app in every bundler example (www/examples/*/src): connect to the broker given
// in the query string, subscribe, publish {"voltage": 120}, and show what
// arrives. The outcome is also left in window.__result for the tests.
// With `?shared=1` the same through webmqtt/shared, whose SharedWorker the
// bundler must find and emit by itself; with `?outbox=1` with a persistent
// outbox, whose outbox.js and wasm module the bundler must emit too.
import { connectAsync as connectDirect } from "webmqtt";
import { connectAsync as connectShared } from "webmqtt/shared";

async function main() {
  const params = new URLSearchParams(location.search);
  const url = params.get("url") ?? `ws://127.0.0.1:${params.get("ws") ?? "9001"}/mqtt`;
  const out = document.getElementById("out");
  const show = (line) => out.append(document.createTextNode(line + "\n"));
  const topic = `test/bundler-${Math.random().toString(16).slice(2)}`;
  try {
    const connectAsync = params.get("shared") ? connectShared : connectDirect;
    const options = { protocolVersion: 5 };
    if (params.get("outbox")) Object.assign(options, { clientId: topic.slice(5), clean: false, outbox: {} });
    const client = await connectAsync(url, options);
    const message = new Promise((resolve) =>
      client.on("message", (t, payload) => resolve({ topic: t, text: new TextDecoder().decode(payload) })),
    );
    await client.subscribe(topic, { qos: 1 });
    await client.publish(topic, JSON.stringify({ voltage: 120 }), { qos: 1 });
    const got = await message;
    show(`${got.topic}: ${got.text}`);
    const outbox = client.outbox;
    await client.end();
    window.__result = { ok: true, shared: client.shared === true, outbox, ...got };
  } catch (e) {
    show(`error: ${e.message}`);
    window.__result = { ok: false, error: String(e && e.stack || e) };
  }
}

main();
