//! Many short lists of indices — the people an event names, the lanes it is drawn in — kept in
//! two flat arrays: a `Vec` per list would cost a pointer, a length, a capacity and an
//! allocation for each of a million events.

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FlatLists {
    /// List `k` is `items[offsets[k]..offsets[k + 1]]`.
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl FlatLists {
    pub fn from_lists<'a>(lists: impl IntoIterator<Item = &'a [u32]>) -> Self {
        let mut result = FlatLists::default();
        for list in lists {
            result.push(list.iter().copied());
        }
        result.shrink_to_fit();
        result
    }

    /// Appends the next list.
    pub fn push(&mut self, list: impl IntoIterator<Item = u32>) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        self.items.extend(list);
        // Fewer than u32::MAX items: they come from a file under the size limit.
        self.offsets
            .push(u32::try_from(self.items.len()).unwrap_or(u32::MAX));
    }

    /// List `k`; empty when out of range.
    pub fn of(&self, k: usize) -> &[u32] {
        let start = self.offsets.get(k).copied().unwrap_or(0) as usize;
        let end = self.offsets.get(k + 1).copied().unwrap_or(0) as usize;
        self.items.get(start..end).unwrap_or_default()
    }

    /// Number of lists.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn shrink_to_fit(&mut self) {
        self.offsets.shrink_to_fit();
        self.items.shrink_to_fit();
    }

    /// The same lists in `order` (list indices). The app keeps each event's lanes in the order
    /// of period start, so that rebuilding the lanes after a filter change reads them front to
    /// back.
    pub fn reordered(&self, order: &[u32]) -> FlatLists {
        FlatLists::from_lists(order.iter().map(|&k| self.of(k as usize)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_come_back_as_pushed_and_reordered() {
        let lists = FlatLists::from_lists([&[3, 1][..], &[], &[7]]);
        assert_eq!(lists.len(), 3);
        assert_eq!(
            (lists.of(0), lists.of(1), lists.of(2)),
            (&[3, 1][..], &[][..], &[7][..])
        );
        assert_eq!(lists.of(3), &[] as &[u32], "out of range is empty");
        let reordered = lists.reordered(&[2, 0, 1]);
        assert_eq!(reordered, FlatLists::from_lists([&[7][..], &[3, 1], &[]]));
        assert!(FlatLists::default().is_empty());
        assert_eq!(FlatLists::default().of(0), &[] as &[u32]);
    }
}
