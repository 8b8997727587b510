// MQTT packets as arrays of byte values, for the benchmark's pre-encoded
// traffic: the ceiling page in the browser and the flood publisher in Node
// build their packets with these, so both write the same bytes the same way.
const encoder = new TextEncoder();

/** A UTF-8 string with its two-byte length (MQTT §1.5.4). */
export const str = (s) => {
  const b = encoder.encode(s);
  return [b.length >> 8, b.length & 255, ...b];
};

/** A Variable Byte Integer (MQTT 5.0 §1.5.5). */
export const varint = (x) => {
  const out = [];
  do {
    let b = x & 127;
    x >>= 7;
    if (x) b |= 128;
    out.push(b);
  } while (x);
  return out;
};

/** A packet: first header byte, remaining length, body. */
export const packet = (first, body) => [first, ...varint(body.length), ...body];
