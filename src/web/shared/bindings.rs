//! The browser calls of the shared mode, in worker.js (a wasm-bindgen
//! snippet, copied next to the app's JS glue), and the glue's own URL.

use crate::std_prelude::*;

use wasm_bindgen::prelude::*;
use web_sys::MessagePort;

#[wasm_bindgen(module = "/src/web/shared/worker.js")]
extern "C" {
    /// Starts or joins the app's shared worker; resolves with the port to
    /// it (a `MessagePort`), or rejects if it cannot be started. `failed`
    /// is called with why if the worker's script does not load.
    #[wasm_bindgen(js_name = startWorker)]
    pub(super) fn start_worker(glue: &str, failed: &Closure<dyn FnMut(String)>) -> js_sys::Promise;

    /// Whether `SharedWorker` exists here.
    #[wasm_bindgen(js_name = sharedWorkerAvailable)]
    pub(super) fn shared_worker_available() -> bool;

    /// Resolves once this tab holds the lock `name` (for good).
    #[wasm_bindgen(js_name = holdLock)]
    pub(super) fn hold_lock(name: &str) -> js_sys::Promise;

    /// Lets go of a lock `hold_lock` took.
    #[wasm_bindgen(js_name = releaseLock)]
    pub(super) fn release_lock(name: &str);

    /// Resolves when the lock `name` comes free: its holder is gone;
    /// rejects once [`stop_watching`] is called for it.
    #[wasm_bindgen(js_name = whenReleased)]
    pub(super) fn when_released(name: &str) -> js_sys::Promise;

    /// Stops a wait of [`when_released`].
    #[wasm_bindgen(js_name = stopWatching)]
    pub(super) fn stop_watching(name: &str);

    /// In the shared worker: the name of the Web Lock it holds for its
    /// life, which a tab waits on to learn that the worker is gone.
    #[wasm_bindgen(js_name = workerLock)]
    pub(super) fn worker_lock() -> String;

    /// In the shared worker, hands every tab's port to `serve`; false
    /// elsewhere.
    #[wasm_bindgen(js_name = takeTabs)]
    pub(super) fn take_tabs(serve: &Closure<dyn FnMut(MessagePort)>) -> bool;
}

#[wasm_bindgen]
extern "C" {
    /// `import.meta` of the app's JS glue.
    type ImportMeta;

    #[wasm_bindgen(method, getter)]
    fn url(this: &ImportMeta) -> String;

    #[wasm_bindgen(thread_local_v2, js_namespace = import, js_name = meta)]
    static IMPORT_META: ImportMeta;
}

/// The URL of the app's JS glue, which the worker imports to load the same
/// wasm. Needs an ES module build (wasm-bindgen `--target web`, Trunk).
pub(super) fn glue_url() -> String {
    IMPORT_META.with(ImportMeta::url)
}
