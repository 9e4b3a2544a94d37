//! "Did you mean …?" suggestions for misspelt ids, fields and kinds.
//!
//! Edit distance costs the product of the two lengths, so on a hostile file (thousands of
//! unknown references against thousands of ids, or ids megabytes long) unbounded suggestions
//! would take minutes. Work is therefore bounded: long words get no suggestion, candidates whose
//! length alone rules them out cost nothing, and a [`Suggester`] stops suggesting once its budget
//! is spent. A suggestion is a courtesy; the error itself is always reported.

/// Words longer than this get no suggestion: typos are made in names, not in pasted paragraphs.
pub const MAX_SUGGESTED_CHARS: usize = 64;

/// Edit-distance cells (length × length) one [`Suggester`] may compute: tens of milliseconds.
pub const SUGGESTION_BUDGET_CELLS: usize = 20_000_000;

/// The candidate closest to `wanted`, if it is close enough to be a plausible typo.
pub fn closest<'c>(wanted: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    Suggester::new().closest(wanted, candidates)
}

/// Suggestions that share one work budget, for callers that ask many times (one per unknown
/// reference in a file).
#[derive(Clone, Debug)]
pub struct Suggester {
    cells_left: usize,
}

impl Default for Suggester {
    fn default() -> Self {
        Self::new()
    }
}

impl Suggester {
    pub fn new() -> Suggester {
        Suggester {
            cells_left: SUGGESTION_BUDGET_CELLS,
        }
    }

    /// The candidate closest to `wanted` within the edit limit, or `None` (also once the
    /// budget is spent).
    pub fn closest<'c>(
        &mut self,
        wanted: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) -> Option<&'c str> {
        let wanted_chars = wanted.chars().count();
        if wanted_chars > MAX_SUGGESTED_CHARS {
            return None;
        }
        let wanted_lower = wanted.to_lowercase();
        // Allow one edit for short words and about one in three for longer ones.
        let limit = (wanted_chars / 3).max(1);
        let mut best: Option<(usize, &'c str)> = None;
        for candidate in candidates {
            if candidate == wanted {
                continue;
            }
            // The distance is at least the difference in length: no need to compute it.
            let candidate_chars = candidate.chars().count();
            if candidate_chars.abs_diff(wanted_chars) > limit {
                continue;
            }
            let cost = (wanted_chars + 1) * (candidate_chars + 1);
            let Some(left) = self.cells_left.checked_sub(cost) else {
                self.cells_left = 0;
                break;
            };
            self.cells_left = left;
            let distance = strsim::osa_distance(&wanted_lower, &candidate.to_lowercase());
            if distance <= limit && best.is_none_or(|best| (distance, candidate) < best) {
                best = Some((distance, candidate));
            }
        }
        best.map(|(_, candidate)| candidate)
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let ids = ["caro-quintero", "guzman", "el-mencho"];
        assert_eq!(closest("caro-quinteo", ids), Some("caro-quintero"));
        assert_eq!(closest("caro-quitnero", ids), Some("caro-quintero"));
        assert_eq!(closest("Guzman", ids), Some("guzman"));
        assert_eq!(closest("zambada", ids), None);
        assert_eq!(closest("x", Vec::<&str>::new()), None);
    }

    #[test]
    fn the_nearest_then_alphabetically_first_candidate_wins() {
        assert_eq!(closest("cat", ["cut", "bat", "cats"]), Some("bat"));
    }

    #[test]
    fn long_words_get_no_suggestion_and_cost_nothing() {
        let long_id = "x".repeat(1_000_000);
        let almost = format!("{long_id}y");
        let started = Instant::now();
        assert_eq!(closest(&almost, [long_id.as_str()]), None);
        assert!(started.elapsed() < Duration::from_millis(100));
    }

    #[test]
    fn a_spent_budget_stops_suggesting() {
        let ids: Vec<String> = (0..2_000).map(|i| format!("person-{i:05}")).collect();
        let mut suggester = Suggester::new();
        let started = Instant::now();
        let mut suggested = 0;
        for i in 0..2_000 {
            let unknown = format!("persn-{i:05}");
            if suggester
                .closest(&unknown, ids.iter().map(String::as_str))
                .is_some()
            {
                suggested += 1;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        // The first unknown ids still get their suggestion; later ones do not.
        assert!(suggested > 10, "{suggested}");
        assert!(suggested < 2_000, "{suggested}");
        assert_eq!(suggester.closest("person-0000", ["person-00000"]), None);
    }
}
