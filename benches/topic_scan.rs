//! Whether `memchr` would check topic names faster than our own scan.
//!
//! A topic name is valid when it is 1 to 65,535 bytes without U+0000, `+`
//! or `#` (MQTT 5.0 §4.7.3). `webmqtt::topic::validate_name` looks for the
//! three bytes in one pass, eight bytes at a time (`src/topic.rs`); the
//! other side of each group does the same with `memchr::memchr3`. Both
//! return whether the name is valid, for names of typical lengths (8 to
//! 64 bytes) and a long one.
//!
//! `cargo bench --bench topic_scan`; figures in BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn memchr_valid(s: &str) -> bool {
    !s.is_empty() && s.len() <= 65_535 && memchr::memchr3(0, b'+', b'#', s.as_bytes()).is_none()
}

fn scan(c: &mut Criterion) {
    let base = "sensors/building-7/floor-3/room-12/voltage/phase-a/";
    for len in [8, 24, 64, 1024] {
        let name: String = base.chars().cycle().take(len).collect();
        assert!(webmqtt::topic::validate_name(&name).is_ok() && memchr_valid(&name));
        let mut g = c.benchmark_group(format!("topic_name_scan/{len}B"));
        g.throughput(Throughput::Bytes(len as u64));
        g.bench_function("webmqtt", |b| {
            b.iter(|| webmqtt::topic::validate_name(black_box(&name)).is_ok())
        });
        g.bench_function("memchr", |b| b.iter(|| memchr_valid(black_box(&name))));
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(30);
    targets = scan
}
criterion_main!(benches);
