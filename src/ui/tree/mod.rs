//! The topic tree.

mod selected_topic;
mod topic_chart;
mod topic_tree;

pub use topic_tree::TopicTreePanel;
