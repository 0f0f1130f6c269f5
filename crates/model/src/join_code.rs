//! Join codes: 12 characters of Crockford base32 (60 bits), shown as `ABCD-EFGH-JKMN`.
//! Typing is forgiving: case, spaces and dashes do not matter, and the letters people
//! confuse with digits (I, L, O) read as the digits.

use serde::{Deserialize, Serialize};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LEN: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct JoinCode(String);

/// Why a typed join code cannot be a join code at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MalformedJoinCode;

impl std::fmt::Display for MalformedJoinCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a join code has {LEN} letters and digits, like ABCD-EFGH-JKMN"
        )
    }
}

impl std::error::Error for MalformedJoinCode {}

impl JoinCode {
    /// Normalises what a person typed into the canonical 12 characters.
    pub fn parse(raw: &str) -> Result<Self, MalformedJoinCode> {
        let mut out = String::with_capacity(LEN);
        for c in raw.chars() {
            let c = match c.to_ascii_uppercase() {
                ' ' | '-' | '\t' => continue,
                'I' | 'L' => '1',
                'O' => '0',
                c => c,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
                return Err(MalformedJoinCode);
            }
            out.push(c);
            if out.len() > LEN {
                return Err(MalformedJoinCode);
            }
        }
        if out.len() != LEN {
            return Err(MalformedJoinCode);
        }
        Ok(Self(out))
    }

    /// Builds a code from 60 random bits (the caller supplies the randomness, so this
    /// crate needs no RNG).
    pub fn from_random(bits: u64) -> Self {
        let s = (0..LEN)
            .map(|i| ALPHABET[((bits >> (5 * i)) & 31) as usize] as char)
            .collect();
        Self(s)
    }

    /// The canonical form, without dashes: what is stored and compared.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The grouped form people read aloud: `ABCD-EFGH-JKMN`.
    pub fn display(&self) -> String {
        format!("{}-{}-{}", &self.0[0..4], &self.0[4..8], &self.0[8..12])
    }
}

#[cfg(feature = "openapi")]
mod openapi {
    use utoipa::openapi::schema::{Schema, Type};
    use utoipa::openapi::{ObjectBuilder, RefOr};

    use super::{ALPHABET, LEN};

    /// The code's characters as a regex class body.
    fn alphabet() -> String {
        ALPHABET.iter().map(|&b| b as char).collect()
    }

    impl utoipa::PartialSchema for super::JoinCode {
        fn schema() -> RefOr<Schema> {
            let group = format!("[{}]{{{}}}", alphabet(), LEN / 3);
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(format!("^{group}-{group}-{group}$")))
                .description(Some(format!(
                    "A join code as the server writes it: {LEN} characters of Crockford base32 \
                     (60 bits) in three dashed groups."
                )))
                .examples(["ABCD-EFGH-JKMN"])
                .into()
        }
    }

    impl utoipa::ToSchema for super::JoinCode {}

    /// A join code as a person may type it (what `JoinCode::parse` accepts).
    pub struct TypedJoinCode;

    impl utoipa::PartialSchema for TypedJoinCode {
        fn schema() -> RefOr<Schema> {
            // Lower case reads as upper case, and I, L, O as 1, 1, 0 (Crockford).
            let lower = alphabet().to_ascii_lowercase();
            let chars = format!("{}{lower}ILOilo", alphabet());
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(format!("^[ \\t-]*(?:[{chars}][ \\t-]*){{{LEN}}}$")))
                .description(Some(format!(
                    "A join code as typed: its {LEN} characters in any case, with any spaces, \
                     tabs and dashes; I and L read as 1, O as 0. Anything else is `malformed`."
                )))
                .examples(["ABCD-EFGH-JKMN", "abcd efgh jkmn"])
                .into()
        }
    }

    impl utoipa::ToSchema for TypedJoinCode {}
}

#[cfg(feature = "openapi")]
pub use openapi::TypedJoinCode;

impl TryFrom<String> for JoinCode {
    type Error = MalformedJoinCode;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<JoinCode> for String {
    fn from(c: JoinCode) -> String {
        c.display()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn typing_is_forgiving() {
        let a = JoinCode::parse("abcd-efgh-jkmn").unwrap();
        let b = JoinCode::parse(" ABCD EFGH JKMN ").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.display(), "ABCD-EFGH-JKMN");
        assert_eq!(
            JoinCode::parse("OIL0-0000-0000").unwrap().as_str(),
            "011000000000"
        );
    }

    #[test]
    fn wrong_lengths_and_symbols_are_malformed() {
        for bad in [
            "",
            "ABCD",
            "ABCD-EFGH-JKMN-P",
            "ABCD-EFGH-JKM!",
            "ABCD-EFGH-JKMU",
            "אבגד-EFGH-JKMN",
        ] {
            assert_eq!(JoinCode::parse(bad), Err(MalformedJoinCode), "{bad}");
        }
    }

    #[test]
    fn json_uses_the_grouped_form() {
        let c = JoinCode::parse("ABCDEFGHJKMN").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"ABCD-EFGH-JKMN\"");
        let back: JoinCode = serde_json::from_str("\"abcd efgh jkmn\"").unwrap();
        assert_eq!(back, c);
    }

    proptest! {
        #[test]
        fn every_random_code_round_trips(bits in any::<u64>()) {
            let c = JoinCode::from_random(bits);
            prop_assert_eq!(JoinCode::parse(&c.display()), Ok(c.clone()));
            prop_assert_eq!(c.as_str().len(), 12);
        }
    }
}
