//! The dashboards, loaded on demand. With the feature `split` (what
//! scripts/build-app.py builds) their store, document model and views go
//! into a wasm chunk of their own, so the explorer's first load does not
//! carry them. The explorer fetches the chunk the first time it needs the
//! dashboards: when they are shown, when a connection is about to be made
//! (they subscribe on it and record its messages from the start, as
//! before), or at once for a `#dashboard=` link. A hosted dashboard needs
//! it at once. The MQTT client comes in the same chunk
//! (src/ui/client_link.rs), needed at the same moment. Without `split` (a
//! plain `trunk build`) the same code is in the one module.
//!
//! `wasm-split-cli` cuts the chunk at the functions marked `dashboards`; a
//! failed fetch is shown, not fatal, and the next need tries again.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::std_prelude::*;

use super::dashboard_view::DashboardView;
use super::hosted::HostedDashboard;
use super::model::share::parse_link_fragment;
use super::store::Dashboards;

/// Starts the explorer's dashboards under `owner` (the explorer's, where
/// they are looked up from), then opens a shared link's dashboards.
fn start(owner: Owner) {
    owner.with(|| open_shared_link(Dashboards::provide()));
}

#[cfg(feature = "split")]
mod split {
    use super::*;

    #[leptos::wasm_split::wasm_split(dashboards, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn start_dashboards(owner: Owner) -> Result<(), SplitLoaderError> {
        start(owner);
        Ok(())
    }

    #[leptos::wasm_split::wasm_split(dashboards, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn dashboard_view() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <DashboardView /> }.into_any())
    }

    #[leptos::wasm_split::wasm_split(dashboards, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn hosted_view(name: String, broker: Option<String>) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <HostedDashboard name=name broker=broker /> }.into_any())
    }
}

#[cfg(not(feature = "split"))]
mod split {
    use super::*;

    pub async fn start_dashboards(owner: Owner) -> Result<(), SplitLoaderError> {
        start(owner);
        Ok(())
    }

    pub async fn dashboard_view() -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <DashboardView /> }.into_any())
    }

    pub async fn hosted_view(
        name: String,
        broker: Option<String>,
    ) -> Result<AnyView, SplitLoaderError> {
        Ok(view! { <HostedDashboard name=name broker=broker /> }.into_any())
    }
}

/// The explorer's dashboards, started once, when first needed.
#[derive(Clone, Copy)]
pub struct DashboardsLoader {
    owner: StoredValue<Owner>,
    started: StoredValue<bool>,
}

impl DashboardsLoader {
    /// A loader for the dashboards of the explorer being built, in
    /// context; a `#dashboard=` link starts them at once.
    pub fn provide() -> DashboardsLoader {
        let owner = Owner::current().expect("built inside the explorer");
        let loader = DashboardsLoader {
            owner: StoredValue::new(owner),
            started: StoredValue::new(false),
        };
        provide_context(loader);
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        if hash.starts_with("#dashboard=") {
            leptos::task::spawn_local(async move {
                // A failure shows when the dashboards are opened.
                let _ = loader.start().await;
            });
        }
        loader
    }

    /// The loader from context, where there is an explorer.
    pub fn get() -> Option<DashboardsLoader> {
        use_context::<DashboardsLoader>()
    }

    /// Whether the dashboards run already.
    pub fn started(self) -> bool {
        self.started.get_value()
    }

    /// Starts the dashboards unless they run: fetches their chunk first.
    pub async fn start(self) -> Result<(), SplitLoaderError> {
        if self.started() {
            return Ok(());
        }
        #[cfg(feature = "split")]
        split::__wasm_split_preload_start_dashboards().await?;
        // Checked again after the fetch: two needs may have waited for it.
        if !self.started() {
            self.started.set_value(true);
            if let Err(e) = split::start_dashboards(self.owner.get_value()).await {
                self.started.set_value(false);
                return Err(e);
            }
        }
        Ok(())
    }
}

/// What a failed fetch of the chunk shows.
fn not_loaded(e: SplitLoaderError) -> AnyView {
    view! { <p class="error" role="alert">{format!("the dashboards did not load ({e}); open them again to retry")}</p> }
        .into_any()
}

/// What shows while the chunk comes.
fn loading() -> impl IntoView {
    view! { <p class="loading">"Loading the dashboards…"</p> }
}

/// The explorer's dashboards, once they run.
#[component]
pub fn LazyDashboardView() -> impl IntoView {
    let loader = DashboardsLoader::get().expect("inside the explorer");
    let shown = Suspend::new(async move {
        match loader.start().await {
            Ok(()) => split::dashboard_view().await.unwrap_or_else(not_loaded),
            Err(e) => not_loaded(e),
        }
    });
    view! { <Suspense fallback=loading>{shown}</Suspense> }
}

/// The hosted view of dashboard file `name`, once its code is there.
#[component]
pub fn LazyHostedDashboard(
    /// The file's name in `dashboards/`.
    name: String,
    /// The broker from the link, over the file's.
    broker: Option<String>,
) -> impl IntoView {
    let shown = Suspend::new(async move {
        split::hosted_view(name, broker)
            .await
            .unwrap_or_else(not_loaded)
    });
    view! { <Suspense fallback=loading>{shown}</Suspense> }
}

/// A link made by "Share link" (`#dashboard=…`): its dashboards are added
/// beside the kept ones and the first is shown; a broken link changes
/// nothing and says why.
fn open_shared_link(d: Dashboards) {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let Some(fragment) = hash.strip_prefix("#dashboard=") else {
        return;
    };
    match parse_link_fragment(fragment) {
        Ok(shared) => {
            let mut ids = Vec::new();
            d.doc.update(|doc| ids = doc.import(shared, false));
            if let Some(first) = ids.first() {
                d.current.set(first.clone());
            }
        }
        Err(e) => d.notice.set(Some(format!(
            "the shared dashboard link does not open: {e}"
        ))),
    }
}
