//! The two languages Blossom speaks: Chinese first (the events are run by Chinese
//! disability federations), English beside it.

use serde::{Deserialize, Serialize};

/// A user's language, picked from `Accept-Language` (HTTP) or `hello.lang` (WebSocket).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Reads an `Accept-Language` value (or a single tag). The first supported tag wins;
    /// anything unknown falls back to Chinese.
    pub fn from_accept_language(header: &str) -> Lang {
        for part in header.split(',') {
            let tag = part
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if tag.starts_with("zh") {
                return Lang::Zh;
            }
            if tag.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::Zh
    }

    /// Picks the text for this language.
    pub fn pick(self, zh: impl Into<String>, en: impl Into<String>) -> String {
        match self {
            Lang::Zh => zh.into(),
            Lang::En => en.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_first_supported_tag() {
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Lang::En);
        assert_eq!(
            Lang::from_accept_language("fr, zh-CN;q=0.8, en;q=0.5"),
            Lang::Zh
        );
        assert_eq!(Lang::from_accept_language("de"), Lang::Zh);
        assert_eq!(Lang::from_accept_language(""), Lang::Zh);
    }
}
