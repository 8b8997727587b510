// Compiled with `tsc --noEmit --strict` against the packed npm package
// (types.test.mjs): the declarations must accept what MQTT.js users write,
// and reject what is wrong.
import { connectAsync, connect, ready, type MqttError, type PublishPacket, type Grant, type MqttClient } from "webmqtt";
import { connectAsync as connectShared, sharedAvailable } from "webmqtt/shared";

/** The shared entry has the same client, and says whether it shares. */
async function shared(): Promise<void> {
  const client = await connectShared("wss://broker.example/mqtt", { clientId: "wall-screen", protocolVersion: 5 });
  client.shared satisfies boolean;
  sharedAvailable satisfies boolean;
  await client.subscribe("sensors/#", { qos: 1 });
  // @ts-expect-error: the client is typed, not `any`.
  client.nonexistent();
}
void shared;

async function main(): Promise<void> {
  await ready();
  const client = await connectAsync(["ws://127.0.0.1:9001/mqtt", "wss://broker.example/mqtt"], {
    protocolVersion: 5,
    clientId: "id",
    keepalive: 30,
    username: "u",
    password: new Uint8Array([1]),
    reconnectPeriod: 1000,
    will: { topic: "status", payload: "gone", qos: 1, retain: true, properties: { willDelayInterval: 5 } },
    properties: { sessionExpiryInterval: 60, userProperties: { a: "1", b: ["2", "3"] } },
    credentials: async () => ({ username: "u", password: "token" }),
  });
  client.on("connect", (ack) => ack.sessionPresent satisfies boolean);
  client.on("message", (topic: string, payload: Uint8Array, packet: PublishPacket) => {
    const qos: 0 | 1 | 2 = packet.qos;
    void [topic, payload, qos, packet.properties.contentType, packet.matchedFilters];
    const reading: { voltage: number } = JSON.parse(payload.toString());
    void reading;
  });
  client.on("error", (e: MqttError) => e.code satisfies string);
  // on and off return the client, as MQTT.js's do.
  client.on("close", () => {}).off("close", () => {}) satisfies MqttClient;
  const grants: Grant[] = await client.subscribe({ "sensors/#": { qos: 1, nl: true, rh: 2 } });
  void grants;
  await client.publish("sensors/room1", JSON.stringify({ voltage: 120 }), { qos: 1, retain: false });
  const none: void = client.publish("sensors/room1", "120", { qos: 1 }, (e, r) => void (e ? e.code : r?.reasonCode));
  client.publish("sensors/room1", "120", (e?: MqttError) => void e);
  void none;
  // MQTT.js's callback forms of subscribe, unsubscribe and end.
  client.subscribe("presence", (err) => void (err ? err.code : client.publish("presence", "Hello mqtt")));
  client.subscribe("sensors/#", { qos: 1 }, (err, granted) => void (err ?? granted?.[0].qos));
  client.unsubscribe("presence", (err, codes) => void (err ?? codes?.[0]));
  client.unsubscribe("presence", undefined, (err) => void err);
  await client.unsubscribe(["sensors/#"]);
  await client.end(false, { reasonCode: 0 });
  await client.end({ reasonCode: 0 });
  const noPromise: void = client.end(() => {});
  client.end(true, (err) => void err?.code);
  client.end({ reasonCode: 4 }, () => {});
  client.end(false, { reasonCode: 0 }, () => {});
  void noPromise;
  const sync = connect("ws://h/mqtt");
  void sync.connected;

  // @ts-expect-error: not an event
  client.on("packetsend", () => {});
  // @ts-expect-error: QoS 3 does not exist
  await client.publish("t", "x", { qos: 3 });
  // @ts-expect-error: protocol version 6 does not exist
  connect("ws://h/mqtt", { protocolVersion: 6 });
  // @ts-expect-error: a payload is not a number
  await client.publish("t", 42);
  // @ts-expect-error: the callback form returns nothing to await on
  (client.publish("t", "x", () => {})).then;
  // @ts-expect-error: nor does subscribe's
  (client.subscribe("t", () => {})).then;
}

void main;
