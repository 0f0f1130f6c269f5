//! Whole numbers read as JSON Schema reads them: `22` and `22.0` are the same integer, so a
//! body the contract allows is never refused for how a client wrote a number.

use serde::de::{Deserializer, Error, Unexpected, Visitor};

struct WholeU32;

impl Visitor<'_> for WholeU32 {
    type Value = u32;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a whole number from 0 to 4294967295")
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<u32, E> {
        u32::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<u32, E> {
        u32::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<u32, E> {
        if v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v) {
            Ok(v as u32)
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }
}

struct MaybeWholeU32;

impl<'de> Visitor<'de> for MaybeWholeU32 {
    type Value = Option<u32>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a whole number or null")
    }

    fn visit_none<E: Error>(self) -> Result<Option<u32>, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Option<u32>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<u32>, D::Error> {
        u32(d).map(Some)
    }
}

struct WholeSeq;

impl Visitor<'_> for WholeSeq {
    type Value = u64;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence number from 0 to 9223372036854775807")
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<u64, E> {
        i64::try_from(v)
            .map(|_| v)
            .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<u64, E> {
        u64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<u64, E> {
        // 2^63 is the first float past i64::MAX.
        if v.fract() == 0.0 && (0.0..9_223_372_036_854_775_808.0).contains(&v) {
            Ok(v as u64)
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }
}

/// A sequence number (the contract's non-negative int64), also written as `940.0`.
pub fn seq<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    d.deserialize_any(WholeSeq)
}

/// A `u32` field, also written as `22.0`.
pub fn u32<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    d.deserialize_any(WholeU32)
}

/// An `Option<u32>` field (`null` is `None`).
pub fn option_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    d.deserialize_option(MaybeWholeU32)
}

/// An `Option<Option<u32>>` field: absent leaves it (with `#[serde(default)]`), `null`
/// clears it, a number sets it.
pub fn double_option_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<u32>>, D::Error> {
    option_u32(d).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Body {
        #[serde(deserialize_with = "super::u32")]
        count: u32,
        #[serde(default, deserialize_with = "super::double_option_u32")]
        cap: Option<Option<u32>>,
    }

    fn read(json: &str) -> Result<Body, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn a_whole_number_reads_however_it_is_written() {
        let body = |count, cap| Body { count, cap };
        assert_eq!(read(r#"{"count": 22}"#), Ok(body(22, None)));
        assert_eq!(
            read(r#"{"count": 22.0, "cap": 3.0}"#),
            Ok(body(22, Some(Some(3))))
        );
        assert_eq!(
            read(r#"{"count": 2e1, "cap": null}"#),
            Ok(body(20, Some(None)))
        );
    }

    #[test]
    fn fractions_negatives_and_other_types_are_refused() {
        for bad in [
            r#"{"count": 2.5}"#,
            r#"{"count": -1}"#,
            r#"{"count": -1.0}"#,
            r#"{"count": 1e10}"#,
            r#"{"count": "3"}"#,
            r#"{"count": null}"#,
            r#"{"count": 1, "cap": 0.5}"#,
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Read {
        #[serde(deserialize_with = "super::seq")]
        seq: u64,
    }

    #[test]
    fn a_sequence_number_is_a_non_negative_int64_however_written() {
        let read = |json: &str| serde_json::from_str::<Read>(json).map(|r| r.seq).ok();
        assert_eq!(read(r#"{"seq": 940443042097.0}"#), Some(940_443_042_097));
        assert_eq!(
            read(r#"{"seq": 9223372036854775807}"#),
            Some(i64::MAX as u64)
        );
        for bad in [
            r#"{"seq": 9223372036854775808}"#,
            r#"{"seq": 9.3e18}"#,
            r#"{"seq": -1}"#,
            r#"{"seq": 1.5}"#,
            r#"{"seq": "1"}"#,
        ] {
            assert_eq!(read(bad), None, "{bad}");
        }
    }
}
