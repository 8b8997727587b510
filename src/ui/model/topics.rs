//! The topic tree: every topic seen, split into levels on `/` as MQTT
//! Explorer shows them. Each node holds its own topic's last messages, if
//! any arrived on exactly that topic, and the message and topic counts of
//! its whole subtree, kept up to date in O(levels) per message so that a
//! folded branch shows how busy it is without walking it.

mod history;

pub use history::{HISTORY_LEN, HistoryEntry, PREVIEW_CHARS, TopicSummary, preview};

use crate::std_prelude::*;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use history::TopicInfo;

/// The most topics the tree keeps (a `#` subscription on a public broker
/// would otherwise grow it without end).
pub const MAX_TOPICS: usize = 5_000;

/// The most rows [`TopicTree::rows`] returns, so that expanding a huge
/// tree cannot freeze the page.
pub const MAX_ROWS: usize = 2_000;

/// The deepest level the tree splits; the rest of a deeper topic stays one
/// node. A topic of thousands of `/` would otherwise nest nodes deep
/// enough to overflow the browser's stack when walked or dropped.
pub const MAX_DEPTH: usize = 32;

/// What a row shows for an empty level (`a//b`, or before a leading `/`).
pub const EMPTY_LEVEL: &str = "(empty)";

/// One level of the tree.
#[derive(Debug, Clone, Default)]
struct Node {
    children: BTreeMap<String, Node>,
    /// Messages on exactly this node's topic.
    own: Option<TopicInfo>,
    /// Messages in the subtree, this node's own included.
    messages: u64,
    /// Topics in the subtree, this node's own included. Never 0 below the
    /// root: a node with no topic under it is pruned.
    topics: usize,
}

/// One visible node of the tree, in display order.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeRow {
    /// The node's topic (exact, empty levels included), which identifies it.
    pub path: String,
    /// Its level's name, or [`EMPTY_LEVEL`].
    pub label: String,
    /// Levels above it (0 for the top).
    pub depth: usize,
    /// Whether it has levels under it.
    pub has_children: bool,
    /// Whether those levels are shown.
    pub expanded: bool,
    /// Messages in its subtree, its own included.
    pub messages: u64,
    /// Topics in its subtree, its own included.
    pub topics: usize,
    /// Its place among its siblings, from 1 (`aria-posinset`).
    pub position: usize,
    /// How many siblings it has, itself included (`aria-setsize`).
    pub siblings: usize,
    /// Its own topic, if a message arrived on exactly this path.
    pub own: Option<TopicSummary>,
}

/// The rows to show, and how many more were left out past [`MAX_ROWS`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TreeRows {
    /// The visible rows, in order, at most [`MAX_ROWS`].
    pub rows: Vec<TreeRow>,
    /// Visible rows not returned.
    pub left_out: usize,
}

/// Every topic seen, as a tree of levels; at most [`MAX_TOPICS`] topics.
#[derive(Debug, Clone, Default)]
pub struct TopicTree {
    /// The root has no name and no topic; its counts are the totals.
    root: Node,
    /// Messages on topics not kept because the tree was full.
    pub dropped: u64,
}

/// The levels of `topic`, as the tree splits them.
fn levels(topic: &str) -> impl Iterator<Item = &str> {
    topic.splitn(MAX_DEPTH, '/')
}

impl TopicTree {
    /// Records a message that arrived at `time_ms`.
    pub fn record(&mut self, topic: &str, payload: &[u8], retained: bool, time_ms: f64) {
        let known = self.find(topic).is_some_and(|n| n.own.is_some());
        if !known && self.len() >= MAX_TOPICS {
            self.dropped += 1;
            return;
        }
        let new_topic = usize::from(!known);
        let mut node = &mut self.root;
        node.messages += 1;
        node.topics += new_topic;
        for level in levels(topic) {
            // Looked up before inserting, so that the common case (a known
            // level) allocates no key.
            if !node.children.contains_key(level) {
                node.children.insert(level.to_owned(), Node::default());
            }
            node = node
                .children
                .get_mut(level)
                .expect("the level was there or just inserted");
            node.messages += 1;
            node.topics += new_topic;
        }
        node.own
            .get_or_insert_with(TopicInfo::default)
            .record(payload, retained, time_ms);
    }

    /// The visible rows in order: the top levels, and the children of every
    /// node whose path is in `expanded` and whose ancestors are shown.
    pub fn rows(&self, expanded: &BTreeSet<String>) -> TreeRows {
        let mut out = TreeRows::default();
        let mut path = String::new();
        visit(&self.root, &mut path, 0, expanded, &mut out);
        out
    }

    /// The state of `topic`, if a message arrived on exactly it.
    pub fn summary(&self, topic: &str) -> Option<TopicSummary> {
        Some(self.find(topic)?.own.as_ref()?.summary())
    }

    /// The last [`HISTORY_LEN`] messages on `topic`, oldest first; `None` if
    /// none arrived on exactly it.
    pub fn history(&self, topic: &str) -> Option<&VecDeque<HistoryEntry>> {
        Some(self.find(topic)?.own.as_ref()?.history())
    }

    /// Forgets `topic` (after its retained message was deleted), taking its
    /// messages out of every ancestor's counts and pruning levels left
    /// with no topic under them; levels under it stay. Returns whether the
    /// topic was known.
    pub fn forget(&mut self, topic: &str) -> bool {
        let Some(removed) = self
            .find(topic)
            .and_then(|n| n.own.as_ref())
            .map(TopicInfo::count)
        else {
            return false;
        };
        let mut node = &mut self.root;
        node.messages -= removed;
        node.topics -= 1;
        for level in levels(topic) {
            if node.children.get(level).expect("found above").topics == 1 {
                // The topic was the last one under this level: the whole
                // branch goes (without walking it any further).
                node.children.remove(level);
                return true;
            }
            node = node.children.get_mut(level).expect("found above");
            node.messages -= removed;
            node.topics -= 1;
        }
        node.own = None;
        true
    }

    /// The paths of every node with levels under it, for "Expand all".
    pub fn branches(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut path = String::new();
        collect_branches(&self.root, &mut path, 0, &mut out);
        out
    }

    /// How many topics.
    pub fn len(&self) -> usize {
        self.root.topics
    }

    /// Whether no topic was seen.
    pub fn is_empty(&self) -> bool {
        self.root.topics == 0
    }

    /// Messages kept, on every topic.
    pub fn messages(&self) -> u64 {
        self.root.messages
    }

    /// Forgets every topic, and the count of dropped messages.
    pub fn clear(&mut self) {
        *self = TopicTree::default();
    }

    fn find(&self, topic: &str) -> Option<&Node> {
        levels(topic).try_fold(&self.root, |node, level| node.children.get(level))
    }
}

/// Appends the visible rows under `node` (whose path is `path`, at `depth`
/// levels below the top) to `out`.
fn visit(
    node: &Node,
    path: &mut String,
    depth: usize,
    expanded: &BTreeSet<String>,
    out: &mut TreeRows,
) {
    let siblings = node.children.len();
    for (i, (name, child)) in node.children.iter().enumerate() {
        let len = path.len();
        if depth > 0 {
            path.push('/');
        }
        path.push_str(name);
        if out.rows.len() < MAX_ROWS {
            out.rows.push(make_row(
                child,
                name,
                path,
                depth,
                expanded,
                i + 1,
                siblings,
            ));
        } else {
            out.left_out += 1;
        }
        if !child.children.is_empty() && expanded.contains(path.as_str()) {
            visit(child, path, depth + 1, expanded, out);
        }
        path.truncate(len);
    }
}

fn make_row(
    node: &Node,
    name: &str,
    path: &str,
    depth: usize,
    expanded: &BTreeSet<String>,
    position: usize,
    siblings: usize,
) -> TreeRow {
    let has_children = !node.children.is_empty();
    TreeRow {
        path: path.to_owned(),
        label: if name.is_empty() {
            EMPTY_LEVEL.to_owned()
        } else {
            name.to_owned()
        },
        depth,
        has_children,
        expanded: has_children && expanded.contains(path),
        messages: node.messages,
        topics: node.topics,
        position,
        siblings,
        own: node.own.as_ref().map(TopicInfo::summary),
    }
}

fn collect_branches(node: &Node, path: &mut String, depth: usize, out: &mut BTreeSet<String>) {
    for (name, child) in &node.children {
        if child.children.is_empty() {
            continue;
        }
        let len = path.len();
        if depth > 0 {
            path.push('/');
        }
        path.push_str(name);
        out.insert(path.clone());
        collect_branches(child, path, depth + 1, out);
        path.truncate(len);
    }
}

#[cfg(test)]
mod tests;
