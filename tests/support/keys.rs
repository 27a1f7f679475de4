//! The keys a role receives, as sorted lines, checked against a file kept in
//! `tests/fixtures/`: a new field in any answer or frame fails the test until
//! someone decides, in review, that this role may read it. Run the test with
//! `BLOSSOM_BLESS=1` to rewrite the file after such a decision.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

/// Every key path in `v`: `a.b` for objects, `a[]` for the items of arrays.
pub fn paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(p.clone());
                paths(x, &p, out);
            }
        }
        Value::Array(items) => {
            for x in items {
                paths(x, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// The last name of a path: `a.b[].c` gives `c`.
pub fn leaf(path: &str) -> &str {
    path.rsplit(['.', '[']).next().unwrap_or(path)
}

/// Compares `lines` with the file `tests/fixtures/<name>`, or writes it when
/// `BLOSSOM_BLESS` is set.
pub fn check_against(name: &str, lines: &BTreeSet<String>) {
    let file: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", name]
        .iter()
        .collect();
    let got: String = lines.iter().map(|l| format!("{l}\n")).collect();
    if std::env::var_os("BLOSSOM_BLESS").is_some() {
        std::fs::write(&file, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&file).unwrap_or_default();
    if want != got {
        let want: BTreeSet<&str> = want.lines().collect();
        let got: BTreeSet<&str> = got.lines().collect();
        let new: Vec<_> = got.difference(&want).collect();
        let gone: Vec<_> = want.difference(&got).collect();
        panic!(
            "the keys each role receives changed ({name}).\nnew: {new:#?}\ngone: {gone:#?}\n\
             If every new key is one its role may read, rerun with BLOSSOM_BLESS=1."
        );
    }
}
