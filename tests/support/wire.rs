//! Every client verb and its fields, read from the slices' own message enums
//! (`core::live::message`) with serde-reflection: the fuzz run builds frames from
//! them and the verb-table test holds the table against them, so neither keeps a
//! second list of what a verb reads.

use std::collections::BTreeMap;

use blossom::core::live::programme::SegmentKind;
use blossom::core::live::{
    CaptionMsg, ChatMsg, ClockMsg, DeskMsg, EscortMsg, HallMsg, InterestMsg, PresenceMsg,
    ProgrammeMsg, StageMsg,
};
use serde_reflection::{ContainerFormat, Format, Tracer, TracerConfig, VariantFormat};

/// One field of a verb: its name, its kind, and whether a frame may leave it out
/// (an `Option`).
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub format: Format,
}

impl Field {
    pub fn optional(&self) -> bool {
        matches!(self.format, Format::Option(_))
    }
}

/// Each verb's fields, by verb, and the message enum (`ClockMsg`…) it belongs to.
pub fn verbs() -> BTreeMap<String, (String, Vec<Field>)> {
    let mut tracer = Tracer::new(TracerConfig::default());
    tracer.trace_simple_type::<ClockMsg>().unwrap();
    tracer.trace_simple_type::<HallMsg>().unwrap();
    tracer.trace_simple_type::<PresenceMsg>().unwrap();
    tracer.trace_simple_type::<ChatMsg>().unwrap();
    tracer.trace_simple_type::<DeskMsg>().unwrap();
    tracer.trace_simple_type::<InterestMsg>().unwrap();
    // An enum a verb's field holds is traced first, so every variant is known.
    tracer.trace_simple_type::<SegmentKind>().unwrap();
    tracer.trace_simple_type::<ProgrammeMsg>().unwrap();
    tracer.trace_simple_type::<CaptionMsg>().unwrap();
    tracer.trace_simple_type::<StageMsg>().unwrap();
    tracer
        .trace_simple_type::<blossom::core::participant::Escort>()
        .unwrap();
    tracer.trace_simple_type::<EscortMsg>().unwrap();
    let registry = tracer.registry().unwrap();
    let mut verbs = BTreeMap::new();
    // The message enums; the types their fields hold (a programme's segments) are
    // traced with them, and are not verbs.
    for (slice, container) in registry
        .into_iter()
        .filter(|(name, _)| name.ends_with("Msg"))
    {
        let ContainerFormat::Enum(variants) = container else {
            panic!("{slice} is not an enum of verbs");
        };
        for variant in variants.into_values() {
            let fields = match variant.value {
                VariantFormat::Struct(fields) => fields
                    .into_iter()
                    .map(|f| Field {
                        name: f.name,
                        format: f.value,
                    })
                    .collect(),
                VariantFormat::Unit => Vec::new(),
                other => panic!(
                    "{slice}::{}: a verb's fields are named: {other:?}",
                    variant.name
                ),
            };
            verbs.insert(variant.name, (slice.clone(), fields));
        }
    }
    verbs
}
