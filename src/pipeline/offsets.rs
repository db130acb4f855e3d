//! Which offsets may be committed: the unbroken run of finished messages per partition.
//!
//! Messages of a partition arrive in offset order but finish in any order (rayon, retries).
//! The tracker remembers every started offset; when the oldest ones are finished it
//! returns the highest offset of that finished prefix, which the pipeline stores for
//! commit. Kafka offsets may have gaps (transaction markers, compaction); the tracker only
//! relies on arrival order, never on `offset + 1`.
//!
//! Invariants: an offset is returned only when it and every offset started before it in
//! its partition are finished; a revoked partition is forgotten, so a late completion for
//! it stores nothing.

use std::collections::{BTreeMap, HashMap};

/// Per-partition started/finished bookkeeping.
#[derive(Debug, Default)]
pub(crate) struct OffsetTracker {
    partitions: HashMap<i32, BTreeMap<i64, bool>>,
}

impl OffsetTracker {
    /// Records that `offset` of `partition` started. A rewind (offset at or below one
    /// already started, as after a rebalance back to a committed position) resets the
    /// partition.
    pub(crate) fn start(&mut self, partition: i32, offset: i64) {
        let p = self.partitions.entry(partition).or_default();
        if p.last_key_value().is_some_and(|(&last, _)| offset <= last) {
            p.clear();
        }
        p.insert(offset, false);
    }

    /// Records that `offset` finished; returns the offset to store, if the finished
    /// prefix of the partition grew.
    pub(crate) fn finish(&mut self, partition: i32, offset: i64) -> Option<i64> {
        let p = self.partitions.get_mut(&partition)?;
        match p.get_mut(&offset) {
            Some(done) => *done = true,
            None => return None,
        }
        let mut store = None;
        while let Some(entry) = p.first_entry() {
            if !*entry.get() {
                break;
            }
            store = Some(*entry.key());
            entry.remove();
        }
        store
    }

    /// Forgets revoked partitions.
    pub(crate) fn revoke(&mut self, partitions: &[i32]) {
        for p in partitions {
            self.partitions.remove(p);
        }
    }

    /// Messages started and not yet finished, over all partitions.
    #[cfg(test)]
    fn pending(&self) -> usize {
        self.partitions
            .values()
            .map(|p| p.values().filter(|d| !**d).count())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_only_the_finished_prefix() {
        let mut t = OffsetTracker::default();
        for o in [10, 11, 13, 14] {
            t.start(0, o); // 12 is a gap (transaction marker)
        }
        assert_eq!(t.finish(0, 11), None);
        assert_eq!(t.finish(0, 14), None);
        assert_eq!(t.finish(0, 10), Some(11));
        assert_eq!(t.finish(0, 13), Some(14));
        assert_eq!(t.pending(), 0);
    }

    #[test]
    fn partitions_are_independent_and_revocable() {
        let mut t = OffsetTracker::default();
        t.start(0, 1);
        t.start(1, 7);
        assert_eq!(t.finish(1, 7), Some(7));
        t.revoke(&[0]);
        assert_eq!(t.finish(0, 1), None);
        t.start(1, 3); // rewind after a rebalance
        assert_eq!(t.finish(1, 3), Some(3));
    }
}
