// The npm package's TypeScript declarations, compiled strictly against a
// file that uses them the way MQTT.js users do (types-check.ts), from the
// packed package that scripts/test.sh installs here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

test("the TypeScript declarations accept good code and reject bad code", () => {
  const here = fileURLToPath(new URL(".", import.meta.url));
  try {
    execFileSync("node", ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], { cwd: here, encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
});
