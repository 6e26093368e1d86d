//! How an item is addressed inside its meeting: by the number the minutes print ("Punkt 3"
//! is `3`), so that `<meeting id>/3` is the item a reader sees as Punkt 3. The number is
//! used when it makes a clean address: trimmed, a trailing period dropped, lower case,
//! spaces as `-`, only letters, digits, `.`, `-` and `_`, and no other item of the meeting
//! has the same. An item whose number does not (none, `/` in it, printed twice) is
//! addressed by its 1-based position instead, or `p<position>` should that position be
//! another item's number.
//!
//! Positions were the addresses before numbers were: an address that is no item's number
//! but a position still finds the item at that position, so old links keep working
//! (where a position is now another item's number, the number wins).

use crate::Item;

/// The address of each item of `items` inside its meeting, in order.
pub fn item_keys(items: &[Item]) -> Vec<String> {
    keys_of_numbers(items.iter().map(|item| item.number.as_str()))
}

/// [`item_keys`] from the numbers alone, in order (for stores that keep numbers apart).
pub fn keys_of_numbers<'a>(numbers: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let cleaned: Vec<Option<String>> = numbers.into_iter().map(clean).collect();
    let unique = |key: &String| {
        cleaned
            .iter()
            .flatten()
            .filter(|other| *other == key)
            .count()
            == 1
    };
    let numbered: Vec<Option<&String>> = cleaned
        .iter()
        .map(|key| key.as_ref().filter(|key| unique(key)))
        .collect();
    numbered
        .iter()
        .enumerate()
        .map(|(idx, key)| match key {
            Some(key) => (*key).clone(),
            None => {
                let position = (idx + 1).to_string();
                let taken = numbered.iter().flatten().any(|other| **other == position);
                if taken {
                    format!("p{position}")
                } else {
                    position
                }
            }
        })
        .collect()
}

/// The index in `keys` (as [`item_keys`] gives them) of the item `wanted` addresses: the
/// item with that address, else (an old link) the item at that 1-based position.
pub fn find_item(keys: &[String], wanted: &str) -> Option<usize> {
    let wanted = wanted.trim().to_lowercase();
    if let Some(idx) = keys.iter().position(|key| *key == wanted) {
        return Some(idx);
    }
    match wanted.parse::<usize>() {
        Ok(position) if (1..=keys.len()).contains(&position) => Some(position - 1),
        _ => None,
    }
}

/// A printed number as an address, or `None` when it cannot be one.
fn clean(number: &str) -> Option<String> {
    let number = number.trim().trim_end_matches('.').trim();
    let key: String = number
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .to_lowercase();
    let fits = !key.is_empty()
        && key.len() <= 32
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    fits.then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(numbers: &[&str]) -> Vec<String> {
        keys_of_numbers(numbers.iter().copied())
    }

    #[test]
    fn items_are_addressed_by_their_printed_number() {
        assert_eq!(keys(&["1", "3", "4"]), ["1", "3", "4"]);
        assert_eq!(keys(&["2.", " 3 ", "4 a", "B"]), ["2", "3", "4-a", "b"]);
    }

    #[test]
    fn an_item_without_a_clean_unique_number_is_addressed_by_position() {
        // No number, a slash, the same number twice.
        assert_eq!(keys(&["", "1/2", "5", "5"]), ["1", "2", "3", "4"]);
        // Position 2 is item 1's number: `p2`.
        assert_eq!(keys(&["2", ""]), ["2", "p2"]);
    }

    #[test]
    fn an_address_finds_its_item_and_an_old_position_still_does() {
        let keys = keys(&["1", "3", "4"]);
        assert_eq!(find_item(&keys, "3"), Some(1));
        assert_eq!(find_item(&keys, "4"), Some(2));
        // No item is numbered 2: position 2, as old links meant.
        assert_eq!(find_item(&keys, "2"), Some(1));
        assert_eq!(find_item(&keys, "5"), None);
        assert_eq!(find_item(&keys, "0"), None);
        assert_eq!(find_item(&keys, "x"), None);
    }
}
