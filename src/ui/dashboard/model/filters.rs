//! The subscriptions a dashboard needs, and which widgets a message
//! feeds.
//!
//! Every topic a widget reads is a [`Reader`]: a value, gauge, indicator
//! or log widget's `topic`, each chart series' `topic`, a switch's or
//! slider's state `topic`. Command topics are only published to and never
//! subscribed to. [`subscriptions`] is the smallest set of filters that
//! receives every reader's messages: duplicates go, and so does a filter
//! another one covers (`sensors/#` covers `sensors/+/voltage`), in
//! lexicographic order so that the same dashboard always asks for the same
//! list.
//!
//! This module decides nothing about the protocol: the connection layer
//! subscribes (and counts subscriptions it shares with the explorer).

use std::collections::BTreeSet;

use crate::std_prelude::*;

use super::document::{Dashboard, WidgetId, WidgetKind};
use super::extract::Extract;
use crate::topic::{SHARED_PREFIX, matches};

/// A topic filter one widget reads, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader<'a> {
    /// The widget's position in its dashboard.
    pub widget: usize,
    /// The widget's id.
    pub id: &'a WidgetId,
    /// For a chart, which series; `None` for a widget's only topic.
    pub series: Option<usize>,
    /// The filter.
    pub filter: &'a str,
    /// How the value is read.
    pub extract: &'a Extract,
}

/// Every topic the dashboard's widgets read, in widget order.
pub fn readers(dashboard: &Dashboard) -> Vec<Reader<'_>> {
    let mut out = Vec::new();
    for (index, w) in dashboard.widgets.iter().enumerate() {
        let reader = |series, filter, extract| Reader {
            widget: index,
            id: &w.id,
            series,
            filter,
            extract,
        };
        match &w.kind {
            WidgetKind::Value(s) => out.push(reader(None, &s.topic, &s.extract)),
            WidgetKind::Gauge(s) => out.push(reader(None, &s.topic, &s.extract)),
            WidgetKind::Indicator(s) => out.push(reader(None, &s.topic, &s.extract)),
            WidgetKind::Log(s) => out.push(reader(None, &s.topic, &s.extract)),
            WidgetKind::Switch(s) => {
                if let Some(topic) = &s.topic {
                    out.push(reader(None, topic, &s.extract));
                }
            }
            WidgetKind::Slider(s) => {
                if let Some(topic) = &s.topic {
                    out.push(reader(None, topic, &s.extract));
                }
            }
            WidgetKind::Chart(s) => {
                for (i, series) in s.series.iter().enumerate() {
                    out.push(reader(Some(i), &series.topic, &series.extract));
                }
            }
            WidgetKind::Button(_)
            | WidgetKind::ButtonSet(_)
            | WidgetKind::Input(_)
            | WidgetKind::Text(_) => {}
        }
    }
    out
}

/// Whether every topic `b` matches is also matched by `a` (both valid
/// filters). `#` covers its parent level (`a/#` covers `a`), so `+/#`
/// and `#` cover each other (every topic has a first level); a wildcard
/// first level does not cover a `$` topic (MQTT 5.0 §4.7.2). A shared
/// subscription covers and is covered only by itself.
pub fn covers(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if a.starts_with(SHARED_PREFIX) || b.starts_with(SHARED_PREFIX) {
        return false;
    }
    if (a.starts_with('+') || a.starts_with('#')) && b.starts_with('$') {
        return false;
    }
    let (mut a, mut b) = (a.split('/'), b.split('/'));
    let mut first = true;
    loop {
        match (a.next(), b.next()) {
            (Some("#"), _) => return true,
            (Some("+"), Some("#")) if first => return a.next() == Some("#"),
            (_, Some("#")) => return false,
            (Some("+"), Some(_)) => {}
            (Some(x), Some(y)) if x == y => {}
            (None, None) => return true,
            _ => return false,
        }
        first = false;
    }
}

/// `filters` without duplicates and without any that another one covers
/// (of two that cover each other, the first in sort order stays), sorted.
pub fn minimal<'a>(filters: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    // Inserted one by one: collecting a BTreeSet sorts, and each sort is
    // its own generic code in the app.
    let mut unique = BTreeSet::new();
    for f in filters {
        unique.insert(f);
    }
    let dropped = |f: &str| {
        unique
            .iter()
            .any(|&g| g != f && covers(g, f) && (g < f || !covers(f, g)))
    };
    unique
        .iter()
        .filter(|f| !dropped(f))
        .map(|f| (*f).to_string())
        .collect()
}

/// The filters to subscribe to for `dashboard` (see the module docs).
pub fn subscriptions(dashboard: &Dashboard) -> Vec<String> {
    minimal(readers(dashboard).iter().map(|r| r.filter))
}

/// What to change when the subscriptions go from `old` to `new` (another
/// dashboard, or this one edited): both lists sorted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SubscriptionChange {
    /// Filters to subscribe to.
    pub subscribe: Vec<String>,
    /// Filters no longer needed.
    pub unsubscribe: Vec<String>,
}

/// The change from subscriptions `old` to `new`.
pub fn change(old: &[String], new: &[String]) -> SubscriptionChange {
    // Sets of &str like `minimal`'s, so that the app holds one BTreeSet.
    let (mut old_set, mut new_set) = (BTreeSet::new(), BTreeSet::new());
    for f in old {
        old_set.insert(f.as_str());
    }
    for f in new {
        new_set.insert(f.as_str());
    }
    let (old, new) = (old_set, new_set);
    SubscriptionChange {
        subscribe: new.difference(&old).map(|s| (*s).to_string()).collect(),
        unsubscribe: old.difference(&new).map(|s| (*s).to_string()).collect(),
    }
}

/// The widgets a message on `topic` feeds, each once, in widget order.
pub fn widgets_for(dashboard: &Dashboard, topic: &str) -> Vec<WidgetId> {
    let mut out: Vec<WidgetId> = Vec::new();
    for r in readers(dashboard) {
        if matches(r.filter, topic) && out.last() != Some(r.id) {
            out.push(r.id.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::dashboard::model::document::{
        ChartSeries, ChartSettings, Kind, SwitchSettings, Widget,
    };

    fn dashboard(widgets: Vec<Widget>) -> Dashboard {
        Dashboard {
            id: "d".into(),
            title: "D".into(),
            widgets,
        }
    }

    fn reading(id: &str, kind: Kind, topic: &str) -> Widget {
        Widget::new(id, "", WidgetKind::new(kind, topic))
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn covering_follows_matching() {
        assert!(covers("sensors/#", "sensors/+/voltage"));
        assert!(covers("sensors/#", "sensors"));
        assert!(covers("sensors/+/voltage", "sensors/room1/voltage"));
        assert!(covers("#", "+/x"));
        assert!(covers("+/#", "#") && covers("#", "+/#"));
        assert!(!covers("a/+/#", "a/#"));
        assert!(!covers("sensors/+/voltage", "sensors/#"));
        assert!(!covers("sensors/+", "sensors/a/b"));
        assert!(!covers("sensors/room1/voltage", "sensors/+/voltage"));
        assert!(!covers("#", "$SYS/broker"));
        assert!(!covers("+/broker", "$SYS/broker"));
        assert!(covers("$SYS/#", "$SYS/broker/load"));
        assert!(!covers("$share/g/#", "a"));
        assert!(!covers("#", "$share/g/a"));
    }

    /// `covers(a, b)` is exactly "every name `b` matches, `a` matches",
    /// over every filter of up to three levels from a small alphabet and
    /// every name of up to four.
    #[test]
    fn covering_agrees_with_matching_exhaustively() {
        let levels = ["a", "b", "$s", "+", "#", ""];
        let name_levels = ["a", "b", "c", "$s", ""];
        let mut filters = Vec::new();
        let mut names = Vec::new();
        let grow = |parts: &[&str], out: &mut Vec<String>, max: usize| {
            let mut level: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
            out.extend(level.iter().cloned());
            for _ in 1..max {
                level = level
                    .iter()
                    .flat_map(|l| parts.iter().map(move |p| format!("{l}/{p}")))
                    .collect();
                out.extend(level.iter().cloned());
            }
        };
        grow(&levels, &mut filters, 3);
        grow(&name_levels, &mut names, 4);
        let filters: Vec<String> = filters
            .into_iter()
            .filter(|f| crate::topic::validate_filter(f).is_ok())
            .collect();
        for a in &filters {
            for b in &filters {
                let by_names = names.iter().all(|n| !matches(b, n) || matches(a, n));
                assert_eq!(covers(a, b), by_names, "covers({a:?}, {b:?})");
            }
        }
    }

    #[test]
    fn subscriptions_are_deduplicated_and_covered_ones_dropped() {
        let d = dashboard(vec![
            reading("v", Kind::Value, "sensors/room1/voltage"),
            reading("g", Kind::Gauge, "sensors/room1/voltage"),
            reading("c", Kind::Chart, "sensors/+/voltage"),
            reading("l", Kind::Log, "sensors/#"),
            reading("i", Kind::Indicator, "status/pump"),
            reading("s", Kind::Switch, "cmd/pump/set"),
            reading("b", Kind::Button, "cmd/reboot"),
            reading("t", Kind::Text, ""),
        ]);
        assert_eq!(subscriptions(&d), strings(&["sensors/#", "status/pump"]));
        let without_log = dashboard(d.widgets[..3].to_vec());
        assert_eq!(subscriptions(&without_log), strings(&["sensors/+/voltage"]));
        assert_eq!(
            minimal(["b", "a", "b", "a/#", "a/x", "+/x"]),
            strings(&["+/x", "a/#", "b"])
        );
        assert_eq!(minimal(["+/#", "#", "x"]), strings(&["#"]));
        assert!(subscriptions(&dashboard(vec![])).is_empty());
    }

    #[test]
    fn state_topics_are_read_and_command_topics_are_not() {
        let switch = Widget::new(
            "s",
            "",
            WidgetKind::Switch(SwitchSettings {
                command_topic: "plug/set".into(),
                topic: Some("plug/state".into()),
                ..SwitchSettings::default()
            }),
        );
        let chart = Widget::new(
            "c",
            "",
            WidgetKind::Chart(ChartSettings {
                series: vec![
                    ChartSeries {
                        topic: "a/t".into(),
                        ..ChartSeries::default()
                    },
                    ChartSeries {
                        topic: "b/t".into(),
                        ..ChartSeries::default()
                    },
                ],
                ..ChartSettings::default()
            }),
        );
        let d = dashboard(vec![switch, chart]);
        assert_eq!(subscriptions(&d), strings(&["a/t", "b/t", "plug/state"]));
        let r = readers(&d);
        assert_eq!(
            r.iter()
                .map(|r| (r.widget, r.series, r.filter))
                .collect::<Vec<_>>(),
            vec![
                (0, None, "plug/state"),
                (1, Some(0), "a/t"),
                (1, Some(1), "b/t")
            ]
        );
    }

    #[test]
    fn messages_feed_the_widgets_whose_filters_match() {
        let d = dashboard(vec![
            reading("v", Kind::Value, "sensors/room1/voltage"),
            reading("c", Kind::Chart, "sensors/+/voltage"),
            reading("l", Kind::Log, "sensors/#"),
            reading("x", Kind::Value, "other"),
        ]);
        let ids = |topic| {
            widgets_for(&d, topic)
                .into_iter()
                .map(|w| w.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("sensors/room1/voltage"), strings(&["v", "c", "l"]));
        assert_eq!(ids("sensors/room2/voltage"), strings(&["c", "l"]));
        assert_eq!(ids("sensors"), strings(&["l"]));
        assert!(ids("nothing").is_empty());
    }

    #[test]
    fn changes_between_subscription_sets() {
        let c = change(&strings(&["a", "b"]), &strings(&["b", "c"]));
        assert_eq!(c.subscribe, strings(&["c"]));
        assert_eq!(c.unsubscribe, strings(&["a"]));
        assert_eq!(
            change(&strings(&["a"]), &strings(&["a"])),
            SubscriptionChange::default()
        );
    }
}
