//! The fuzz run of the WebSocket frame parser and every verb, short: seeded random
//! frames through the parser, the verb table, the role check and the rules of a
//! live evening, with no panic. `cargo bench --bench fuzz` runs a million.

#[test]
fn random_frames_through_the_parser_every_verb_and_the_rules_never_panic() {
    for seed in 1..=2 {
        let report = blossom::ws::fuzz::run(10_000, seed);
        eprintln!("seed {seed}: {report:?}");
        assert_eq!(report.panics, 0, "seed {seed}: {:?}", report.first_panic);
        // The frames reach every layer, not just the parser's refusals.
        assert!(report.unparsed > 500, "{report:?}");
        assert!(report.applied > 500, "{report:?}");
        assert!(report.refused > 1_000, "{report:?}");
    }
}
