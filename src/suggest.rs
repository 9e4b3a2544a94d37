//! "Did you mean …?" suggestions for misspelt ids, fields and kinds.

/// The candidate closest to `wanted`, if it is close enough to be a plausible typo.
pub fn closest<'c>(wanted: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let wanted_lower = wanted.to_lowercase();
    // Allow one edit for short words and about one in three for longer ones.
    let limit = (wanted.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| {
            let distance = strsim::damerau_levenshtein(&wanted_lower, &candidate.to_lowercase());
            (distance, candidate)
        })
        .filter(|&(distance, candidate)| distance <= limit && candidate != wanted)
        .min_by_key(|&(distance, candidate)| (distance, candidate))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_misses_only() {
        let ids = ["caro-quintero", "guzman", "el-mencho"];
        assert_eq!(closest("caro-quinteo", ids), Some("caro-quintero"));
        assert_eq!(closest("Guzman", ids), Some("guzman"));
        assert_eq!(closest("zambada", ids), None);
        assert_eq!(closest("x", Vec::<&str>::new()), None);
    }
}
