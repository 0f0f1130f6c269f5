//! `Deferred<T>`: a `T` inside an event, kept as the JSON it arrived as and decoded only
//! where it is shown. Every page reads the same event stream, and a page that never shows
//! profiles or learnings (the expedition home, the canvas) then carries no decoder for them.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A `T` as JSON: written like `T` itself, read without decoding; `get` decodes it.
pub struct Deferred<T> {
    json: Box<RawValue>,
    _of: PhantomData<fn() -> T>,
}

impl<T: Serialize> Deferred<T> {
    pub fn new(value: &T) -> Self {
        let json = serde_json::value::to_raw_value(value)
            .unwrap_or_else(|_| RawValue::from_string("null".into()).expect("null is JSON"));
        Self {
            json,
            _of: PhantomData,
        }
    }
}

impl<T: DeserializeOwned> Deferred<T> {
    /// The value; `None` if the JSON is not a `T` (a newer server's shape, say).
    pub fn get(&self) -> Option<T> {
        serde_json::from_str(self.json.get()).ok()
    }
}

impl<T> Deferred<T> {
    /// The JSON as sent.
    pub fn json(&self) -> &str {
        self.json.get()
    }
}

impl<T> Clone for Deferred<T> {
    fn clone(&self) -> Self {
        Self {
            json: self.json.clone(),
            _of: PhantomData,
        }
    }
}

impl<T> PartialEq for Deferred<T> {
    fn eq(&self, other: &Self) -> bool {
        self.json.get() == other.json.get()
    }
}

impl<T> std::fmt::Debug for Deferred<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.json.get())
    }
}

impl<T> Serialize for Deferred<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(s)
    }
}

impl<'de, T> Deserialize<'de> for Deferred<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            json: Box::<RawValue>::deserialize(d)?,
            _of: PhantomData,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Point {
        x: i32,
        y: i32,
    }

    #[test]
    fn reads_back_what_it_wrote_and_decodes_on_demand() {
        let d = Deferred::new(&Point { x: 1, y: -2 });
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(json, r#"{"x":1,"y":-2}"#);
        let back: Deferred<Point> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
        assert_eq!(back.get(), Some(Point { x: 1, y: -2 }));
        let other: Deferred<Point> = serde_json::from_str(r#"{"x":"no"}"#).unwrap();
        assert_eq!(other.get(), None, "read, but not a Point");
    }
}
