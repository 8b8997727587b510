//! The browser's localStorage, for saved profiles. Only the connect panel
//! writes it; messages are never stored (they stay in memory, capped).

use crate::std_prelude::*;

use super::model::profiles::{Profiles, STORAGE_KEY};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved profiles (none when storage is unavailable or unreadable).
pub fn load_profiles() -> Profiles {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map(|text| Profiles::from_json(&text))
        .unwrap_or_default()
}

/// Saves the profiles; returns whether the browser took them.
pub fn save_profiles(profiles: &Profiles) -> bool {
    storage().is_some_and(|s| s.set_item(STORAGE_KEY, &profiles.to_json()).is_ok())
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
