use super::*;

fn open(paths: &[&str]) -> BTreeSet<String> {
    paths.iter().map(|p| (*p).to_owned()).collect()
}

/// (path, depth, messages, topics) of each row.
fn shape(rows: &TreeRows) -> Vec<(&str, usize, u64, usize)> {
    rows.rows
        .iter()
        .map(|r| (r.path.as_str(), r.depth, r.messages, r.topics))
        .collect()
}

fn sample() -> TopicTree {
    let mut tree = TopicTree::default();
    tree.record("sensors/room1/voltage", b"120", true, 1.0);
    tree.record("sensors/room1/voltage", b"121", false, 2.0);
    tree.record("sensors/room2/voltage", b"230", true, 3.0);
    tree.record("sensors", b"hub", false, 4.0);
    tree.record("lights", b"on", true, 5.0);
    tree
}

#[test]
fn counts_roll_up_to_every_ancestor() {
    let tree = sample();
    assert_eq!((tree.len(), tree.messages()), (4, 5));
    let rows = tree.rows(&open(&["sensors", "sensors/room1", "sensors/room2"]));
    assert_eq!(
        shape(&rows),
        vec![
            ("lights", 0, 1, 1),
            ("sensors", 0, 4, 3),
            ("sensors/room1", 1, 2, 1),
            ("sensors/room1/voltage", 2, 2, 1),
            ("sensors/room2", 1, 1, 1),
            ("sensors/room2/voltage", 2, 1, 1),
        ]
    );
    let sensors = &rows.rows[1];
    let own = sensors.own.as_ref().unwrap();
    assert_eq!((own.last_value.as_str(), own.count), ("hub", 1));
    assert!(
        rows.rows[2].own.is_none(),
        "no message on sensors/room1 itself"
    );
    let voltage = rows.rows[3].own.as_ref().unwrap();
    assert_eq!(
        (
            voltage.last_value.as_str(),
            voltage.retained,
            voltage.count,
            voltage.time_ms
        ),
        // The broker still holds the retained 120: a live 121 does not
        // replace it.
        ("121", true, 2, 2.0)
    );
    assert_eq!(
        (rows.rows[2].position, rows.rows[2].siblings),
        (1, 2),
        "room1 is the first of sensors' two children"
    );
    assert_eq!((rows.rows[4].position, rows.rows[4].siblings), (2, 2));
}

#[test]
fn folded_branches_hide_their_children() {
    let tree = sample();
    let closed = tree.rows(&BTreeSet::new());
    assert_eq!(
        shape(&closed),
        vec![("lights", 0, 1, 1), ("sensors", 0, 4, 3)]
    );
    assert!(closed.rows[1].has_children && !closed.rows[1].expanded);
    assert!(!closed.rows[0].has_children && !closed.rows[0].expanded);
    // A child's path in the set shows nothing while its parent is folded.
    let inner_only = tree.rows(&open(&["sensors/room1"]));
    assert_eq!(inner_only.rows.len(), 2);
    let one_level = tree.rows(&open(&["sensors"]));
    let paths: Vec<&str> = one_level.rows.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        ["lights", "sensors", "sensors/room1", "sensors/room2"]
    );
    assert!(one_level.rows[1].expanded);
    assert!(!one_level.rows[2].expanded);
    // A leaf in the set is not "expanded": there is nothing to show.
    assert!(!tree.rows(&open(&["lights"])).rows[0].expanded);
    assert_eq!(
        tree.branches(),
        open(&["sensors", "sensors/room1", "sensors/room2"])
    );
}

#[test]
fn empty_levels_are_nodes_with_exact_paths() {
    let mut tree = TopicTree::default();
    tree.record("/a", b"1", false, 1.0);
    tree.record("a//b", b"2", false, 2.0);
    tree.record("a/", b"3", false, 3.0);
    let all = tree.branches();
    assert_eq!(all, open(&["", "a", "a/"]));
    let rows = tree.rows(&all);
    let got: Vec<(&str, &str, usize)> = rows
        .rows
        .iter()
        .map(|r| (r.path.as_str(), r.label.as_str(), r.depth))
        .collect();
    assert_eq!(
        got,
        vec![
            ("", EMPTY_LEVEL, 0),
            ("/a", "a", 1),
            ("a", "a", 0),
            ("a/", EMPTY_LEVEL, 1),
            ("a//b", "b", 2),
        ]
    );
    // "a/" is both a topic and the branch holding "a//b".
    let a_slash = &rows.rows[3];
    assert_eq!(a_slash.own.as_ref().unwrap().last_value, "3");
    assert_eq!((a_slash.messages, a_slash.topics), (2, 2));
    assert_eq!(tree.history("/a").unwrap()[0].value, "1");
    assert!(tree.history("a").is_none(), "no message on \"a\" itself");
}

#[test]
fn very_deep_topics_stop_splitting() {
    let deep: String = (0..40)
        .map(|i| format!("l{i}"))
        .collect::<Vec<_>>()
        .join("/");
    let mut tree = TopicTree::default();
    tree.record(&deep, b"x", false, 1.0);
    let all = tree.branches();
    let rows = tree.rows(&all).rows;
    assert_eq!(rows.len(), MAX_DEPTH);
    let last = rows.last().unwrap();
    assert_eq!(last.path, deep, "the path stays the exact topic");
    assert_eq!(last.depth, MAX_DEPTH - 1);
    assert!(last.label.starts_with("l31/l32/"));
    assert_eq!(tree.summary(&deep).unwrap().last_value, "x");
    assert!(tree.forget(&deep));
    assert!(tree.is_empty());
}

#[test]
fn topics_are_capped_and_rows_too() {
    let mut tree = TopicTree::default();
    for i in 0..MAX_TOPICS {
        tree.record(&format!("t/{i}"), b"v", false, 0.0);
    }
    tree.record("t/0", b"again", false, 1.0);
    assert_eq!(tree.dropped, 0, "a known topic is still recorded when full");
    assert_eq!(tree.summary("t/0").unwrap().count, 2);
    tree.record("new", b"v", false, 2.0);
    tree.record("t/x", b"v", false, 2.0);
    assert_eq!((tree.len(), tree.dropped), (MAX_TOPICS, 2));
    assert_eq!(tree.messages(), MAX_TOPICS as u64 + 1);
    assert!(tree.summary("new").is_none());

    let rows = tree.rows(&open(&["t"]));
    assert_eq!(rows.rows.len(), MAX_ROWS);
    assert_eq!(rows.left_out, MAX_TOPICS + 1 - MAX_ROWS);
    assert_eq!(tree.rows(&BTreeSet::new()).left_out, 0);

    // Forgetting makes room.
    assert!(tree.forget("t/1"));
    tree.record("new", b"v", false, 3.0);
    assert_eq!(tree.len(), MAX_TOPICS);
    assert!(tree.summary("new").is_some());
    tree.clear();
    assert!(tree.is_empty());
    assert_eq!((tree.messages(), tree.dropped), (0, 0));
    assert!(tree.rows(&BTreeSet::new()).rows.is_empty());
}

#[test]
fn forgetting_fixes_counts_and_prunes_empty_branches() {
    let mut tree = sample();
    let everything = open(&["sensors", "sensors/room1", "sensors/room2"]);
    assert!(tree.forget("sensors/room1/voltage"));
    assert_eq!(
        shape(&tree.rows(&everything)),
        vec![
            ("lights", 0, 1, 1),
            ("sensors", 0, 2, 2),
            ("sensors/room2", 1, 1, 1),
            ("sensors/room2/voltage", 2, 1, 1),
        ],
        "room1 held nothing else and is gone"
    );
    assert!(tree.history("sensors/room1/voltage").is_none());
    assert!(!tree.forget("sensors/room1/voltage"), "already forgotten");
    assert!(!tree.forget("sensors/room2"), "a branch, not a topic");
    assert!(!tree.forget("nowhere/at/all"));

    // A topic with levels under it keeps them.
    assert!(tree.forget("sensors"));
    assert_eq!(
        shape(&tree.rows(&everything)),
        vec![
            ("lights", 0, 1, 1),
            ("sensors", 0, 1, 1),
            ("sensors/room2", 1, 1, 1),
            ("sensors/room2/voltage", 2, 1, 1),
        ]
    );
    assert!(tree.rows(&everything).rows[1].own.is_none());
    assert!(tree.forget("sensors/room2/voltage"));
    assert!(tree.forget("lights"));
    assert!(tree.is_empty());
    assert_eq!(tree.messages(), 0);
    assert!(tree.branches().is_empty());
    // The tree works as new afterwards.
    tree.record("sensors/room1/voltage", b"1", false, 9.0);
    assert_eq!(
        shape(&tree.rows(&everything)),
        vec![
            ("sensors", 0, 1, 1),
            ("sensors/room1", 1, 1, 1),
            ("sensors/room1/voltage", 2, 1, 1),
        ]
    );
}

#[test]
fn history_is_bounded_and_a_cleared_retained_message_shows() {
    let mut tree = TopicTree::default();
    for i in 0..(HISTORY_LEN + 5) {
        tree.record("s", format!("{i}").as_bytes(), true, i as f64);
    }
    let history = tree.history("s").unwrap();
    assert_eq!(history.len(), HISTORY_LEN);
    assert_eq!(history.front().unwrap().value, "5");
    assert_eq!(
        history.back().unwrap().value,
        format!("{}", HISTORY_LEN + 4)
    );
    assert_eq!(tree.summary("s").unwrap().count, HISTORY_LEN as u64 + 5);
    assert!(tree.summary("s").unwrap().retained);
    tree.record("s", b"", true, 100.0);
    let s = tree.summary("s").unwrap();
    assert!(!s.retained, "an empty payload clears the retained flag");
    assert_eq!((s.last_value.as_str(), s.time_ms), ("", 100.0));
    assert_eq!(tree.history("s").unwrap().len(), HISTORY_LEN);
    // Long payloads are cut.
    tree.record("long", &[b'a'; 500], false, 0.0);
    assert_eq!(
        tree.summary("long").unwrap().last_value.len(),
        PREVIEW_CHARS
    );
}
