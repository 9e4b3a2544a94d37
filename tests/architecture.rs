//! The shape of `src/`: dependencies point down, and no two top-level modules import each other.
//!
//! Every `src/**/*.rs` file belongs to the top-level module of its first path component
//! (`src/cli/render.rs` → `cli`, `src/open.rs` → `open`). Each `crate::X` it names in code (not in
//! comments, doc comments, strings or `#[cfg(test)]` items) is an edge to module `X`. Two rules:
//! the core (every module but `app` and `cli`) never names `app` or `cli`, and the module graph
//! has no cycle except those still listed in [`ALLOWED_CYCLES`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Import circles tolerated, each as the sorted members of one strongly connected group of
/// modules. Empty since `load` and `validate` stopped importing each other: keep it so. (An entry
/// whose circle is gone fails the test, so the list cannot go stale.)
const ALLOWED_CYCLES: &[&[&str]] = &[];

/// The modules on top: they may use anything, and nothing in the core may use them.
const SHELLS: &[&str] = &["app", "cli"];

/// One `crate::X` reference: where it is, and the top-level module it names.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Reference {
    file: String,
    line: usize,
    module: String,
}

#[test]
fn the_core_never_uses_the_app_or_the_commands() {
    let graph = ModuleGraph::of_src();
    let upward: Vec<String> = graph
        .references
        .iter()
        .filter(|(from, reference)| {
            !SHELLS.contains(&from.as_str()) && SHELLS.contains(&reference.module.as_str())
        })
        .map(|(from, reference)| {
            format!(
                "{}:{}: module `{from}` uses `crate::{}`",
                reference.file, reference.line, reference.module
            )
        })
        .collect();
    assert!(
        upward.is_empty(),
        "the core must not depend on the app or the command line:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_import_cycles_but_the_listed_ones() {
    let graph = ModuleGraph::of_src();
    let cycles = graph.cycles();
    println!("what each top-level module of src/ uses:");
    for (module, used) in &graph.edges {
        println!(
            "  {module} -> {}",
            Vec::from_iter(used.iter().cloned()).join(", ")
        );
    }
    println!("import cycles among them today:");
    for cycle in &cycles {
        println!("  {}", graph.describe_cycle(cycle));
    }
    let allowed: Vec<Vec<String>> = ALLOWED_CYCLES
        .iter()
        .map(|members| members.iter().map(|m| m.to_string()).collect())
        .collect();
    let new: Vec<String> = cycles
        .iter()
        .filter(|cycle| !allowed.contains(cycle))
        .map(|cycle| graph.describe_cycle(cycle))
        .collect();
    assert!(
        new.is_empty(),
        "import cycles (each module in one imports the next; break them, the core depends downwards only):\n{}",
        new.join("\n")
    );
    let gone: Vec<String> = allowed
        .iter()
        .filter(|members| !cycles.contains(members))
        .map(|members| format!("{members:?}"))
        .collect();
    assert!(
        gone.is_empty(),
        "these allowed cycles no longer exist: delete them from ALLOWED_CYCLES in tests/architecture.rs:\n{}",
        gone.join("\n")
    );
}

/// Which top-level module of `src/` uses which.
struct ModuleGraph {
    /// (using module, reference), sorted.
    references: BTreeSet<(String, Reference)>,
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl ModuleGraph {
    fn of_src() -> ModuleGraph {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let modules: BTreeSet<String> = files
            .iter()
            .filter_map(|file| top_level_module(&src, file))
            .collect();
        let mut references = BTreeSet::new();
        for file in &files {
            let Some(from) = top_level_module(&src, file) else {
                continue;
            };
            let text = std::fs::read_to_string(file)
                .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
            let name = file
                .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")))
                .unwrap_or(file)
                .display()
                .to_string();
            for (line, module) in crate_references(&without_test_items(&code_only(&text))) {
                if modules.contains(&module) {
                    references.insert((
                        from.clone(),
                        Reference {
                            file: name.clone(),
                            line,
                            module,
                        },
                    ));
                }
            }
        }
        let mut edges: BTreeMap<String, BTreeSet<String>> = modules
            .iter()
            .map(|m| (m.clone(), BTreeSet::new()))
            .collect();
        for (from, reference) in &references {
            if *from != reference.module {
                edges
                    .entry(from.clone())
                    .or_default()
                    .insert(reference.module.clone());
            }
        }
        ModuleGraph { references, edges }
    }

    /// The strongly connected groups of more than one module, each sorted; sorted.
    fn cycles(&self) -> Vec<Vec<String>> {
        let mut groups: Vec<Vec<String>> = self
            .edges
            .keys()
            .map(|module| {
                let mut group: Vec<String> = self
                    .edges
                    .keys()
                    .filter(|other| {
                        *other == module
                            || (self.reaches(module, other) && self.reaches(other, module))
                    })
                    .cloned()
                    .collect();
                group.sort();
                group
            })
            .filter(|group| group.len() > 1)
            .collect();
        groups.sort();
        groups.dedup();
        groups
    }

    fn reaches(&self, from: &str, to: &str) -> bool {
        self.path(from, to, None).is_some()
    }

    /// A shortest path of edges from `from` to `to` (at least one edge), within `members` if
    /// given: the modules after `from`, ending with `to`.
    fn path(&self, from: &str, to: &str, members: Option<&[String]>) -> Option<Vec<String>> {
        let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
        let mut frontier = vec![from];
        while !frontier.is_empty() {
            let mut next = Vec::new();
            for module in frontier {
                for used in self.edges.get(module).into_iter().flatten() {
                    if members.is_some_and(|members| !members.contains(used))
                        || came_from.contains_key(used.as_str())
                    {
                        continue;
                    }
                    came_from.insert(used, module);
                    if used == to {
                        let mut path = vec![to.to_string()];
                        let mut at = to;
                        while let Some(&previous) = came_from.get(at) {
                            if previous == from {
                                path.reverse();
                                return Some(path);
                            }
                            path.push(previous.to_string());
                            at = previous;
                        }
                        return None;
                    }
                    next.push(used.as_str());
                }
            }
            frontier = next;
        }
        None
    }

    /// `[a, b]: a -> b -> a (a uses b at src/a.rs:12, …)`.
    fn describe_cycle(&self, members: &[String]) -> String {
        let mut text = format!("{members:?}");
        let Some(first) = members.first() else {
            return text;
        };
        if let Some(path) = self.path(first, first, Some(members)) {
            let mut chain = vec![first.clone()];
            chain.extend(path);
            text.push_str(": ");
            text.push_str(&chain.join(" -> "));
            let witnesses: Vec<String> = chain
                .windows(2)
                .filter_map(|pair| {
                    let (from, to) = (&pair[0], &pair[1]);
                    self.references
                        .iter()
                        .find(|(user, reference)| user == from && reference.module == *to)
                        .map(|(_, reference)| {
                            format!("{from} uses {to} at {}:{}", reference.file, reference.line)
                        })
                })
                .collect();
            text.push_str(&format!(" ({})", witnesses.join("; ")));
        }
        text
    }
}

fn rust_files(directory: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(directory)
        .unwrap_or_else(|error| panic!("{}: {error}", directory.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
}

/// `src/cli/render.rs` → `cli`, `src/open.rs` → `open`; `None` for the crate roots.
fn top_level_module(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let module = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(module, "lib" | "main")).then(|| module.to_string())
}

fn is_identifier(character: char) -> bool {
    character.is_alphanumeric() || character == '_'
}

/// The code of a Rust file with comments (doc comments too), string and character literals
/// blanked out; line breaks are kept, so that line numbers stay right.
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |out: &mut String, skipped: &[char]| {
        out.extend(skipped.iter().map(|&c| if c == '\n' { '\n' } else { ' ' }));
    };
    let mut at = 0;
    while at < chars.len() {
        let rest = &chars[at..];
        let starts = |prefix: &str| rest.iter().take(prefix.len()).copied().eq(prefix.chars());
        let end = if starts("//") {
            at + rest.iter().position(|&c| c == '\n').unwrap_or(rest.len())
        } else if starts("/*") {
            let mut depth = 0;
            let mut position = at;
            loop {
                match (chars.get(position), chars.get(position + 1)) {
                    (Some('/'), Some('*')) => {
                        depth += 1;
                        position += 2;
                    }
                    (Some('*'), Some('/')) => {
                        depth -= 1;
                        position += 2;
                        if depth == 0 {
                            break position;
                        }
                    }
                    (Some(_), _) => position += 1,
                    (None, _) => break position,
                }
            }
        } else if rest[0] == '"' {
            let mut position = at + 1;
            while position < chars.len() && chars[position] != '"' {
                position += if chars[position] == '\\' { 2 } else { 1 };
            }
            position + 1
        } else if rest[0] == '\'' {
            // A character literal ('x', '\n', '\u{1F600}'), or a lifetime ('a), left as code.
            match (rest.get(1), rest.get(2)) {
                (Some('\\'), _) => {
                    // The escaped character comes first: `'\''` ends at its second quote.
                    let after_escape = rest.get(3..).unwrap_or_default();
                    at + 3 + after_escape.iter().position(|&c| c == '\'').unwrap_or(0) + 1
                }
                (Some(_), Some('\'')) => at + 3,
                _ => {
                    out.push('\'');
                    at += 1;
                    continue;
                }
            }
        } else if is_identifier(rest[0]) {
            let length = rest.iter().take_while(|&&c| is_identifier(c)).count();
            let word: String = rest[..length].iter().collect();
            let hashes = rest[length..].iter().take_while(|&&c| c == '#').count();
            let raw_string = matches!(word.as_str(), "r" | "br" | "cr")
                && rest.get(length + hashes) == Some(&'"');
            if !raw_string {
                out.push_str(&word);
                at += length;
                continue;
            }
            // r#"…"#: ends at a quote followed by as many hashes.
            let body = at + length + hashes + 1;
            let closing: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let mut position = body;
            while position < chars.len() && !chars[position..].starts_with(&closing) {
                position += 1;
            }
            position + closing.len()
        } else {
            out.push(rest[0]);
            at += 1;
            continue;
        };
        let end = end.min(chars.len());
        blank(&mut out, &chars[at..end]);
        at = end;
    }
    out
}

/// `code` without the items marked `#[cfg(test)]` (a `mod tests { … }`, a `use`, a function),
/// blanked out with their line breaks kept.
fn without_test_items(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    let mut at = 0;
    while at < chars.len() {
        match attribute_end(&chars, at) {
            Some(end) if squeezed(&chars[at..end]) == "#[cfg(test)]" => {
                let item_end = item_end(&chars, end);
                out.extend(
                    chars[at..item_end]
                        .iter()
                        .map(|&c| if c == '\n' { '\n' } else { ' ' }),
                );
                at = item_end;
            }
            _ => {
                out.push(chars[at]);
                at += 1;
            }
        }
    }
    out
}

/// The text without whitespace.
fn squeezed(chars: &[char]) -> String {
    chars.iter().filter(|c| !c.is_whitespace()).collect()
}

/// If an outer attribute `#[…]` starts at `at`, the position just after its `]`.
fn attribute_end(chars: &[char], at: usize) -> Option<usize> {
    if chars.get(at) != Some(&'#') {
        return None;
    }
    let open = at
        + 1
        + chars[at + 1..]
            .iter()
            .take_while(|c| c.is_whitespace())
            .count();
    if chars.get(open) != Some(&'[') {
        return None;
    }
    let mut depth = 0;
    for (position, &character) in chars.iter().enumerate().skip(open) {
        match character {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(position + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The end of the item that starts after an attribute ending at `from`: its other attributes,
/// then up to a `;` outside brackets, or to the `}` closing its first block.
fn item_end(chars: &[char], from: usize) -> usize {
    let mut at = from;
    loop {
        at += chars[at..].iter().take_while(|c| c.is_whitespace()).count();
        match attribute_end(chars, at) {
            Some(end) => at = end,
            None => break,
        }
    }
    let mut depth = 0i32;
    for (position, &character) in chars.iter().enumerate().skip(at) {
        match character {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return position + 1;
                }
            }
            ';' if depth == 0 => return position + 1,
            _ => {}
        }
    }
    chars.len()
}

/// Each `crate::X` (and each `X` of `crate::{X, Y::…}`) with its 1-based line.
fn crate_references(code: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let mut line = 1;
    let mut at = 0;
    while at < chars.len() {
        if chars[at] == '\n' {
            line += 1;
        }
        let starts_word = at == 0 || !(is_identifier(chars[at - 1]) || chars[at - 1] == '$');
        let is_crate = starts_word
            && chars[at..].starts_with(&['c', 'r', 'a', 't', 'e'])
            && !chars.get(at + 5).copied().is_some_and(is_identifier);
        if !is_crate {
            at += 1;
            continue;
        }
        let mut position = skip_blank(&chars, at + 5);
        if !chars[position..].starts_with(&[':', ':']) {
            at += 5;
            continue;
        }
        position = skip_blank(&chars, position + 2);
        if chars.get(position) == Some(&'{') {
            // A group: the first name of each comma-separated path at its top level.
            let mut depth = 0;
            let mut piece = String::new();
            for &character in &chars[position..] {
                match character {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                let piece_ends = depth == 0 || (depth == 1 && character == ',');
                if piece_ends {
                    let name: String = piece
                        .trim_start_matches(|c: char| c.is_whitespace() || c == '{')
                        .chars()
                        .take_while(|&c| is_identifier(c))
                        .collect();
                    if !name.is_empty() {
                        found.push((line, name));
                    }
                    piece.clear();
                    if depth == 0 {
                        break;
                    }
                } else {
                    piece.push(character);
                }
            }
        } else {
            let name: String = chars[position..]
                .iter()
                .take_while(|&&c| is_identifier(c))
                .collect();
            if !name.is_empty() {
                found.push((line, name));
            }
        }
        at += 5;
    }
    found
}

fn skip_blank(chars: &[char], from: usize) -> usize {
    from + chars[from.min(chars.len())..]
        .iter()
        .take_while(|c| c.is_whitespace())
        .count()
}

#[test]
fn references_are_read_from_code_only() {
    let source = r##"//! Uses [`crate::doc`] in a doc comment.
use crate::date::Date;
use crate::{model, load::{Loaded, load_str}, diagnostic};
/* crate::comment /* nested crate::nested */ */
const TEXT: &str = "crate::string \" crate::escaped";
const RAW: &str = r#"crate::raw "# ;
const BRACE: char = '{';
fn f<'a>(x: &'a str) -> &'a str { let _ = crate::filter::Filter::default(); x }
pub(crate) fn g() {}
#[cfg(test)]
mod tests {
    use crate::app;
    fn h() { let _ = '}'; }
}
#[cfg(test)]
use crate::generate;
fn after() { crate :: export::svg(); }
"##;
    let references = crate_references(&without_test_items(&code_only(source)));
    assert_eq!(
        references,
        [
            (2, "date".to_string()),
            (3, "model".to_string()),
            (3, "load".to_string()),
            (3, "diagnostic".to_string()),
            (8, "filter".to_string()),
            (17, "export".to_string()),
        ]
    );
}
