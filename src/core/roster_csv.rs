//! Reading a roster from CSV: UTF-8 with or without a byte-order mark, headers named
//! as the JSON fields or in Chinese (姓名, 性别, 年龄, ...), list fields separated by
//! `;` (or `；`, `、`), ranges written `25-35`. Every row becomes a
//! [`ParticipantInput`] tagged with its line; every problem is reported with its line.

use super::participant::{ParticipantInput, PersonRef};
use super::{FieldError, Lang};

/// Header names accepted for each field, beside the field's own name.
const HEADERS: &[(&str, &[&str])] = &[
    ("display_name", &["姓名", "名字", "昵称", "name"]),
    ("gender", &["性别"]),
    ("seeks", &["寻找", "希望认识", "意向性别"]),
    ("age", &["年龄"]),
    ("partner_age", &["期望年龄", "对方年龄", "择偶年龄"]),
    ("mobility", &["行动", "行动方式", "出行"]),
    ("communication", &["沟通方式", "交流方式", "沟通"]),
    ("quiet", &["安静", "需要安静"]),
    ("avoid", &["回避", "避开"]),
    ("max_consecutive", &["最多连续", "连续上限"]),
    ("available", &["在场轮次", "到场轮次"]),
    ("marital_status", &["婚姻状况", "婚姻"]),
    ("contact", &["联系方式", "电话"]),
    ("share_contact", &["同意分享联系方式", "分享联系方式"]),
    ("companion", &["陪同", "有陪同", "陪护"]),
    ("notes_for_partner", &["给对方的话", "备注"]),
    ("escort", &["引导需求", "志愿者引导", "需要志愿者"]),
];

/// One example guest, a cell per field of [`HEADERS`], as the template shows it.
const EXAMPLE: &[&str] = &[
    "王芳",
    "女",
    "男",
    "28",
    "26-35",
    "轮椅",
    "口语;文字",
    "否",
    "",
    "",
    "",
    "未婚",
    "13800000000",
    "是",
    "否",
    "请面对我说话，我能读唇语。",
    "推轮椅",
];

/// The roster template an organiser fills in: each column under its Chinese name,
/// and one example guest (the import reads it as it is).
pub fn template() -> Vec<Vec<String>> {
    let header = HEADERS.iter().map(|(_, names)| names[0].to_string());
    let example = EXAMPLE.iter().map(|cell| cell.to_string());
    vec![header.collect(), example.collect()]
}

/// A column's Chinese name, as the template heads it.
pub fn chinese_name(field: &str) -> Option<&'static str> {
    HEADERS
        .iter()
        .find(|(name, _)| *name == field)
        .map(|(_, names)| names[0])
}

/// Columns a roster must have.
const REQUIRED: &[&str] = &["display_name", "gender", "age", "marital_status"];

fn field_of(header: &str) -> Option<&'static str> {
    let h = header.trim();
    HEADERS
        .iter()
        .find(|(name, aliases)| h.eq_ignore_ascii_case(name) || aliases.contains(&h))
        .map(|(name, _)| *name)
}

/// One row of a roster: its line, what it says, and the cells that could not be read.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    pub input: ParticipantInput,
    pub errors: Vec<FieldError>,
}

/// Parses the whole roster. `Err` is for problems with the file as a whole (the
/// encoding, the header); a bad cell is kept in its row's `errors`, so that the
/// row's other fields are still checked and every problem is reported at once.
/// The most guests one import takes (a hall is a few hundred; the benchmarks
/// import 5,000).
pub const MAX_ROWS: usize = 5000;

pub fn parse(bytes: &[u8], lang: Lang) -> Result<Vec<Row>, Vec<FieldError>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let header_err = |msg_zh: String, msg_en: String| {
        vec![FieldError::new("header", lang, msg_zh, msg_en).at_line(Some(1))]
    };
    if std::str::from_utf8(bytes).is_err() {
        return Err(header_err(
            "文件不是 UTF-8 编码：请在 Excel 中“另存为 CSV UTF-8”。".into(),
            "The file is not UTF-8: save it as \"CSV UTF-8\".".into(),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(header_err(
                format!("无法读取表头：{e}"),
                format!("Cannot read the header: {e}"),
            ));
        }
    };
    let mut columns = Vec::new();
    let mut errors = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        match field_of(h) {
            Some(f) if columns.contains(&Some(f)) => errors.push(
                FieldError::new(
                    f,
                    lang,
                    format!("第 {} 列“{h}”与前面的列重复。", i + 1),
                    format!("Column {} \"{h}\" repeats an earlier column.", i + 1),
                )
                .at_line(Some(1)),
            ),
            Some(f) => columns.push(Some(f)),
            None if h.is_empty() => columns.push(None),
            None => errors.push(
                FieldError::new(
                    "header",
                    lang,
                    format!("不认识第 {} 列“{h}”：可用的列名有 display_name/姓名、gender/性别、age/年龄 等（见 docs/api.md）。", i + 1),
                    format!("Unknown column {} \"{h}\": use display_name, gender, age, ... (see docs/api.md).", i + 1),
                )
                .at_line(Some(1)),
            ),
        }
    }
    for need in REQUIRED {
        if !columns.contains(&Some(*need)) {
            errors.push(
                FieldError::new(
                    *need,
                    lang,
                    format!(
                        "缺少必填的列“{}”（也可写作 {need}）。",
                        chinese_name(need).unwrap_or(need)
                    ),
                    format!("The required column {need} is missing."),
                )
                .at_line(Some(1)),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                let msg = (
                    format!("无法读取这一行：{e}"),
                    format!("Cannot read this row: {e}"),
                );
                errors.push(FieldError::new("row", lang, msg.0, msg.1).at_line(line));
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.iter().all(str::is_empty) {
            continue; // blank lines at the end of a spreadsheet export
        }
        if rows.len() == MAX_ROWS {
            // Said once, with the line where the file went over, and nothing saved.
            return Err(vec![
                FieldError::new(
                    "row",
                    lang,
                    format!("一次最多导入 {MAX_ROWS} 位参与者：请把文件分成几个，每个不超过 {MAX_ROWS} 行，分别导入。"),
                    format!("At most {MAX_ROWS} guests an import: split the file into parts of {MAX_ROWS} rows or fewer and import each."),
                )
                .at_line(Some(line)),
            ]);
        }
        let mut row = Row {
            line,
            input: ParticipantInput::default(),
            errors: Vec::new(),
        };
        if record.iter().skip(columns.len()).any(|c| !c.is_empty()) {
            row.errors.push(
                FieldError::new(
                    "row",
                    lang,
                    format!(
                        "这一行有 {} 格，表头只有 {} 列：单元格里的逗号需要用英文双引号括起来。",
                        record.len(),
                        columns.len()
                    ),
                    format!(
                        "This row has {} cells but the header has {} columns: a comma inside a cell needs double quotes around the cell.",
                        record.len(),
                        columns.len()
                    ),
                )
                .at_line(Some(line)),
            );
        }
        for (value, column) in record.iter().zip(&columns) {
            if let Some(field) = column
                && let Err(e) = set_field(&mut row.input, field, value, lang)
            {
                row.errors.push(e.at_line(Some(line)));
            }
        }
        rows.push(row);
    }
    if rows.is_empty() && errors.is_empty() {
        let msg = ("名单里没有任何参与者。", "The roster has no participants.");
        errors.push(FieldError::new("row", lang, msg.0, msg.1).at_line(Some(2)));
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

fn list(value: &str) -> Vec<String> {
    value
        .split([';', '；', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn set_field(
    input: &mut ParticipantInput,
    field: &'static str,
    value: &str,
    lang: Lang,
) -> Result<(), FieldError> {
    if value.is_empty() {
        return Ok(()); // an empty cell means "not given"
    }
    let text = || Some(value.to_string());
    match field {
        "display_name" => input.display_name = text(),
        "gender" => input.gender = text(),
        "seeks" => input.seeks = Some(list(value)),
        "age" => input.age = Some(integer(field, value, lang)?),
        "partner_age" => input.partner_age = Some(range(field, value, lang)?),
        "mobility" => input.mobility = text(),
        "communication" => input.communication = Some(list(value)),
        "quiet" => input.quiet = Some(boolean(field, value, lang)?),
        "avoid" => {
            input.avoid = Some(
                list(value)
                    .into_iter()
                    .map(|s| {
                        s.parse()
                            .map(PersonRef::Number)
                            .unwrap_or(PersonRef::Name(s))
                    })
                    .collect(),
            )
        }
        "max_consecutive" => input.max_consecutive = Some(integer(field, value, lang)?),
        "available" => input.available = Some(range(field, value, lang)?),
        "marital_status" => input.marital_status = text(),
        "contact" => input.contact = text(),
        "share_contact" => input.share_contact = Some(boolean(field, value, lang)?),
        "companion" => input.companion = Some(boolean(field, value, lang)?),
        "notes_for_partner" => input.notes_for_partner = text(),
        "escort" => input.escort = text(),
        _ => {}
    }
    Ok(())
}

fn integer(field: &str, value: &str, lang: Lang) -> Result<i64, FieldError> {
    value.parse().map_err(|_| {
        FieldError::new(
            field,
            lang,
            format!("“{value}”不是整数。"),
            format!("\"{value}\" is not a whole number."),
        )
    })
}

fn range(field: &str, value: &str, lang: Lang) -> Result<[i64; 2], FieldError> {
    let parts: Vec<&str> = value
        .split(['-', '~', '～', '–', '—', '至'])
        .map(str::trim)
        .collect();
    match parts.as_slice() {
        [a, b] => match (a.parse(), b.parse()) {
            (Ok(a), Ok(b)) => Ok([a, b]),
            _ => Err(range_error(field, value, lang)),
        },
        _ => Err(range_error(field, value, lang)),
    }
}

fn range_error(field: &str, value: &str, lang: Lang) -> FieldError {
    FieldError::new(
        field,
        lang,
        format!("“{value}”不是范围：请写成 25-35。"),
        format!("\"{value}\" is not a range: write it like 25-35."),
    )
}

fn boolean(field: &str, value: &str, lang: Lang) -> Result<bool, FieldError> {
    match value.to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "是" | "需要" | "有" | "同意" => Ok(true),
        "false" | "no" | "n" | "0" | "否" | "不需要" | "无" | "不同意" => Ok(false),
        _ => Err(FieldError::new(
            field,
            lang,
            format!("“{value}”应为 是 或 否。"),
            format!("\"{value}\" should be yes or no."),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_thousand_rows_are_taken_and_one_more_is_refused_with_how_to_split() {
        let mut csv = String::from("display_name,gender,age,marital_status\n");
        for i in 0..MAX_ROWS {
            csv.push_str(&format!("P{i},female,30,unmarried\n"));
        }
        assert_eq!(parse(csv.as_bytes(), Lang::En).unwrap().len(), MAX_ROWS);
        csv.push_str("\n\nOne more,male,30,unmarried\n");
        let errors = parse(csv.as_bytes(), Lang::En).unwrap_err();
        assert_eq!(errors.len(), 1);
        let text = format!("{errors:?}");
        assert!(
            text.contains("At most 5000 guests") && text.contains("split"),
            "{text}"
        );
    }

    #[test]
    fn chinese_headers_bom_and_lists_are_understood() {
        let csv = "\u{FEFF}姓名,性别,年龄,婚姻状况,沟通方式,期望年龄,回避,安静\n\
                   王芳,女,28,未婚,手语；文字,25-35,张伟;3,是\n";
        let rows = parse(csv.as_bytes(), Lang::Zh).unwrap();
        assert_eq!(rows.len(), 1);
        let (line, r) = (rows[0].line, &rows[0].input);
        assert!(rows[0].errors.is_empty());
        assert_eq!(line, 2);
        assert_eq!(r.display_name.as_deref(), Some("王芳"));
        assert_eq!(
            r.communication,
            Some(vec!["手语".to_string(), "文字".to_string()])
        );
        assert_eq!(r.partner_age, Some([25, 35]));
        assert_eq!(
            r.avoid,
            Some(vec![PersonRef::Name("张伟".into()), PersonRef::Number(3)])
        );
        assert_eq!(r.quiet, Some(true));
    }

    #[test]
    fn every_bad_cell_is_reported_with_its_line() {
        let csv = "display_name,gender,age,marital_status,quiet\nA,male,old,unmarried,maybe\nB,female,30,widowed,no\nC,male,x,unmarried,\n";
        let rows = parse(csv.as_bytes(), Lang::En).unwrap();
        let got: Vec<_> = rows
            .iter()
            .flat_map(|r| r.errors.iter().map(|e| (e.line, e.field.as_str())))
            .collect();
        assert_eq!(
            got,
            vec![(Some(2), "age"), (Some(2), "quiet"), (Some(4), "age")]
        );
        assert_eq!(
            rows[0].input.display_name.as_deref(),
            Some("A"),
            "the rest of a bad row is kept"
        );
    }

    #[test]
    fn a_row_with_more_cells_than_the_header_is_reported() {
        let rows = parse(
            "姓名,性别,年龄,婚姻状况\n王芳,女,29,未婚,多余\n".as_bytes(),
            Lang::En,
        )
        .unwrap();
        assert_eq!(rows[0].errors[0].field, "row");
        assert!(rows[0].errors[0].message.contains("double quotes"));
    }

    #[test]
    fn unknown_and_missing_columns_are_named() {
        let errs = parse("姓名,shoe_size\nA,42\n".as_bytes(), Lang::En).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["header", "gender", "age", "marital_status"]);
    }
}
