//! The routes that exist, read from the source: every `.route("<path>", get(…).post(…))` in
//! `src/**/*.rs`, the method names read from the chain. A path given by a name rather than a
//! literal (`router.route(path, …)` in a `for path in LIST` loop) is looked up in the file's
//! `const LIST: [&str; N]`. Anything built another way (`nest`, `route_service`) fails loudly,
//! so no route can hide from the matrix.

use std::path::Path;

const METHODS: [&str; 7] = ["get", "post", "put", "patch", "delete", "head", "options"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRoute {
    pub method: String,
    pub path: String,
    pub file: String,
}

pub fn routes() -> Vec<SourceRoute> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(&root).unwrap().display().to_string();
        out.extend(routes_of(&name, &text));
    }
    out
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file without its `//` comment lines (doc comments quote routes).
fn code(text: &str) -> String {
    text.lines().map(|l| if l.trim_start().starts_with("//") { "" } else { l }).collect::<Vec<_>>().join("\n")
}

pub fn routes_of(file: &str, text: &str) -> Vec<SourceRoute> {
    let code = code(text);
    for other in [".nest(", ".nest_service(", ".route_service(", ".fallback_service("] {
        assert!(
            !code.contains(other),
            "{file} builds routes with {other}: teach tests/permissions/source.rs"
        );
    }
    let mut out = Vec::new();
    for (at, _) in code.match_indices(".route(") {
        let args = arguments(&code[at + ".route(".len()..]);
        assert!(args.len() >= 2, "{file}: cannot read the route at byte {at}");
        let paths = match literal(&args[0]) {
            Some(p) => vec![p],
            None => constant_paths(file, &code, args[0].trim()),
        };
        let methods = methods(&args[1]);
        assert!(!methods.is_empty(), "{file}: no method in {}", args[1]);
        for path in &paths {
            for m in &methods {
                out.push(SourceRoute { method: m.clone(), path: path.clone(), file: file.to_string() });
            }
        }
    }
    out
}

/// The arguments of a call whose `(` was just passed, split at top-level commas.
fn arguments(s: &str) -> Vec<String> {
    let (mut depth, mut in_str, mut escaped) = (0usize, false, false);
    let mut args = vec![String::new()];
    for c in s.chars() {
        if in_str {
            in_str = c != '"' || escaped;
            escaped = c == '\\' && !escaped;
            args.last_mut().unwrap().push(c);
            continue;
        }
        match c {
            '"' => in_str = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => break,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                args.push(String::new());
                continue;
            }
            _ => {}
        }
        args.last_mut().unwrap().push(c);
    }
    args.retain(|a| !a.trim().is_empty());
    args
}

fn literal(arg: &str) -> Option<String> {
    let a = arg.trim();
    (a.starts_with('"') && a.ends_with('"') && a.len() >= 2).then(|| a[1..a.len() - 1].to_string())
}

/// The paths of `for name in LIST { … .route(name, …) }`: the string literals of `const LIST`.
fn constant_paths(file: &str, code: &str, name: &str) -> Vec<String> {
    let lead = format!("for {name} in ");
    let at = code.find(&lead).unwrap_or_else(|| panic!("{file}: the route path {name} is not a literal"));
    let list: String =
        code[at + lead.len()..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    let decl = code
        .find(&format!("const {list}:"))
        .unwrap_or_else(|| panic!("{file}: no const {list} for the route path {name}"));
    let body = &code[decl..];
    let open = body.find("= [").expect("a const array") + 3;
    let close = open + body[open..].find("];").expect("the array's end");
    body[open..close].split(',').filter_map(literal).collect()
}

/// `get(a).post(b).layer(…)` → `GET`, `POST`: every top-level call in the chain named as a method.
fn methods(chain: &str) -> Vec<String> {
    let (mut depth, mut segment, mut segments) = (0usize, String::new(), Vec::new());
    for c in chain.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                segments.push(std::mem::take(&mut segment));
                continue;
            }
            _ => {}
        }
        segment.push(c);
    }
    segments.push(segment);
    segments
        .iter()
        .filter_map(|s| {
            let name = s.split('(').next()?.rsplit("::").next()?.trim();
            METHODS.contains(&name).then(|| name.to_uppercase())
        })
        .collect()
}

/// How a source segment takes a concrete one: 0 literal, 1 parameter, 2 the rest; `None` when
/// it does not. A placeholder of the doc (`{x}`, `{x}.ics`) only fills a parameter.
fn rank(source: &str, doc: &str) -> Option<u8> {
    if source.starts_with("{*") {
        return Some(2);
    }
    if source.starts_with('{') {
        return Some(1);
    }
    (source == doc && !doc.contains('{')).then_some(0)
}

/// The route a request for `path` reaches, as the router picks it: literal segments before
/// parameters, parameters before a catch-all.
pub fn dispatch<'a>(routes: &'a [SourceRoute], method: &str, path: &str) -> Option<&'a SourceRoute> {
    let want: Vec<&str> = path.split('/').collect();
    let mut best: Option<(Vec<u8>, &SourceRoute)> = None;
    for r in routes.iter().filter(|r| r.method == method) {
        let have: Vec<&str> = r.path.split('/').collect();
        let mut ranks = Vec::new();
        let mut fits = true;
        for (i, seg) in have.iter().enumerate() {
            let Some(w) = want.get(i) else {
                fits = false;
                break;
            };
            match rank(seg, w) {
                Some(2) => {
                    ranks.push(2);
                    break;
                }
                Some(k) => ranks.push(k),
                None => {
                    fits = false;
                    break;
                }
            }
        }
        let catch_all = ranks.last() == Some(&2);
        if !fits || (!catch_all && have.len() != want.len()) {
            continue;
        }
        if best.as_ref().is_none_or(|(b, _)| ranks < *b) {
            best = Some((ranks, r));
        }
    }
    best.map(|(_, r)| r)
}

#[test]
fn the_reader_takes_every_way_routes_are_written() {
    let text = r#"
        // .route("/commented", get(x))
        const DOWNLOADS: [&str; 2] = ["/a.csv", "/b.csv"];
        fn routes() -> Router {
            let mut router = Router::new()
                .route("/x/{id}", get(show).post(save).layer(DefaultBodyLimit::max(1 + f(2))))
                .route(
                    "/y",
                    axum::routing::post(y),
                );
            for path in DOWNLOADS {
                router = router.route(path, get(download));
            }
            router
        }
    "#;
    let got: Vec<(String, String)> =
        routes_of("t.rs", text).into_iter().map(|r| (r.method, r.path)).collect();
    let want =
        [("GET", "/x/{id}"), ("POST", "/x/{id}"), ("POST", "/y"), ("GET", "/a.csv"), ("GET", "/b.csv")];
    assert_eq!(got, want.map(|(m, p)| (m.to_string(), p.to_string())));
    let all = routes_of(
        "t.rs",
        "r.route(\"/u/new\", get(a)).route(\"/u/{id}\", get(b)).route(\"/f/{*p}\", get(c))",
    );
    assert_eq!(dispatch(&all, "GET", "/u/new").unwrap().path, "/u/new");
    assert_eq!(dispatch(&all, "GET", "/u/{other}").unwrap().path, "/u/{id}");
    assert_eq!(dispatch(&all, "GET", "/f/a/b.css").unwrap().path, "/f/{*p}");
    assert!(dispatch(&all, "GET", "/u/{other}/x").is_none());
    assert!(dispatch(&all, "POST", "/u/new").is_none());
}
