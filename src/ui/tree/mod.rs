//! The topic tree.

mod topic_tree;

pub use topic_tree::TopicTreePanel;
