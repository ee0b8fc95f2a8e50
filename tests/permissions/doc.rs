//! The matrix as `docs/permissions.md` writes it: the action table, and the route tables with
//! the rule each row states (the grammar is the page's «How the route tables read»).

use parta::auth::permission::Action;

pub fn text() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/permissions.md")).unwrap()
}

/// Rows of the markdown table that follows `heading`, as cells without their backticks.
pub fn table(doc: &str, heading: &str) -> Vec<Vec<String>> {
    let start = doc.find(heading).unwrap_or_else(|| panic!("no section {heading}"));
    doc[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').split('|').map(|c| c.replace('`', "").trim().to_string()).collect())
        .collect()
}

/// What a term of a rule is asked on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum On {
    /// The object the URL's first placeholder names; the school when it names none.
    Default,
    School,
    /// The caller's own account.
    Me,
    /// Any scope at all: the role has the action somewhere (`grant` is not empty).
    Anywhere,
    /// The object a placeholder names.
    Placeholder(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    Action(Action),
    /// The caller is named a class chief of the class.
    Chief,
    /// The account is the caller's own (others get 403).
    SelfIs,
    /// The object is the caller's own (others get 404: it is not disclosed).
    Owner,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub what: What,
    pub on: On,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Everyone, signed out too.
    Public,
    /// Any signed-in account; signed out, the sign-in page.
    SignedIn,
    /// Alternatives («or») of conjunctions («and»).
    Any(Vec<Vec<Term>>),
}

/// One row of a route table.
#[derive(Clone, Debug)]
pub struct Row {
    pub method: String,
    /// Path and query, with placeholders.
    pub url: String,
    /// The form sent with a POST (`a=1&b={x}`), with placeholders; empty for none.
    pub form: String,
    pub rule: Rule,
    /// The rule as written, for messages.
    pub rule_text: String,
}

impl Row {
    pub fn path(&self) -> &str {
        self.url.split('?').next().unwrap_or_default()
    }

    /// Placeholders in the order they appear: path, query, form.
    pub fn placeholders(&self) -> Vec<String> {
        placeholders(&format!("{} {}", self.url, self.form))
    }

    pub fn describe(&self) -> String {
        let form = if self.form.is_empty() { String::new() } else { format!(" [{}]", self.form) };
        format!("{} {}{form}", self.method, self.url)
    }

    /// A write that removes or ends something: run after the other rows of a role, so that
    /// what it removes is still there for them.
    pub fn destructive(&self) -> bool {
        const ENDS: [&str; 9] = [
            "/delete", "/close", "/disable", "/unlink", "/revoke", "/cancel", "/logout", "/accept", "/return",
        ];
        self.method == "POST" && ENDS.iter().any(|e| self.path().ends_with(e))
    }
}

pub fn placeholders(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        let Some(j) = rest[i..].find('}') else { break };
        out.push(rest[i + 1..i + j].to_string());
        rest = &rest[i + j + 1..];
    }
    out
}

/// Every row of every section whose heading starts with «## Routes».
pub fn routes(doc: &str) -> Vec<Row> {
    let mut out = Vec::new();
    for (i, _) in doc.match_indices("\n## Routes") {
        let heading = doc[i + 1..].lines().next().unwrap();
        for cells in table(&doc[i..], heading).into_iter().skip(2) {
            out.push(row(&cells).unwrap_or_else(|e| panic!("{heading}: {cells:?}: {e}")));
        }
    }
    out
}

fn row(cells: &[String]) -> Result<Row, String> {
    let [route, rule] = cells else { return Err("a row has two cells: route and rule".into()) };
    let mut parts = route.split_whitespace();
    let method = parts.next().ok_or("no method")?.to_string();
    if method != "GET" && method != "POST" {
        return Err(format!("method {method}"));
    }
    let url = parts.next().ok_or("no URL")?.to_string();
    let form = parts.next().unwrap_or_default().to_string();
    if parts.next().is_some() {
        return Err("route: METHOD URL [form]".into());
    }
    if method == "GET" && !form.is_empty() {
        return Err("a GET sends no form: put it in the query".into());
    }
    Ok(Row { method, url, form, rule: parse_rule(rule)?, rule_text: rule.clone() })
}

pub fn parse_rule(text: &str) -> Result<Rule, String> {
    match text.trim() {
        "public" => return Ok(Rule::Public),
        "signed-in" => return Ok(Rule::SignedIn),
        _ => {}
    }
    let mut any = Vec::new();
    for alternative in text.split(" or ") {
        let mut all = Vec::new();
        for term in alternative.split(" and ") {
            all.push(parse_term(term)?);
        }
        any.push(all);
    }
    Ok(Rule::Any(any))
}

fn parse_term(text: &str) -> Result<Term, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let what = match words.first().copied() {
        Some("chief") => What::Chief,
        Some("self") => What::SelfIs,
        Some("owner") => What::Owner,
        Some(key) => What::Action(Action::from_key(key).ok_or(format!("unknown action {key}"))?),
        None => return Err("an empty term".into()),
    };
    let on = match &words[1..] {
        [] => On::Default,
        ["anywhere"] => On::Anywhere,
        ["on", "school"] => On::School,
        ["on", "me"] => On::Me,
        ["on", p] if p.starts_with('{') && p.ends_with('}') => On::Placeholder(p[1..p.len() - 1].to_string()),
        other => return Err(format!("cannot read «{}»", other.join(" "))),
    };
    if on == On::Anywhere && !matches!(what, What::Action(_)) {
        return Err("«anywhere» goes with an action".into());
    }
    Ok(Term { what, on })
}

#[test]
fn rules_read_as_written() {
    let r = parse_rule("reports.manage or reports.submit and chief on {snapshot}").unwrap();
    let Rule::Any(any) = r else { panic!() };
    assert_eq!(any.len(), 2);
    assert_eq!(any[1][1], Term { what: What::Chief, on: On::Placeholder("snapshot".into()) });
    assert_eq!(parse_rule("journal.view anywhere").unwrap(), {
        Rule::Any(vec![vec![Term { what: What::Action(Action::JournalView), on: On::Anywhere }]])
    });
    assert!(parse_rule("journal.look").is_err());
    assert!(parse_rule("chief anywhere").is_err());
    assert_eq!(placeholders("/a/{b}/c?d={e} f={g}"), ["b", "e", "g"]);
}
