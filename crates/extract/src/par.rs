//! Work spread over the processor's cores for long documents. The result is the same as
//! the sequential one, in the same order: each thread maps a contiguous run of the input
//! and the runs are joined in order. Short inputs stay on the calling thread, where a
//! thread would cost more than it saves.

use std::num::NonZeroUsize;

/// Below this many bytes of text, one thread.
const MIN_PARALLEL_BYTES: usize = 256 * 1024;

/// Threads to use for `bytes` of text: one per core, at most one per
/// [`MIN_PARALLEL_BYTES`], at most 8.
fn threads_for(bytes: usize) -> usize {
    #[cfg(test)]
    if tests::ONE_THREAD.load(std::sync::atomic::Ordering::Relaxed) {
        return 1;
    }
    if bytes < 2 * MIN_PARALLEL_BYTES {
        return 1;
    }
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    cores.min(bytes / MIN_PARALLEL_BYTES).clamp(1, 8)
}

/// Whether [`map`] spreads `bytes` of text over more than one thread: callers that would
/// read ahead only to spread the work read as they go otherwise.
pub(crate) fn spreads(bytes: usize) -> bool {
    threads_for(bytes) > 1
}

/// `(first(), second())`: on two threads at once when `bytes` of text are worth spreading
/// ([`spreads`]), else one after the other on this one.
pub(crate) fn join<A, B>(
    bytes: usize,
    first: impl FnOnce() -> A + Send,
    second: impl FnOnce() -> B,
) -> (A, B)
where
    A: Send,
{
    if !spreads(bytes) {
        return (first(), second());
    }
    std::thread::scope(|scope| {
        let handle = scope.spawn(first);
        let second = second();
        match handle.join() {
            Ok(first) => (first, second),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// `items` mapped by `map`, in order; `weight` is an item's size in bytes, by which the
/// items are shared out.
pub(crate) fn map<T, U>(
    items: Vec<T>,
    weight: impl Fn(&T) -> usize,
    map: impl Fn(T) -> U + Sync,
) -> Vec<U>
where
    T: Send,
    U: Send,
{
    // Most calls are short inputs that stay on this thread: those keep no weights.
    let total: usize = items.iter().map(&weight).sum();
    let threads = threads_for(total);
    if threads == 1 || items.len() < 2 {
        return items.into_iter().map(map).collect();
    }
    let weights: Vec<usize> = items.iter().map(&weight).collect();
    // Cut the items into `threads` runs of about equal weight.
    let share = total.div_ceil(threads);
    let mut runs: Vec<Vec<T>> = Vec::with_capacity(threads);
    let mut run = Vec::new();
    let mut run_weight = 0;
    for (item, item_weight) in items.into_iter().zip(weights) {
        run.push(item);
        run_weight += item_weight;
        if run_weight >= share && runs.len() + 1 < threads {
            runs.push(std::mem::take(&mut run));
            run_weight = 0;
        }
    }
    runs.push(run);
    let map = &map;
    std::thread::scope(|scope| {
        let mut handles = runs.into_iter();
        // The calling thread takes the first run itself.
        let first = handles.next().unwrap_or_default();
        let spawned: Vec<_> = handles
            .map(|run| scope.spawn(move || run.into_iter().map(map).collect::<Vec<U>>()))
            .collect();
        let mut out: Vec<U> = first.into_iter().map(map).collect();
        for handle in spawned {
            match handle.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;

    /// Set by a test that compares the spread-out result with the sequential one.
    pub(crate) static ONE_THREAD: AtomicBool = AtomicBool::new(false);

    /// A long document read on several threads gives the meeting it gives on one.
    #[test]
    fn long_minutes_read_alike_on_one_thread_and_many() {
        let seeds = [
            include_str!("../tests/data/seed_000.txt"),
            include_str!("../tests/data/seed_002.txt"),
            include_str!("../tests/data/seed_004.txt"),
        ];
        let mut joined = String::new();
        while joined.len() < 3 * MIN_PARALLEL_BYTES {
            for seed in seeds {
                joined.push_str(seed);
                joined.push('\n');
            }
        }
        let text = model::Text::from_plain(&joined, model::Format::Text);
        let spread = crate::extract(&text).meeting;
        ONE_THREAD.store(true, Ordering::Relaxed);
        let alone = crate::extract(&text).meeting;
        ONE_THREAD.store(false, Ordering::Relaxed);
        assert!(spread.items.len() > 100, "{} items", spread.items.len());
        assert_eq!(spread, alone);
    }

    #[test]
    fn keeps_the_order_of_a_long_input() {
        let items: Vec<usize> = (0..10_000).collect();
        let out = map(items, |_| 1024, |n| n * 2);
        assert_eq!(out, (0..10_000).map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn joins_in_order() {
        for bytes in [10, 64 << 20] {
            assert_eq!(join(bytes, || "a", || 2), ("a", 2));
        }
    }

    #[test]
    fn one_thread_for_a_short_input() {
        assert_eq!(threads_for(1000), 1);
        assert_eq!(threads_for(MIN_PARALLEL_BYTES), 1);
        assert!(threads_for(64 << 20) >= 1);
    }
}
