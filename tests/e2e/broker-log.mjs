// What the shared-connection tests (shared.test.mjs, shared-rust.test.mjs)
// need of the Mosquitto that scripts/test.sh started: its log, read for
// what reached it, and mosquitto_pub, to publish to the tabs.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export const ws = process.env.WEBMQTT_WS_PORT;
export const tcp = process.env.WEBMQTT_TCP_PORT;
const brokerLog = `${process.env.WEBMQTT_BROKER_DIR}/mosquitto.log`;

/** The broker's log lines that name `clientId`. */
export function logOf(clientId) {
  return readFileSync(brokerLog, "utf8")
    .split("\n")
    .filter((l) => l.includes(` ${clientId} `));
}

/** Resolves once `check()` is true; fails the test after `ms`. */
export async function until(check, what, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Publishes at QoS 1 through the broker's TCP listener. */
export function publish(topic, payload, retain = false) {
  execFileSync("mosquitto_pub", ["-p", tcp, "-t", topic, "-m", payload, "-q", "1", ...(retain ? ["-r"] : [])]);
}
