// mqtt-packet (the codec under MQTT.js) bundled for the browser the way
// MQTT.js's own browser build does it: with Buffer and process polyfills
// (polyfills.mjs, injected by esbuild).
export { Buffer } from "buffer";
export { default as mqttPacket } from "mqtt-packet";
