//! The dashboards' view, loaded on demand. With the feature `split`
//! (what scripts/build-app.py builds) the view and everything only it uses
//! go into a wasm chunk of their own, fetched the first time dashboards are
//! shown, so the explorer's first load does not carry them. Without it (a
//! plain `trunk build`) the same component is in the one module.
//!
//! The chunk is split at [`dashboard_view`] by `wasm-split-cli`; a failed
//! fetch is shown, not fatal, and showing the view again tries again.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::std_prelude::*;

use super::dashboard_view::DashboardView;

/// The split point: the chunk holds what only this function reaches.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(
    dashboards,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(fetch_chunk)
)]
fn dashboard_view() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <DashboardView /> }.into_any())
}

/// Without `split`: the same view, at once.
#[cfg(not(feature = "split"))]
async fn dashboard_view() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <DashboardView /> }.into_any())
}

/// The dashboards, once their code is there.
#[component]
pub fn LazyDashboardView() -> impl IntoView {
    let shown = Suspend::new(async move {
        dashboard_view().await.unwrap_or_else(|e| {
            view! { <p class="error" role="alert">{format!("the dashboards did not load ({e}); open them again to retry")}</p> }
                .into_any()
        })
    });
    view! { <Suspense fallback=|| view! { <p class="loading">"Loading the dashboards…"</p> }>{shown}</Suspense> }
}

/// Starts fetching the dashboards' chunk now, for a page that will show
/// them (a hosted dashboard), so it comes in while the document does.
pub fn prefetch() {
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        // A failure here is reported when the view itself loads.
        let _ = fetch_chunk().await;
    });
}
