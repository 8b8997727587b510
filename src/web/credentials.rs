//! Credentials providers as the driver calls them: with where to hand the
//! result, rather than as a future to poll.
//!
//! The Rust API's [`CredentialsProvider`] returns a future, which runs as
//! a spawned task. The npm package's provider is a JS function whose
//! promise settles a callback: a build that has only that one links no
//! task queue, no waker and no `JsFuture`.

use alloc::boxed::Box;
use alloc::rc::Rc;

#[cfg(feature = "js")]
use super::driver::ConnectTarget;
use super::driver::{CredentialsProvider, Driver, Shared};
#[cfg(feature = "js")]
use alloc::string::String;

/// A credentials provider as the driver calls it, while it is borrowed:
/// so it must not call back (nor run the user's function) before it
/// returns; it hands the result over later, with nothing borrowed.
pub(crate) enum Provide {
    /// Called with the driver and the attempt's number; hands the result
    /// to [`Driver::on_credentials`] itself. Given the driver rather than
    /// a weak reference, which the closure makes: the driver's call then
    /// has no code for it in the npm package. The closure that does so is
    /// made in [`from_future`], so a build without the Rust API's
    /// provider (the npm package) links none of it.
    Callback(Box<Call>),
    /// The npm package's: a JS function called from a microtask (see
    /// `glue::provide`), whose result, or the promise it returns once
    /// settled, goes to the driver's JS function, and from there to the
    /// reader with whether it failed (threw or rejected). No closure: the
    /// driver's function takes it (see `Driver::on_wake`).
    #[cfg(feature = "js")]
    Js(js_sys::Function, Read),
}

/// The Rust API's provider as the driver calls it (see
/// [`Provide::Callback`]).
pub(crate) type Call = dyn Fn(&Shared, u64);

/// What makes a JS provider's result (or what it failed with, when the
/// flag is set) a target, or why not.
#[cfg(feature = "js")]
pub(crate) type Read = fn(wasm_bindgen::JsValue, bool) -> Result<ConnectTarget, String>;

/// The Rust API's provider: each call's future runs as a task, which calls
/// the provider itself first (after the driver's borrow has ended).
pub(crate) fn from_future(provider: CredentialsProvider) -> Provide {
    let provider = Rc::new(provider);
    Provide::Callback(Box::new(move |driver, generation| {
        let provider = provider.clone();
        // Weak: a pending provider call does not keep the client alive.
        let driver = Rc::downgrade(driver);
        super::spawn(Box::pin(async move {
            let target = provider().await;
            if let Some(this) = driver.upgrade() {
                Driver::on_credentials(&this, generation, target);
            }
        }));
    }))
}

/// The npm package's provider `f`, its results read by `read`.
#[cfg(feature = "js")]
pub(crate) fn from_js(f: js_sys::Function, read: Read) -> Provide {
    Provide::Js(f, read)
}
