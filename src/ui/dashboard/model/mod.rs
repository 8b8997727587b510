//! Dashboards as plain Rust, with no Leptos and no browser, tested
//! natively: the document people build, keep, share and host
//! ([`document`], loaded by [`parse_document`]), how widgets read values
//! from payloads ([`extract`]) and show them ([`thresholds`]), what
//! controls publish ([`template`], [`command`]), which filters a dashboard
//! subscribes to ([`filters`]) and the live state of its widgets
//! ([`state`]).
//!
//! The components over this model hold a [`Document`] and, for the
//! dashboard on screen, a [`DashboardState`]:
//!
//! 1. Load: [`parse_document`] (a file, localStorage, a retained message),
//!    [`share::parse_link_fragment`] (a link) or [`share::hosted_path`] then
//!    [`parse_document`] (`?dashboard=plant.json`). An error changes
//!    nothing; show it (it names the path of the problem).
//! 2. Subscribe to [`filters::subscriptions`]; on a switch of dashboard or
//!    an edit, apply [`filters::change`].
//! 3. On each message, [`DashboardState::record`]; on a timer,
//!    [`DashboardState::tick`] (charts slide, values go stale).
//! 4. On a control, [`command::command`], confirm if asked, publish, and
//!    [`DashboardState::remember_sent`].
//! 5. Edit with the [`edit`] helpers and [`validate::problems`]; save with
//!    [`to_json`].
//!
//! This model decides nothing about the protocol: the connection layer
//! subscribes and publishes.

pub mod colour;
pub mod command;
pub mod document;
pub mod edit;
pub mod error;
pub mod extract;
pub mod filters;
pub mod form_lines;
pub mod migrate;
pub mod parse;
pub mod read;
pub mod sample;
pub mod series;
pub mod share;
pub mod state;
pub mod template;
pub mod thresholds;
pub mod validate;
pub mod value;
pub mod widget_form;
pub mod write;

pub use document::{
    Dashboard, Document, FORMAT, Kind, SCHEMA_VERSION, Widget, WidgetId, WidgetKind, to_json,
};
pub use error::DocumentError;
pub use extract::{Extract, ExtractError, Extractor};
pub use parse::parse_document;
pub use state::DashboardState;
pub use value::Value;
