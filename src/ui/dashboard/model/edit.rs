//! Editing a dashboard: adding widgets with fresh ids, removing them with
//! undo, moving them (keyboard reordering) and resizing them within the
//! grid. Every operation keeps ids unique and sizes in range, so an edited
//! dashboard stays valid if it was.

use crate::std_prelude::*;

use super::document::{Dashboard, Document, GRID_COLUMNS, MAX_ROWS, Widget, WidgetId};
use super::validate::{MAX_ID_CHARS, is_id};

/// A widget taken out of a dashboard, with where it was: give it back to
/// [`Dashboard::restore`] to undo.
#[derive(Debug, Clone, PartialEq)]
pub struct Removed {
    /// The widget.
    pub widget: Widget,
    /// Its position before removal.
    pub index: usize,
}

/// `stem` cut to an id's length and to its characters (others become
/// `-`); `widget` if nothing is left.
fn id_stem(stem: &str) -> String {
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .take(MAX_ID_CHARS - 4)
        .collect();
    if clean.is_empty() {
        "widget".to_string()
    } else {
        clean
    }
}

/// `stem`, or `stem-2`, `stem-3`, … : the first that `taken` says is free.
fn fresh(stem: &str, taken: impl Fn(&str) -> bool) -> String {
    let stem = id_stem(stem);
    if !taken(&stem) {
        return stem;
    }
    (2..)
        .map(|n| format!("{stem}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(stem)
}

impl Dashboard {
    /// The widget with id `id`.
    pub fn widget(&self, id: &str) -> Option<&Widget> {
        self.widgets.iter().find(|w| w.id.as_str() == id)
    }

    /// The widget with id `id`, to change.
    pub fn widget_mut(&mut self, id: &str) -> Option<&mut Widget> {
        self.widgets.iter_mut().find(|w| w.id.as_str() == id)
    }

    /// The position of widget `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.widgets.iter().position(|w| w.id.as_str() == id)
    }

    /// An id no widget has, made from `stem` (`gauge`, `gauge-2`, …).
    pub fn fresh_widget_id(&self, stem: &str) -> WidgetId {
        WidgetId(fresh(stem, |id| self.widget(id).is_some()))
    }

    /// Adds `widget` at the end, under a fresh id if its own is taken or
    /// not well formed; returns the id it got.
    pub fn add_widget(&mut self, mut widget: Widget) -> WidgetId {
        if self.widget(widget.id.as_str()).is_some() || !is_id(widget.id.as_str()) {
            widget.id = self.fresh_widget_id(widget.id.as_str());
        }
        let id = widget.id.clone();
        self.widgets.push(widget);
        id
    }

    /// Takes widget `id` out; keep the result to [`Dashboard::restore`] it.
    pub fn remove_widget(&mut self, id: &str) -> Option<Removed> {
        let index = self.position(id)?;
        Some(Removed {
            widget: self.widgets.remove(index),
            index,
        })
    }

    /// Puts a removed widget back where it was (or at the end if the
    /// dashboard got shorter), under a fresh id if a widget added since
    /// took its own; returns the id it got.
    pub fn restore(&mut self, removed: Removed) -> WidgetId {
        let Removed { mut widget, index } = removed;
        if self.widget(widget.id.as_str()).is_some() {
            widget.id = self.fresh_widget_id(widget.id.as_str());
        }
        let id = widget.id.clone();
        self.widgets.insert(index.min(self.widgets.len()), widget);
        id
    }

    /// Moves widget `id` to position `to` (clamped to the last); returns
    /// its new position.
    pub fn move_widget(&mut self, id: &str, to: usize) -> Option<usize> {
        let from = self.position(id)?;
        let to = to.min(self.widgets.len() - 1);
        let widget = self.widgets.remove(from);
        self.widgets.insert(to, widget);
        Some(to)
    }

    /// Moves widget `id` one place earlier (`-1`) or later (`1`), or any
    /// other offset, stopping at the ends; returns its new position.
    pub fn nudge_widget(&mut self, id: &str, by: isize) -> Option<usize> {
        let from = self.position(id)?;
        self.move_widget(id, from.saturating_add_signed(by))
    }

    /// Sets widget `id`'s size, clamped to 1..=[`GRID_COLUMNS`] columns and
    /// 1..=[`MAX_ROWS`] rows; returns the size it got.
    pub fn resize(&mut self, id: &str, w: u8, h: u8) -> Option<(u8, u8)> {
        let widget = self.widget_mut(id)?;
        widget.w = w.clamp(1, GRID_COLUMNS);
        widget.h = h.clamp(1, MAX_ROWS);
        Some((widget.w, widget.h))
    }
}

impl Document {
    /// The dashboard with id `id`.
    pub fn dashboard(&self, id: &str) -> Option<&Dashboard> {
        self.dashboards.iter().find(|d| d.id == id)
    }

    /// The dashboard with id `id`, to change.
    pub fn dashboard_mut(&mut self, id: &str) -> Option<&mut Dashboard> {
        self.dashboards.iter_mut().find(|d| d.id == id)
    }

    /// An id no dashboard has, made from `stem`.
    pub fn fresh_dashboard_id(&self, stem: &str) -> String {
        fresh(stem, |id| self.dashboard(id).is_some())
    }

    /// Adds the dashboards of an imported document: one with the id of a
    /// kept dashboard replaces it when `replace`, else is added under a
    /// fresh id. Returns the ids the imported dashboards now have, in
    /// order.
    pub fn import(&mut self, imported: Document, replace: bool) -> Vec<String> {
        let mut ids = Vec::new();
        for mut d in imported.dashboards {
            match self.dashboards.iter().position(|k| k.id == d.id) {
                Some(i) if replace => {
                    ids.push(d.id.clone());
                    self.dashboards[i] = d;
                }
                Some(_) => {
                    d.id = self.fresh_dashboard_id(&d.id);
                    ids.push(d.id.clone());
                    self.dashboards.push(d);
                }
                None => {
                    ids.push(d.id.clone());
                    self.dashboards.push(d);
                }
            }
        }
        if self.broker.is_none() {
            self.broker = imported.broker;
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::dashboard::model::document::{Kind, WidgetKind};
    use crate::ui::dashboard::model::validate::problems;

    fn w(id: &str) -> Widget {
        Widget::new(id, "", WidgetKind::new(Kind::Value, "t"))
    }

    fn dashboard(ids: &[&str]) -> Dashboard {
        Dashboard {
            id: "d".into(),
            title: "D".into(),
            widgets: ids.iter().map(|id| w(id)).collect(),
        }
    }

    fn order(d: &Dashboard) -> Vec<&str> {
        d.widgets.iter().map(|w| w.id.as_str()).collect()
    }

    #[test]
    fn removal_can_be_undone() {
        let mut d = dashboard(&["a", "b", "c"]);
        let removed = d.remove_widget("b").unwrap();
        assert_eq!(removed.index, 1);
        assert_eq!(order(&d), vec!["a", "c"]);
        assert_eq!(d.restore(removed).as_str(), "b");
        assert_eq!(order(&d), vec!["a", "b", "c"]);
        assert_eq!(d.remove_widget("x"), None);
    }

    #[test]
    fn undo_after_other_edits_keeps_ids_unique() {
        let mut d = dashboard(&["a", "b", "c"]);
        let removed = d.remove_widget("c").unwrap();
        d.remove_widget("b");
        d.add_widget(w("c"));
        assert_eq!(d.restore(removed).as_str(), "c-2");
        assert_eq!(order(&d), vec!["a", "c", "c-2"]);
        let doc = Document {
            dashboards: vec![d],
            broker: None,
        };
        assert!(problems(&doc).is_empty());
    }

    #[test]
    fn widgets_move_for_keyboard_reordering() {
        let mut d = dashboard(&["a", "b", "c", "d"]);
        assert_eq!(d.move_widget("a", 2), Some(2));
        assert_eq!(order(&d), vec!["b", "c", "a", "d"]);
        assert_eq!(d.move_widget("b", 99), Some(3));
        assert_eq!(order(&d), vec!["c", "a", "d", "b"]);
        assert_eq!(d.nudge_widget("a", -1), Some(0));
        assert_eq!(d.nudge_widget("a", -1), Some(0));
        assert_eq!(d.nudge_widget("b", 1), Some(3));
        assert_eq!(order(&d), vec!["a", "c", "d", "b"]);
        assert_eq!(d.move_widget("zz", 0), None);
    }

    #[test]
    fn sizes_stay_in_the_grid() {
        let mut d = dashboard(&["a"]);
        assert_eq!(d.resize("a", 0, 99), Some((1, MAX_ROWS)));
        assert_eq!(d.resize("a", 20, 3), Some((GRID_COLUMNS, 3)));
        assert_eq!(d.widget("a").map(|w| (w.w, w.h)), Some((12, 3)));
        assert_eq!(d.resize("b", 1, 1), None);
    }

    #[test]
    fn fresh_ids_are_well_formed() {
        let d = dashboard(&["gauge", "gauge-2"]);
        assert_eq!(d.fresh_widget_id("gauge").as_str(), "gauge-3");
        assert_eq!(
            d.fresh_widget_id("Room 1 voltage!").as_str(),
            "Room-1-voltage-"
        );
        assert_eq!(d.fresh_widget_id("").as_str(), "widget");
        assert_eq!(
            d.fresh_widget_id(&"x".repeat(100)).as_str().len(),
            MAX_ID_CHARS - 4
        );
        let mut d = dashboard(&[]);
        assert_eq!(d.add_widget(w("")).as_str(), "widget");
        assert_eq!(d.add_widget(w("my gauge")).as_str(), "my-gauge");
    }

    #[test]
    fn imports_replace_or_rename() {
        let mut kept = Document {
            dashboards: vec![dashboard(&["a"])],
            broker: None,
        };
        let mut other = dashboard(&["x"]);
        other.title = "Imported".into();
        let imported = Document {
            dashboards: vec![other.clone()],
            broker: None,
        };
        assert_eq!(kept.import(imported.clone(), false), vec!["d-2"]);
        assert_eq!(kept.dashboards.len(), 2);
        assert_eq!(kept.import(imported, true), vec!["d"]);
        assert_eq!(
            kept.dashboard("d").map(|d| d.title.as_str()),
            Some("Imported")
        );
        assert_eq!(kept.dashboards.len(), 2);
        assert!(kept.dashboard_mut("d-2").is_some());
    }
}
