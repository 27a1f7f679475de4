//! What any text a person types may hold, checked where it is stored (not only on
//! screens): names, labels, titles, announcements, notes. No control character
//! (a newline only where the text is a note or an announcement), no bidirectional
//! override or isolate (which can make "12" read "21" on another screen, or hide
//! what a name says), and, for a name, at least one character a person can see.

/// Where a text is shown: on one line (a name, a label), or as lines of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// What is wrong with a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// An invisible control character (a newline in a one-line text included).
    Control(char),
    /// A bidirectional override, embedding or isolate.
    Bidi(char),
    /// Nothing a person could see.
    Invisible,
}

/// Checks `text` (already trimmed) against the rules above.
pub fn check(text: &str, lines: Lines) -> Result<(), Problem> {
    for c in text.chars() {
        let line_break = matches!(c, '\n' | '\r');
        if c.is_control() && !(line_break && lines == Lines::Many) {
            return Err(Problem::Control(c));
        }
        if matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
            return Err(Problem::Bidi(c));
        }
    }
    if !text.chars().any(visible) {
        return Err(Problem::Invisible);
    }
    Ok(())
}

/// A character that shows something: not a space, nor a zero-width or filler
/// character that renders as nothing.
fn visible(c: char) -> bool {
    !c.is_whitespace()
        && !c.is_control()
        && !matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

impl Problem {
    /// The problem in both languages, for a person to fix.
    pub fn words(self) -> (String, String) {
        match self {
            Problem::Control('\n' | '\r') => (
                "这里只能写一行，请去掉换行。".into(),
                "This must be one line: remove the line break.".into(),
            ),
            Problem::Control(c) => (
                format!("含有不可见的控制字符（U+{:04X}）：请删除后重试。", c as u32),
                format!(
                    "Contains an invisible control character (U+{:04X}): remove it and try again.",
                    c as u32
                ),
            ),
            Problem::Bidi(c) => (
                format!(
                    "含有改变文字方向的隐藏字符（U+{:04X}），会让别的屏幕显示错乱：请删除后重试。",
                    c as u32
                ),
                format!(
                    "Contains a hidden character that changes the direction of text (U+{:04X}), which garbles it on other screens: remove it and try again.",
                    c as u32
                ),
            ),
            Problem::Invisible => (
                "没有看得见的文字：请写上内容。".into(),
                "Has no visible character: write something that can be read.".into(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_with_hidden_or_misleading_characters_is_refused_and_ordinary_text_kept() {
        for ok in ["王芳", "Anne-Marie O'Neil", "12 号桌", "李 丽"] {
            assert_eq!(check(ok, Lines::One), Ok(()), "{ok}");
        }
        assert_eq!(check("第一行\n第二行", Lines::Many), Ok(()));
        assert_eq!(check("a\nb", Lines::One), Err(Problem::Control('\n')));
        assert_eq!(check("a\tb", Lines::Many), Err(Problem::Control('\t')));
        assert_eq!(
            check("a\u{7}b", Lines::Many),
            Err(Problem::Control('\u{7}'))
        );
        assert_eq!(
            check("12\u{202E}34", Lines::One),
            Err(Problem::Bidi('\u{202E}'))
        );
        assert_eq!(
            check("x\u{2067}y", Lines::Many),
            Err(Problem::Bidi('\u{2067}'))
        );
        for blank in [
            "\u{200B}",
            "\u{3164}\u{3164}",
            "\u{FEFF}\u{200D}",
            "\u{2060}",
        ] {
            assert_eq!(
                check(blank, Lines::One),
                Err(Problem::Invisible),
                "{blank:?}"
            );
        }
    }
}
