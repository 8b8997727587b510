//! The sample dashboard for the seed sensor, which publishes
//! `{"voltage": 120}` to `sensors/room1/voltage`: a value, a gauge from 0
//! to 250 V with zones around 120 V, a chart of the last ten minutes and
//! a power switch. `www/dashboards/voltage.json` is this document as
//! [`to_json`](super::document::to_json) writes it (a test keeps them
//! equal), so the app can also open it as `?dashboard=voltage.json`.

use crate::std_prelude::*;

use super::document::{
    ChartSeries, ChartSettings, Dashboard, Document, GaugeSettings, SwitchSettings, ValueSettings,
    Widget, WidgetKind,
};
use super::extract::Extract;
use super::thresholds::Threshold;

/// The topic the seed sensor publishes to.
pub const SAMPLE_TOPIC: &str = "sensors/room1/voltage";

/// `www/dashboards/voltage.json`, as served.
pub const SAMPLE_VOLTAGE_JSON: &str = include_str!("../../../../www/dashboards/voltage.json");

fn zone(from: f64, colour: &str, label: &str) -> Threshold {
    Threshold {
        from,
        colour: colour.to_string(),
        label: label.to_string(),
    }
}

/// The sample document: one dashboard, `room1`.
pub fn sample_voltage() -> Document {
    let voltage = || Extract::Json("voltage".to_string());
    let zones = vec![
        zone(0.0, "#c62828", "low"),
        zone(108.0, "#2e7d32", "ok"),
        zone(132.0, "#f9a825", "high"),
        zone(150.0, "#c62828", "danger"),
    ];
    let value = Widget::new(
        "voltage",
        "Voltage",
        WidgetKind::Value(ValueSettings {
            topic: SAMPLE_TOPIC.to_string(),
            extract: voltage(),
            unit: "V".to_string(),
            decimals: Some(0),
            thresholds: zones.clone(),
            stale_after_seconds: Some(60),
        }),
    );
    let gauge = Widget::new(
        "voltage-gauge",
        "Voltage",
        WidgetKind::Gauge(GaugeSettings {
            topic: SAMPLE_TOPIC.to_string(),
            extract: voltage(),
            min: 0.0,
            max: 250.0,
            unit: "V".to_string(),
            decimals: Some(0),
            thresholds: zones,
            stale_after_seconds: Some(60),
        }),
    );
    let mut chart = Widget::new(
        "voltage-chart",
        "Last 10 minutes",
        WidgetKind::Chart(ChartSettings {
            series: vec![ChartSeries {
                topic: SAMPLE_TOPIC.to_string(),
                extract: voltage(),
                label: "room 1".to_string(),
                colour: Some("#1565c0".to_string()),
            }],
            window_seconds: 600,
            max_points: 600,
            unit: "V".to_string(),
            decimals: Some(1),
            ..ChartSettings::default()
        }),
    );
    chart.w = 6;
    chart.h = 3;
    let switch = Widget::new(
        "power",
        "Power",
        WidgetKind::Switch(SwitchSettings {
            command_topic: "sensors/room1/power/set".to_string(),
            topic: Some("sensors/room1/power".to_string()),
            qos: 1,
            confirm: Some("Switch the power of room 1?".to_string()),
            ..SwitchSettings::default()
        }),
    );
    Document {
        dashboards: vec![Dashboard {
            id: "room1".to_string(),
            title: "Room 1 voltage".to_string(),
            widgets: vec![value, gauge, chart, switch],
        }],
        broker: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::dashboard::model::command::{Action, SwitchState, command, switch_state};
    use crate::ui::dashboard::model::document::to_json;
    use crate::ui::dashboard::model::filters::subscriptions;
    use crate::ui::dashboard::model::parse::parse_document;
    use crate::ui::dashboard::model::state::{DashboardState, Live};
    use crate::ui::dashboard::model::thresholds::{format_value, fraction, zone as zone_of};
    use crate::ui::dashboard::model::value::Value;

    #[test]
    fn the_sample_parses_and_round_trips() {
        let doc = sample_voltage();
        let json = to_json(&doc);
        assert_eq!(parse_document(&json), Ok(doc.clone()));
        assert_eq!(
            to_json(&parse_document(&json).unwrap()),
            json,
            "stable output"
        );
    }

    #[test]
    fn the_served_file_is_the_sample() {
        assert_eq!(
            SAMPLE_VOLTAGE_JSON.trim_end(),
            to_json(&sample_voltage()),
            "regenerate www/dashboards/voltage.json from sample_voltage()"
        );
    }

    #[test]
    fn the_seed_sensor_drives_the_sample() {
        let doc = sample_voltage();
        let d = &doc.dashboards[0];
        assert_eq!(subscriptions(d), vec!["sensors/room1/power", SAMPLE_TOPIC]);
        let mut state = DashboardState::new(d);
        let changed = state.record(SAMPLE_TOPIC, br#"{"voltage": 120}"#, 1_000.0);
        assert_eq!(changed.len(), 3);
        let value = state.latest("voltage").unwrap().value.clone().unwrap();
        assert_eq!(format_value(&value, Some(0), "V"), "120 V");
        let WidgetKind::Gauge(g) = &d.widgets[1].kind else {
            panic!()
        };
        assert_eq!(fraction(120.0, g.min, g.max), 0.48);
        assert_eq!(
            zone_of(&g.thresholds, 120.0).map(|z| z.label.as_str()),
            Some("ok")
        );
        let Some(Live::Chart(series)) = state.widget("voltage-chart") else {
            panic!()
        };
        assert_eq!(series[0].len(), 1);
        let on = command(&d.widgets[3], Action::Switch(true)).unwrap();
        assert_eq!(on.message.topic, "sensors/room1/power/set");
        assert!(on.confirm.is_some());
        state.record("sensors/room1/power", b"ON", 2_000.0);
        let WidgetKind::Switch(s) = &d.widgets[3].kind else {
            panic!()
        };
        let shown = state.latest("power").and_then(|l| l.value.as_ref());
        assert_eq!(switch_state(s, shown), SwitchState::On);
        assert_eq!(shown, Some(&Value::Text("ON".into())));
    }
}
