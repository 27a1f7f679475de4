//! Who needs a volunteer to move about the hall (引导需求): a sighted guide for a
//! blind or low-vision guest, someone to push a wheelchair, or someone to walk with.
//! Part of a guest's access needs; by default a guest who is `guided` needs a guide
//! (`participant.rs`, which knows how a guest gets around).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Escort {
    None,
    /// A sighted guide (问拍引报: ask first, offer the arm, go half a step ahead,
    /// announce steps).
    Guide,
    /// Pushing a wheelchair.
    Push,
    /// Someone to walk with.
    Company,
}

impl Escort {
    pub fn parse(s: &str) -> Option<Escort> {
        Some(match s.trim().to_lowercase().as_str() {
            "" | "none" | "无" | "否" | "不需要" => Escort::None,
            "guide" | "引导" | "导盲" | "需引导" => Escort::Guide,
            "push" | "推轮椅" | "推行" => Escort::Push,
            "company" | "陪同" | "陪伴" | "陪走" => Escort::Company,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Escort::None => "none",
            Escort::Guide => "guide",
            Escort::Push => "push",
            Escort::Company => "company",
        }
    }
}
