//! What a client sends a slice: each slice declares its verbs as one serde enum
//! beside its commands (a variant per verb, renamed to the verb's wire name, its
//! fields the verb's fields), and says which command each asks for, given who
//! sent it. The WebSocket edge only names, per verb, the roles that may send it
//! and the enum that reads it (`src/ws/verbs.rs`).

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::viewer::Viewer;

/// A slice's client messages.
pub trait Message: DeserializeOwned {
    /// The slice's command.
    type Command;

    /// The command this message asks for, sent by `by` (whose id fills the
    /// `participant` of a guest's own verbs). `Err` says what is wrong with its
    /// fields, as serde says it.
    fn command(self, by: &Viewer) -> Result<Self::Command, String>;
}

/// Reads the verb `verb` with `fields` (the frame without `type` and `id`) as
/// one of `M`'s messages. A verb `M` does not have, a field it does not read, a
/// field missing or of the wrong kind: `Err`, serde's message.
pub fn read<M: Message>(verb: &str, fields: Map<String, Value>) -> Result<M, String> {
    let tagged = Map::from_iter([(verb.to_string(), Value::Object(fields))]);
    serde_json::from_value(Value::Object(tagged)).map_err(|e| e.to_string())
}

/// The guest sending a message (the edge lets no one else send a guest's verb).
pub fn me(by: &Viewer) -> String {
    by.participant().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    enum Msg {
        #[serde(rename = "a.b")]
        Ab { n: i64 },
        #[serde(rename = "c")]
        C {},
    }

    impl Message for Msg {
        type Command = ();
        fn command(self, _: &Viewer) -> Result<(), String> {
            Ok(())
        }
    }

    fn fields(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn a_verb_reads_exactly_its_fields() {
        assert_eq!(
            read::<Msg>("a.b", fields(json!({"n": 3}))),
            Ok(Msg::Ab { n: 3 })
        );
        assert_eq!(read::<Msg>("c", Map::new()), Ok(Msg::C {}));
        assert!(
            read::<Msg>("a.b", Map::new())
                .unwrap_err()
                .contains("missing field `n`")
        );
        let extra = read::<Msg>("c", fields(json!({"n": 1}))).unwrap_err();
        assert!(extra.contains("unknown field `n`"), "{extra}");
        assert!(read::<Msg>("a.b", fields(json!({"n": "3"}))).is_err());
        assert!(read::<Msg>("d", Map::new()).is_err());
    }
}
