// Shared by both entries (index.js, shared.js): waits for a new client's
// first CONNACK, as MQTT.js's connectAsync does, and reads MQTT.js's forms
// of end().

/**
 * `[force, options, callback]` of MQTT.js's `end(force, options, callback)`
 * called in any of its forms: the callback may stand in for `force` or for
 * the options, and the options for `force`.
 */
export function endArguments(force, options, callback) {
  if (typeof force == "function") return [undefined, undefined, force];
  if (force && typeof force == "object") return [undefined, force, callback ?? options];
  return typeof options == "function" ? [force, undefined, options] : [force, options, callback];
}

/**
 * Resolves with `client` once it is connected; if its first attempt fails
 * (refused, unreachable, timed out), ends it and rejects with that error.
 * A module fetch the client will try again (`retry`) is not an attempt:
 * the connection's own failure, if any, still comes.
 */
export function untilConnected(client) {
  if (client.connected) return Promise.resolve(client);
  return new Promise((resolve, reject) => {
    const done = () => {
      client.off("connect", onConnect);
      client.off("error", onError);
    };
    const onConnect = () => {
      done();
      resolve(client);
    };
    const onError = (error) => {
      if (error.retry) return;
      done();
      client.end(true);
      reject(error);
    };
    client.on("connect", onConnect);
    client.on("error", onError);
  });
}
