//! Credentials providers as the driver calls them: with where to hand the
//! result, rather than as a future to poll.
//!
//! The Rust API's [`CredentialsProvider`] returns a future, which runs as
//! a spawned task. The npm package's provider is a JS function whose
//! promise settles a callback: a build that has only that one links no
//! task queue, no waker and no `JsFuture`.

use alloc::boxed::Box;
use alloc::string::String;

use super::driver::{ConnectTarget, CredentialsProvider};

/// Takes a provider's result.
pub(crate) type Provided = Box<dyn FnOnce(Result<ConnectTarget, String>)>;

/// A credentials provider as the driver calls it, while it is borrowed:
/// so it must not call back (nor run the user's function) before it
/// returns; it hands the result over later, with nothing borrowed.
pub(crate) type Provide = Box<dyn Fn(Provided)>;

/// The Rust API's provider: each call's future runs as a task, which calls
/// the provider itself first (after the driver's borrow has ended).
pub(crate) fn from_future(provider: CredentialsProvider) -> Provide {
    let provider = alloc::rc::Rc::new(provider);
    Box::new(move |done| {
        let provider = provider.clone();
        super::spawn(Box::pin(async move { done(provider().await) }));
    })
}

/// The npm package's provider: `f` is called from a microtask; its result,
/// or the promise it returns once settled, goes to `read` with whether it
/// failed (threw or rejected), and what `read` makes of it to the driver.
#[cfg(feature = "js")]
pub(crate) fn from_js(
    f: js_sys::Function,
    read: fn(wasm_bindgen::JsValue, bool) -> Result<ConnectTarget, String>,
) -> Provide {
    use wasm_bindgen::closure::Closure;
    Box::new(move |done| {
        // The driver's closure type (`failed` as 0 or 1, the numbers
        // unused, the value held in JS), whose glue is linked already;
        // called once, but made as `Fn`, as `Closure::once` would bring an
        // adapter of its own.
        let done = core::cell::Cell::new(Some(done));
        let settle = Closure::<dyn Fn(u32, f64, u32)>::new(move |failed, _, _| {
            let value = super::glue::take_held();
            if let Some(done) = done.take() {
                done(read(value, failed != 0));
            }
        });
        // Freed by the browser once the promise has called it.
        super::glue::provide(&f, &settle.into_js_value());
    })
}
