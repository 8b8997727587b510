//! The browser's localStorage: connection profiles and the dashboards'
//! document, each kept as JSON text under one key. Messages are never
//! stored (they stay in memory, capped).
//!
//! Not `gloo-storage`: its `get`/`set` go through serde's `Deserialize` and
//! `Serialize`, and both documents are read by hand-written readers that
//! keep every good field of a damaged document (see
//! `ui/model/profiles.rs`) and cost 25 KB less than derived serde did for
//! the dashboards (BENCHMARKS.md, "First load"). What is left, text in and
//! out under a key, is these two functions over `web_sys::Storage`.

use crate::std_prelude::*;

use super::model::profiles::{Profiles, STORAGE_KEY};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The text kept under `key` (none when storage is unavailable, as in some
/// private windows, or nothing is kept).
pub fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Keeps `text` under `key`; returns whether the browser took it (it may
/// refuse: storage full, or disabled).
pub fn write(key: &str, text: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, text).is_ok())
}

/// The saved profiles (none when storage is unavailable or unreadable).
pub fn load_profiles() -> Profiles {
    read(STORAGE_KEY)
        .map(|text| Profiles::from_json(&text))
        .unwrap_or_default()
}

/// Saves the profiles; returns whether the browser took them.
pub fn save_profiles(profiles: &Profiles) -> bool {
    write(STORAGE_KEY, &profiles.to_json())
}

/// `origin + pathname` of the page, for shareable links.
pub fn page_address() -> String {
    web_sys::window()
        .map(|w| {
            let l = w.location();
            format!(
                "{}{}",
                l.origin().unwrap_or_default(),
                l.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}
