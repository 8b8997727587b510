//! A stable insertion sort for the short lists the engine and the app put
//! in order (a handful of timers, a dashboard's widgets, a gauge's zones):
//! the standard library's slice sorts add about 12 KB of wasm that lists
//! this short never need.

/// Sorts `items` by `key`, keeping equal items in their order. Quadratic:
/// only for lists of tens of items.
pub(crate) fn sort_by_key<T, K: PartialOrd>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && key(&items[j]) < key(&items[j - 1]) {
            items.swap(j, j - 1);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sort_by_key;

    #[test]
    fn sorts_and_keeps_equal_items_in_order() {
        let mut v = [(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        sort_by_key(&mut v, |x| x.0);
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
        let mut empty: [u8; 0] = [];
        sort_by_key(&mut empty, |x| *x);
        let mut f = [2.5, -1.0, 0.0];
        sort_by_key(&mut f, |x| *x);
        assert_eq!(f, [-1.0, 0.0, 2.5]);
    }
}
