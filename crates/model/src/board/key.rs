//! Fractional keys: the order of cards in a column (and of columns on a board) as strings
//! that compare byte-wise, so a card placed between two others gets a key between theirs
//! and nothing else is renumbered. Two members moving cards at once never collide into a
//! renumbering; the server orders their moves and ties between equal keys go by id.
//!
//! Digits are `0-9A-Za-z` in ASCII order (base 62); a key is 1 to `MAX_KEY_CHARS` digits
//! and never ends in `0`, so there is always room between two keys.

/// The digits, in the order they compare.
const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// Longest key accepted. Keys made here grow about one digit per six insertions at the very
/// same spot, or per thirty at either end of a column, so this allows for years of moves.
pub const MAX_KEY_CHARS: usize = 64;
/// The pattern a key matches (for the contract).
pub const KEY_PATTERN: &str = "^[0-9A-Za-z]*[1-9A-Za-z]$";

/// Why a key was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    /// Empty, a character outside `0-9A-Za-z`, or a trailing `0`.
    Malformed,
    /// Longer than `MAX_KEY_CHARS`.
    TooLong,
}

impl KeyError {
    pub fn message(self) -> String {
        match self {
            KeyError::Malformed => {
                "must be digits 0-9, A-Z, a-z, not ending in 0 (a fractional key)".into()
            }
            KeyError::TooLong => format!("must be at most {MAX_KEY_CHARS} characters"),
        }
    }
}

fn value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'A'..=b'Z' => Some(digit - b'A' + 10),
        b'a'..=b'z' => Some(digit - b'a' + 36),
        _ => None,
    }
}

/// Checks a key from outside (a request, an import).
pub fn check_key(key: &str) -> Result<(), KeyError> {
    if key.len() > MAX_KEY_CHARS {
        return Err(KeyError::TooLong);
    }
    let bytes = key.as_bytes();
    if bytes.is_empty() || bytes.last() == Some(&b'0') || bytes.iter().any(|b| value(*b).is_none())
    {
        return Err(KeyError::Malformed);
    }
    Ok(())
}

fn digits(values: &[u8]) -> String {
    values.iter().map(|v| DIGITS[*v as usize] as char).collect()
}

fn values(key: &str) -> Vec<u8> {
    key.bytes().filter_map(value).collect()
}

/// A key after `a` (digit values): bumps the first digit, or goes one digit deeper at `z`.
fn after(a: &[u8]) -> Vec<u8> {
    match a.first() {
        None => vec![31],
        Some(&d) if d < 61 => vec![d + 1],
        Some(&d) => {
            let mut out = vec![d];
            out.extend(after(&a[1..]));
            out
        }
    }
}

/// A key before `b` (digit values, no trailing zero).
fn before(b: &[u8]) -> Vec<u8> {
    match b {
        [] => vec![31],
        [d, ..] if *d >= 2 => vec![d - 1],
        [1] => vec![0, 31],
        // `1` is a prefix of `1…`, so it sorts before it.
        [1, ..] => vec![1],
        [_, rest @ ..] => {
            let mut out = vec![0];
            out.extend(before(rest));
            out
        }
    }
}

/// A key strictly between `a` and `b` (digit values, `a < b`), halving the gap.
fn midpoint(a: &[u8], b: &[u8]) -> Vec<u8> {
    let shared = (0..b.len())
        .take_while(|&i| a.get(i).copied().unwrap_or(0) == b[i])
        .count();
    if shared > 0 {
        let mut out = b[..shared].to_vec();
        out.extend(midpoint(a.get(shared..).unwrap_or(&[]), &b[shared..]));
        return out;
    }
    let da = a.first().copied().unwrap_or(0);
    let db = b[0];
    if db - da > 1 {
        vec![(da + db).div_ceil(2)]
    } else if b.len() > 1 {
        vec![db]
    } else {
        let mut out = vec![da];
        out.extend(after(a.get(1..).unwrap_or(&[])));
        out
    }
}

/// A key that sorts after `a` (when given) and before `b` (when given); `None` when `a` is
/// not below `b` (two cards that share a key, or keys that are not keys): put the card
/// after `a` instead. Both must be valid keys.
pub fn key_between(a: Option<&str>, b: Option<&str>) -> Option<String> {
    let made = match (a, b) {
        (None, None) => vec![31],
        (Some(a), None) => after(&values(a)),
        (None, Some(b)) => before(&values(b)),
        (Some(a), Some(b)) if a < b => midpoint(&values(a), &values(b)),
        (Some(_), Some(_)) => return None,
    };
    Some(digits(&made))
}

/// A key after `a`, or the first key when there is none.
pub fn key_after(a: Option<&str>) -> String {
    key_between(a, None).unwrap_or_else(|| "V".into())
}

/// `n` keys in increasing order, evenly spread and all of one short length: for a column
/// filled at once (an import, a demo), so its keys stay as short as they can be.
pub fn spread_keys(n: usize) -> Vec<String> {
    let mut width = 1;
    while 62usize.pow(width) < 2 * (n + 1) {
        width += 1;
    }
    let space = 62u64.pow(width);
    (1..=n as u64)
        .map(|i| {
            let mut v = i * space / (n as u64 + 1);
            if v.is_multiple_of(62) {
                v += 1; // never a trailing zero; gaps are at least 2 wide, so still in order
            }
            let mut out = vec![0u8; width as usize];
            for slot in out.iter_mut().rev() {
                *slot = (v % 62) as u8;
                v /= 62;
            }
            digits(&out)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keys_are_checked() {
        for ok in ["V", "1", "0V", "zzz1", &"a".repeat(MAX_KEY_CHARS)] {
            assert_eq!(check_key(ok), Ok(()), "{ok}");
        }
        for bad in ["", "0", "a0", "a-b", "ñ", "V ", "=1"] {
            assert_eq!(check_key(bad), Err(KeyError::Malformed), "{bad:?}");
        }
        assert_eq!(
            check_key(&"a".repeat(MAX_KEY_CHARS + 1)),
            Err(KeyError::TooLong)
        );
    }

    #[test]
    fn ends_grow_slowly() {
        let mut last = key_after(None);
        for _ in 0..300 {
            let next = key_after(Some(&last));
            assert!(next > last);
            check_key(&next).unwrap();
            last = next;
        }
        assert!(last.len() <= 11, "{last}");
        let mut first = "V".to_owned();
        for _ in 0..300 {
            let next = key_between(None, Some(&first)).unwrap();
            assert!(next < first, "{next} < {first}");
            check_key(&next).unwrap();
            first = next;
        }
        assert!(first.len() <= 11, "{first}");
    }

    #[test]
    fn equal_or_reversed_neighbours_give_none() {
        assert_eq!(key_between(Some("V"), Some("V")), None);
        assert_eq!(key_between(Some("W"), Some("V")), None);
    }

    #[test]
    fn spread_keys_are_ordered_short_and_valid() {
        for n in [0, 1, 2, 61, 62, 500, 2000, 4000] {
            let keys = spread_keys(n);
            assert_eq!(keys.len(), n);
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "{n}");
            for k in &keys {
                check_key(k).unwrap();
                assert!(k.len() <= 3, "{k}");
            }
        }
    }

    fn key() -> impl Strategy<Value = String> {
        proptest::collection::vec(0u8..62, 1..8).prop_map(|mut v| {
            if v.last() == Some(&0) {
                *v.last_mut().unwrap() = 1;
            }
            digits(&v)
        })
    }

    proptest! {
        #[test]
        fn between_is_strictly_between_and_valid(a in key(), b in key()) {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            if lo != hi {
                let m = key_between(Some(&lo), Some(&hi)).unwrap();
                prop_assert!(lo < m && m < hi, "{} < {} < {}", lo, m, hi);
                prop_assert!(check_key(&m).is_ok());
                prop_assert!(m.len() <= hi.len().max(lo.len()) + 1);
            }
            let after = key_between(Some(&lo), None).unwrap();
            prop_assert!(after > lo && check_key(&after).is_ok());
            let before = key_between(None, Some(&hi)).unwrap();
            prop_assert!(before < hi && check_key(&before).is_ok(), "{} < {}", before, hi);
        }
    }
}
