//! The browser client inside a SharedWorker: no window, only `globalThis`
//! APIs. Runs in headless Chromium and Firefox like tests/web.rs.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_shared_worker);

#[path = "support/worker_body.rs"]
mod worker_body;
