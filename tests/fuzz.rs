//! The fuzz run of the WebSocket frame parser and every verb, short: seeded random
//! frames through the parser, the verb table, the role check and the rules of a
//! live evening, with no panic. `cargo bench --bench fuzz` runs a million.

#[path = "support/fuzz.rs"]
mod fuzz;
#[path = "support/wire.rs"]
mod wire;

#[test]
fn random_frames_through_the_parser_every_verb_and_the_rules_never_panic() {
    for seed in 1..=2 {
        let report = fuzz::run(10_000, seed);
        eprintln!("seed {seed}: {report:?}");
        assert_eq!(report.panics, 0, "seed {seed}: {:?}", report.first_panic);
        // The frames reach every layer, not just the parser's refusals.
        assert!(report.unparsed > 500, "{report:?}");
        assert!(report.applied > 500, "{report:?}");
        assert!(report.refused > 1_000, "{report:?}");
    }
}

mod verb_table {
    //! The verb table (`ws::verbs`) held against the slices' message enums: every
    //! verb a slice reads is in the table once, every verb in the table is read by
    //! the slice it names, and each reads exactly its fields.

    use blossom::core::live::{Role, Viewer};
    use blossom::ws::verbs::{self, VERBS};
    use serde_json::{Map, Value, json};
    use serde_reflection::Format;

    use crate::wire;

    /// A value of a field's kind that every verb accepts as well formed.
    fn sample(format: &Format) -> Value {
        match format {
            Format::Option(inner) => sample(inner),
            Format::Bool => json!(true),
            Format::I64 | Format::I32 | Format::U32 | Format::U64 => json!(60),
            Format::Str => json!("x"),
            // A list (a programme's segments): empty is well formed.
            Format::Seq(_) => json!([]),
            // An escort need.
            Format::TypeName(name) if name == "Escort" => json!("guide"),
            other => panic!("a verb field of a kind the table does not know: {other:?}"),
        }
    }

    /// Someone the verb is for: a guest for a guest's verb, else its first staff role.
    fn sender(roles: &[Role]) -> Viewer {
        match roles.first() {
            Some(Role::Participant) => Viewer::Participant { id: "p1".into() },
            Some(role) => Viewer::Staff {
                id: "s1".into(),
                role: *role,
            },
            None => panic!("a verb nobody may send"),
        }
    }

    #[test]
    fn every_verb_of_every_slice_is_in_the_table_once_and_reads_exactly_its_fields() {
        let traced = wire::verbs();
        assert!(traced.len() >= 31, "every slice was read: {}", traced.len());
        let mut seen = std::collections::HashSet::new();
        for verb in VERBS {
            assert!(seen.insert(verb.name), "{} twice in the table", verb.name);
            let (slice, fields) = traced
                .get(verb.name)
                .unwrap_or_else(|| panic!("{} is in the table but no slice reads it", verb.name));
            let by = sender(verb.roles);
            let mut whole: Map<String, Value> = fields
                .iter()
                .map(|f| (f.name.clone(), sample(&f.format)))
                .collect();
            // A guest joining a desk's queue joins themself: `participant` is for
            // staff joining a guest who asked in person (tests/live checks both).
            if by.participant().is_some() {
                whole.remove("participant");
            }
            assert!(
                verb.make(whole.clone(), &by).is_ok(),
                "{} ({slice}) reads {whole:?}: {:?}",
                verb.name,
                verb.make(whole.clone(), &by)
            );
            let mut extra = whole.clone();
            extra.insert("not_a_field".into(), json!(1));
            assert!(
                verb.make(extra, &by).is_err(),
                "{}: an unknown field is refused",
                verb.name
            );
            for field in fields.iter().filter(|f| whole.contains_key(&f.name)) {
                let mut without = whole.clone();
                without.remove(&field.name);
                let defaulted = field.optional() || field.name == "come_to_me";
                assert_eq!(
                    verb.make(without, &by).is_ok(),
                    defaulted,
                    "{}: `{}` is {}",
                    verb.name,
                    field.name,
                    if defaulted { "optional" } else { "required" }
                );
                if !matches!(field.format, Format::Str | Format::Option(_)) {
                    let mut wrong = whole.clone();
                    wrong.insert(field.name.clone(), json!("not a number or a yes"));
                    assert!(
                        verb.make(wrong, &by).is_err(),
                        "{}: `{}` of the wrong kind",
                        verb.name,
                        field.name
                    );
                }
            }
        }
        let missing: Vec<&String> = traced.keys().filter(|v| verbs::find(v).is_none()).collect();
        assert!(
            missing.is_empty(),
            "verbs a slice reads but the table lacks: {missing:?}"
        );
    }
}
