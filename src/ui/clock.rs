//! Times as the app shows them, in the browser's local time zone.

use crate::std_prelude::*;

/// `hh:mm:ss` for `time_ms` milliseconds since the epoch.
pub fn clock(time_ms: f64) -> String {
    let d = js_sys::Date::new(&time_ms.into());
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}
