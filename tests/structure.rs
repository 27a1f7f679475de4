//! The shape of the code, checked: no two modules import each other, directly or
//! through others (file by file, and between the crate's top-level modules), and
//! the pure core names no runtime, database, web or OpenAPI crate.
//!
//! Every `.rs` file under `src/` is parsed with `syn`; each `use` and each path
//! beginning `crate::`, `super::` or `self::` (or a child module's name) is an
//! arrow to the file that defines the module it reaches. A parent module naming
//! its children (`mod x;`, `pub use x::Y`) is an arrow too, so a child importing
//! from its parent's own file closes a loop. Test modules (`#[cfg(test)]`) are
//! left out: a test may look at anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

type Module = Vec<String>;

/// Every source file by its module path (`src/core/live/mod.rs` → `core::live`).
fn modules() -> BTreeMap<Module, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut map = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&root).unwrap().with_extension("");
        let mut module: Module = rel.iter().map(|s| s.to_string_lossy().into()).collect();
        if module
            .last()
            .is_some_and(|l| l == "mod" || l == "lib" || l == "main")
        {
            if module.len() == 1 && module[0] == "main" {
                continue; // the binary uses the library from outside
            }
            module.pop();
        }
        map.insert(module, file);
    }
    map
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test")
    })
}

/// The paths one file names, as written (`super::frames::Board`…).
#[derive(Default)]
struct Paths {
    found: Vec<Vec<String>>,
}

impl Paths {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.leaf(prefix, &n.ident),
            syn::UseTree::Rename(r) => self.leaf(prefix, &r.ident),
            syn::UseTree::Glob(_) => self.found.push(prefix.clone()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }

    fn leaf(&mut self, prefix: &[String], ident: &syn::Ident) {
        let mut path = prefix.to_vec();
        if ident != "self" {
            path.push(ident.to_string());
        }
        self.found.push(path);
    }
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !is_test(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &u.tree);
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        if p.segments.len() > 1 {
            self.found
                .push(p.segments.iter().map(|s| s.ident.to_string()).collect());
        }
        syn::visit::visit_path(self, p);
    }
}

/// The file a path written in `from` reaches: the longest prefix that is a module.
fn resolve(from: &Module, path: &[String], known: &BTreeMap<Module, PathBuf>) -> Option<Module> {
    // Where `super` and `self` start from: a file's own module is itself.
    let mut base: Module = from.clone();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        Some("super") => {
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        Some(first) => {
            // A child module named without `self::` (2018 paths).
            let mut child = from.clone();
            child.push(first.to_string());
            if !known.contains_key(&child) {
                return None;
            }
        }
        None => return None,
    }
    let mut full = base;
    full.extend(rest.iter().cloned());
    (0..=full.len())
        .rev()
        .map(|n| full[..n].to_vec())
        .find(|m| known.contains_key(m))
}

fn arrows() -> BTreeMap<Module, BTreeSet<Module>> {
    let known = modules();
    let mut arrows: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, file) in &known {
        let text = std::fs::read_to_string(file).unwrap();
        let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut paths = Paths::default();
        paths.visit_file(&parsed);
        let to = arrows.entry(module.clone()).or_default();
        for path in &paths.found {
            if let Some(target) = resolve(module, path, &known)
                && &target != module
            {
                to.insert(target);
            }
        }
        // Test-only files (`#[cfg(test)] mod tests;`) are tests.
        for item in &parsed.items {
            if let syn::Item::Mod(m) = item
                && is_test(&m.attrs)
            {
                let mut child = module.clone();
                child.push(m.ident.to_string());
                arrows.remove(&child);
                arrows.entry(module.clone()).or_default();
            }
        }
    }
    // Drop test-only files wherever they were reached from.
    let tests: BTreeSet<Module> = known
        .iter()
        .filter(|(_, f)| {
            let name = f.file_name().unwrap().to_string_lossy();
            name == "tests.rs" || name.ends_with("_tests.rs")
        })
        .map(|(m, _)| m.clone())
        .collect();
    arrows.retain(|m, _| !tests.contains(m));
    for to in arrows.values_mut() {
        to.retain(|m| !tests.contains(m));
    }
    arrows
}

/// The strongly connected groups of more than one module (Tarjan).
fn loops(arrows: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct T<'a> {
        arrows: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<Module, usize>,
        low: BTreeMap<Module, usize>,
        stack: Vec<Module>,
        next: usize,
        found: Vec<Vec<Module>>,
    }
    fn visit(t: &mut T, v: &Module) {
        t.index.insert(v.clone(), t.next);
        t.low.insert(v.clone(), t.next);
        t.next += 1;
        t.stack.push(v.clone());
        let empty = BTreeSet::new();
        for w in t.arrows.get(v).unwrap_or(&empty).clone() {
            if !t.index.contains_key(&w) {
                visit(t, &w);
                let l = t.low[v].min(t.low[&w]);
                t.low.insert(v.clone(), l);
            } else if t.stack.contains(&w) {
                let l = t.low[v].min(t.index[&w]);
                t.low.insert(v.clone(), l);
            }
        }
        if t.low[v] == t.index[v] {
            let mut group = Vec::new();
            loop {
                let w = t.stack.pop().unwrap();
                let done = &w == v;
                group.push(w);
                if done {
                    break;
                }
            }
            if group.len() > 1 {
                t.found.push(group);
            }
        }
    }
    let mut t = T {
        arrows,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in arrows.keys() {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.found
}

fn describe(group: &[Module], arrows: &BTreeMap<Module, BTreeSet<Module>>) -> String {
    let name = |m: &Module| {
        if m.is_empty() {
            "crate".to_string()
        } else {
            m.join("::")
        }
    };
    let mut lines = Vec::new();
    for a in group {
        for b in arrows.get(a).into_iter().flatten() {
            if group.contains(b) {
                lines.push(format!("  {} -> {}", name(a), name(b)));
            }
        }
    }
    lines.sort();
    lines.join("\n")
}

#[test]
fn no_two_files_import_each_other_directly_or_through_others() {
    let arrows = arrows();
    assert!(arrows.len() > 50, "every file was read");
    assert!(
        arrows[&vec!["ws".to_string(), "session".to_string()]].contains(&vec!["state".to_string()]),
        "an import is seen as an arrow"
    );
    let found = loops(&arrows);
    let text: Vec<String> = found.iter().map(|g| describe(g, &arrows)).collect();
    assert!(
        found.is_empty(),
        "modules in a loop:\n{}",
        text.join("\n\n")
    );
}

#[test]
fn no_two_top_level_modules_import_each_other() {
    let mut top: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    let arrows = arrows();
    let read: BTreeSet<&String> = arrows.keys().filter_map(|m| m.first()).collect();
    assert!(read.len() > 10, "every top-level module was read: {read:?}");
    for (from, to) in arrows.clone() {
        let Some(a) = from.first() else { continue };
        for b in to.iter().filter_map(|m| m.first()) {
            if a != b {
                top.entry(vec![a.clone()])
                    .or_default()
                    .insert(vec![b.clone()]);
            }
        }
    }
    let found = loops(&top);
    let text: Vec<String> = found.iter().map(|g| describe(g, &top)).collect();
    assert!(
        found.is_empty(),
        "modules in a loop:\n{}",
        text.join("\n\n")
    );
}

#[test]
fn the_core_names_no_runtime_database_web_or_openapi_crate() {
    let mut found = Vec::new();
    for (module, file) in modules() {
        if module.first().is_none_or(|m| m != "core") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for word in ["tokio", "sqlx", "axum", "utoipa"] {
                if line.contains(word) && !line.trim_start().starts_with("//") {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "in the core:\n{}", found.join("\n"));
}

/// The checker sees a loop where there is one.
#[test]
fn a_loop_is_found_where_there_is_one() {
    let m = |s: &str| vec![s.to_string()];
    let arrows: BTreeMap<Module, BTreeSet<Module>> = [
        (m("a"), [m("b")].into()),
        (m("b"), [m("c")].into()),
        (m("c"), [m("a")].into()),
        (m("d"), [m("a")].into()),
    ]
    .into();
    let found = loops(&arrows);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].len(), 3);
}
