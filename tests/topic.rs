//! Topic name and filter validation and matching tables, including the
//! examples of MQTT 5.0 §4.7 (the same as MQTT 3.1.1 §4.7).
#![cfg(not(target_arch = "wasm32"))]

use webmqtt::topic::{
    SharedFilter, TopicError, filters_overlap, matches, validate_filter, validate_name,
    validate_plain_filter,
};

/// (filter, topic name, matches?)
const MATCHING: &[(&str, &str, bool)] = &[
    // §4.7.1.2: "sport/tennis/player1/#" matches these three…
    ("sport/tennis/player1/#", "sport/tennis/player1", true),
    (
        "sport/tennis/player1/#",
        "sport/tennis/player1/ranking",
        true,
    ),
    (
        "sport/tennis/player1/#",
        "sport/tennis/player1/score/wimbledon",
        true,
    ),
    // …and "sport/#" also matches the singular "sport".
    ("sport/#", "sport", true),
    ("#", "sport/tennis", true),
    ("#", "/", true),
    // §4.7.1.3: "sport/tennis/+" matches "sport/tennis/player1" and
    // "sport/tennis/player2", but not "sport/tennis/player1/ranking".
    ("sport/tennis/+", "sport/tennis/player1", true),
    ("sport/tennis/+", "sport/tennis/player2", true),
    ("sport/tennis/+", "sport/tennis/player1/ranking", false),
    // "sport/+" does not match "sport" but does match "sport/".
    ("sport/+", "sport", false),
    ("sport/+", "sport/", true),
    // "+/+" and "/+" match "/finance"; "+" does not.
    ("+/+", "/finance", true),
    ("/+", "/finance", true),
    ("+", "/finance", false),
    ("+/tennis/#", "sport/tennis/player1", true),
    ("sport/+/player1", "sport/tennis/player1", true),
    // §4.7.2: wildcards at the first level do not match $ topics
    // [MQTT-4.7.2-1]; explicit $ levels do.
    ("#", "$SYS/broker/clients", false),
    ("+/monitor/Clients", "$SYS/monitor/Clients", false),
    ("$SYS/#", "$SYS/monitor/Clients", true),
    ("$SYS/monitor/+", "$SYS/monitor/Clients", true),
    ("$SYS/#", "$SYS", true),
    // §4.7.3: names are case-sensitive; spaces and empty levels count.
    ("ACCOUNTS", "Accounts", false),
    ("Accounts payable", "Accounts payable", true),
    ("/finance", "finance", false),
    ("a//b", "a//b", true),
    ("a/+/b", "a//b", true),
    ("a/b", "a/b/c", false),
    ("a/b/c", "a/b", false),
    ("+/+/+", "a/b", false),
    ("a/$b", "a/$b", true),
    ("+/$b", "a/$b", true),
    // Shared subscriptions match by their inner filter (§4.8.2).
    ("$share/group/sport/#", "sport/tennis", true),
    ("$share/group/+", "$SYS", false),
    ("$share/g/a/b", "a/c", false),
];

#[test]
fn filter_matching_table() {
    for &(filter, name, want) in MATCHING {
        assert_eq!(matches(filter, name), want, "{filter} vs {name}");
        validate_filter(filter).unwrap_or_else(|e| panic!("{filter}: {e}"));
        validate_name(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// (topic name, result)
const NAMES: &[(&str, Result<(), TopicError>)] = &[
    ("sport/tennis/player1", Ok(())),
    ("/", Ok(())),
    ("//", Ok(())),
    ("$SYS/broker", Ok(())),
    (" ", Ok(())),
    ("zürich/温度/😀", Ok(())),
    ("", Err(TopicError::Empty)),
    ("sport/+", Err(TopicError::WildcardInName)),
    ("sport/#", Err(TopicError::WildcardInName)),
    ("a+b", Err(TopicError::WildcardInName)),
    ("a\0b", Err(TopicError::NullCharacter)),
];

#[test]
fn topic_name_table() {
    for (name, want) in NAMES {
        assert_eq!(validate_name(name), *want, "{name:?}");
    }
    let long = "a".repeat(65_536);
    assert_eq!(validate_name(&long), Err(TopicError::TooLong(65_536)));
    assert_eq!(validate_name(&long[1..]), Ok(()));
}

/// (filter, result under MQTT 5.0 rules)
const FILTERS: &[(&str, Result<(), TopicError>)] = &[
    // §4.7.1.2: "sport/tennis/#" is valid, "sport/tennis#" and
    // "sport/tennis/#/ranking" are not.
    ("sport/tennis/#", Ok(())),
    (
        "sport/tennis#",
        Err(TopicError::MisplacedMultiLevelWildcard),
    ),
    (
        "sport/tennis/#/ranking",
        Err(TopicError::MisplacedMultiLevelWildcard),
    ),
    ("#", Ok(())),
    ("##", Err(TopicError::MisplacedMultiLevelWildcard)),
    ("#/", Err(TopicError::MisplacedMultiLevelWildcard)),
    // §4.7.1.3: "+", "+/tennis/#" and "sport/+/player1" are valid,
    // "sport+" is not.
    ("+", Ok(())),
    ("+/tennis/#", Ok(())),
    ("sport/+/player1", Ok(())),
    ("sport+", Err(TopicError::MisplacedSingleLevelWildcard)),
    ("+sport", Err(TopicError::MisplacedSingleLevelWildcard)),
    ("++", Err(TopicError::MisplacedSingleLevelWildcard)),
    ("+/+", Ok(())),
    ("/+/", Ok(())),
    ("", Err(TopicError::Empty)),
    ("a\0", Err(TopicError::NullCharacter)),
    // §4.8.2 shared subscriptions.
    ("$share/consumer1/sport/tennis/+", Ok(())),
    ("$share/consumer2/sport/tennis/+", Ok(())),
    ("$share/consumer1//finance", Ok(())),
    ("$share//a", Err(TopicError::EmptyShareName)),
    ("$share/g", Err(TopicError::EmptySharedFilter)),
    ("$share/g/", Err(TopicError::EmptySharedFilter)),
    ("$share/+/a", Err(TopicError::WildcardInShareName)),
    ("$share/g#/a", Err(TopicError::WildcardInShareName)),
    ("$share/g/a#", Err(TopicError::MisplacedMultiLevelWildcard)),
    ("$sharex/g/a", Ok(())),
];

#[test]
fn topic_filter_table() {
    for (filter, want) in FILTERS {
        assert_eq!(validate_filter(filter), *want, "{filter:?}");
    }
    // MQTT 3.1.1 has no shared subscriptions: "$share/g" is a plain filter.
    assert_eq!(validate_plain_filter("$share/g"), Ok(()));
    assert_eq!(validate_plain_filter("$share//a"), Ok(()));
    assert_eq!(
        validate_plain_filter("a/#/b"),
        Err(TopicError::MisplacedMultiLevelWildcard)
    );
}

#[test]
fn shared_filter_parts() {
    assert_eq!(
        SharedFilter::split("$share/consumer1/sport/tennis/+"),
        Ok(Some(SharedFilter {
            share_name: "consumer1",
            filter: "sport/tennis/+"
        }))
    );
    assert_eq!(SharedFilter::split("sport/#"), Ok(None));
}

#[test]
fn errors_read_as_sentences() {
    assert_eq!(
        TopicError::WildcardInName.to_string(),
        "topic name contains a wildcard (+ or #)"
    );
    assert_eq!(
        TopicError::TooLong(70_000).to_string(),
        "topic is 70000 bytes, over 65535"
    );
}

/// Plain, byte-by-byte statements of the rules, to check the word-at-a-time
/// scans in `topic.rs` against.
mod reference {
    use webmqtt::topic::TopicError;

    pub fn name(s: &str) -> Result<(), TopicError> {
        common(s)?;
        if s.contains(['+', '#']) {
            return Err(TopicError::WildcardInName);
        }
        Ok(())
    }

    pub fn plain_filter(s: &str) -> Result<(), TopicError> {
        common(s)?;
        let levels: Vec<&str> = s.split('/').collect();
        for (i, level) in levels.iter().enumerate() {
            if level.contains('#') && (*level != "#" || i + 1 != levels.len()) {
                return Err(TopicError::MisplacedMultiLevelWildcard);
            }
            if level.contains('+') && *level != "+" {
                return Err(TopicError::MisplacedSingleLevelWildcard);
            }
        }
        Ok(())
    }

    fn common(s: &str) -> Result<(), TopicError> {
        if s.is_empty() {
            return Err(TopicError::Empty);
        }
        if s.len() > 65_535 {
            return Err(TopicError::TooLong(s.len()));
        }
        if s.contains('\0') {
            return Err(TopicError::NullCharacter);
        }
        Ok(())
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

    #[test]
    fn fast_scans_agree_with_the_plain_rules(s in "[a/+#\u{0}é]{0,40}") {
        proptest::prop_assert_eq!(validate_name(&s), reference::name(&s));
        let plain = reference::plain_filter(&s);
        // The first misplaced wildcard decides which error; the reference
        // walks levels, so compare validity and, when both fail on the same
        // kind of rule, the error.
        let fast = validate_plain_filter(&s);
        proptest::prop_assert_eq!(fast.is_ok(), plain.is_ok(), "{:?}: {:?} vs {:?}", s, fast, plain);
        if !s.starts_with("$share/") {
            proptest::prop_assert_eq!(validate_filter(&s).is_ok(), plain.is_ok());
        }
    }
}

#[test]
fn overlapping_filters_table() {
    // (a, b, could one topic match both?)
    let table = [
        ("a/b", "a/b", true),
        ("a/b", "a/c", false),
        ("a/+", "a/b", true),
        ("a/+", "+/b", true),
        ("a/+", "a/b/c", false),
        ("a/#", "a", true),
        ("a/#", "a/b/c", true),
        ("#", "x/y", true),
        ("a/b", "a/b/c", false),
        ("+/+", "a", false),
        ("$share/g/a/+", "a/b", true),
        ("$share/g/a/b", "$share/h/a/c", false),
    ];
    for (a, b, want) in table {
        assert_eq!(filters_overlap(a, b), want, "{a} vs {b}");
        assert_eq!(filters_overlap(b, a), want, "{b} vs {a}");
    }
}
