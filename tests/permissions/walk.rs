//! Runs the matrix for one account (or signed out): every row of the route tables in every
//! scope it applies to, each answer compared with what the row's rule gives for that account —
//! the rule evaluated with `allows`, in the app's own store, just before the request.

use std::collections::BTreeMap;

use axum::http::{Method, StatusCode};
use parta::auth::model::USERS;
use parta::auth::permission::{Action, Actor, Target, allows, grant};
use parta::store::StoreError;
use parta::structure::model::CLASSES;

use super::doc::{On, Row, Rule, Term, What};
use super::extras::app_from;
use super::world::{Fill, World};
use crate::common::{Client, Response, TestApp};

/// What a request should answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Not refused: neither 403 nor the sign-in page (nor a server error).
    Allow,
    /// Open to everyone: not 403 (a sign-out may well end on the sign-in page).
    Public,
    /// Refused with this status: 403, or 404 where the object is not disclosed.
    Deny(StatusCode),
    /// Signed out: sent to the sign-in page.
    SignIn,
}

fn target(row: &Row, fill: &Fill, on: &On, actor: &Actor, action: Option<Action>) -> Target {
    let t = match on {
        On::Default => match row.placeholders().first() {
            Some(p) => fill[p].target,
            None => Target::School,
        },
        On::School | On::Anywhere => Target::School,
        On::Me => Target::User(actor.id),
        On::Placeholder(p) => fill.get(p).unwrap_or_else(|| panic!("{}: no {{{p}}}", row.describe())).target,
    };
    match (action, t) {
        (Some(Action::FinalsEdit), Target::Teaching(id)) => Target::Finals(id),
        _ => t,
    }
}

fn holds(
    tx: &redb::ReadTransaction,
    actor: &Actor,
    row: &Row,
    fill: &Fill,
    term: &Term,
) -> Result<bool, StoreError> {
    let action = match term.what {
        What::Action(a) => Some(a),
        _ => None,
    };
    let t = target(row, fill, &term.on, actor, action);
    Ok(match (&term.what, t) {
        (What::Action(a), _) if term.on == On::Anywhere => {
            actor.roles.iter().any(|r| !grant(*r, *a).is_empty())
        }
        (What::Action(a), t) => allows(tx, actor, *a, t)?,
        (What::Chief, Target::Class(c)) => CLASSES.get(tx, &c)?.is_some_and(|c| c.chiefs.contains(&actor.id)),
        (What::SelfIs | What::Owner, Target::User(u) | Target::Student(u)) => u == actor.id,
        (what, t) => panic!("{}: {what:?} cannot be asked on {t:?}", row.describe()),
    })
}

/// What `row` should answer `actor` (signed out: `None`) in `fill`.
pub fn expected(app: &TestApp, actor: Option<&Actor>, row: &Row, fill: &Fill) -> Expect {
    let (actor, any) = match (&row.rule, actor) {
        (Rule::Public, _) => return Expect::Public,
        (_, None) => return Expect::SignIn,
        (Rule::SignedIn, Some(_)) => return Expect::Allow,
        (Rule::Any(any), Some(actor)) => (actor, any),
    };
    let allowed = app
        .store()
        .read_blocking(|tx| {
            for all in any {
                let mut yes = true;
                for term in all {
                    yes = yes && holds(tx, actor, row, fill, term)?;
                }
                if yes {
                    return Ok::<_, StoreError>(true);
                }
            }
            Ok(false)
        })
        .unwrap();
    let hidden = any.iter().flatten().any(|t| t.what == What::Owner);
    match (allowed, hidden) {
        (true, _) => Expect::Allow,
        (false, true) => Expect::Deny(StatusCode::NOT_FOUND),
        (false, false) => Expect::Deny(StatusCode::FORBIDDEN),
    }
}

pub fn answers(expect: Expect, r: &Response) -> bool {
    // An htmx request is sent to the sign-in page by `HX-Redirect` on an empty 200.
    let hx_sign_in =
        r.status == StatusCode::OK && r.header("hx-redirect").starts_with("/login") && r.bytes.is_empty();
    let to_sign_in = r.status.is_redirection() && r.location().starts_with("/login") || hx_sign_in;
    let refused = r.status == StatusCode::FORBIDDEN || r.status == StatusCode::UNAUTHORIZED;
    match expect {
        Expect::Allow => !refused && !to_sign_in && !r.status.is_server_error(),
        Expect::Public => !refused && !r.status.is_server_error(),
        Expect::Deny(s) => r.status == s,
        Expect::SignIn => r.status == StatusCode::SEE_OTHER && to_sign_in || hx_sign_in,
    }
}

/// Replaces every placeholder; `None` when the fill lacks one.
pub fn render(s: &str, fill: &Fill) -> Option<String> {
    let mut out = s.to_string();
    for p in super::doc::placeholders(s) {
        out = out.replace(&format!("{{{p}}}"), &fill.get(&p)?.text);
    }
    Some(out)
}

/// One request of the walk.
struct Check<'a> {
    row: &'a Row,
    scope: &'static str,
    fill: &'a Fill,
    url: String,
    form: String,
    htmx: bool,
}

/// The checks of one account: every row in `own`, and again in every other scope where its
/// placeholders name other objects; every page also as an htmx request. Reads first, then
/// writes, then the writes that remove or end something.
fn plan<'a>(rows: &'a [Row], scopes: &'a [(&'static str, Fill)], signed_in: bool) -> Vec<Check<'a>> {
    let mut out = Vec::new();
    for row in rows {
        let own = &scopes[0].1;
        let url = render(&row.url, own)
            .unwrap_or_else(|| panic!("{}: a placeholder no scope fills", row.describe()));
        let form = render(&row.form, own).unwrap();
        for (name, fill) in scopes {
            let (Some(u), Some(f)) = (render(&row.url, fill), render(&row.form, fill)) else { continue };
            if *name != "own" && (u == url && f == form || !signed_in) {
                continue;
            }
            let htmx = row.method == "GET" && *name == "own";
            out.push(Check { row, scope: name, fill, url: u.clone(), form: f.clone(), htmx: false });
            if htmx {
                out.push(Check { row, scope: name, fill, url: u, form: f, htmx: true });
            }
        }
    }
    out.sort_by_key(|c| (c.row.method != "GET", c.row.destructive()));
    out
}

async fn sign_in(app: &TestApp, login: &str) -> Client {
    let mut c = app.signed_in(login).await;
    c.get("/").await;
    c
}

/// What one account's walk did: requests by scope (htmx ones apart), and the disagreements.
#[derive(Default)]
pub struct Walked {
    pub by_scope: BTreeMap<String, usize>,
    pub failures: Vec<String>,
}

/// Walks every row for `account` (signed out: `None`).
/// The account acts in every role it holds, as the server reads them.
pub async fn walk(world: &World, rows: &[Row], account: Option<&'static str>) -> Walked {
    let app = app_from(&world.bytes);
    let me = account.map(|login| {
        let id = world.ids[login];
        let user = app.store().read_blocking(|tx| USERS.get(tx, &id)).unwrap().unwrap();
        Actor { id, roles: user.roles, today: world.today, now: crate::common::unix() }
    });
    let who = account.unwrap_or("signed out");
    let mut c = match account {
        Some(login) => sign_in(&app, login).await,
        None => {
            let mut c = app.client();
            c.get("/login").await;
            c
        }
    };
    let scopes = world.scopes(me.as_ref().map(|a| a.id));
    let checks = plan(rows, &scopes, me.is_some());
    let mut out = Walked::default();
    for check in &checks {
        let key = if check.htmx { format!("{} (htmx)", check.scope) } else { check.scope.to_string() };
        *out.by_scope.entry(key).or_default() += 1;
        let expect = expected(&app, me.as_ref(), check.row, check.fill);
        let extra: &[(&str, &str)] = if check.htmx { &[("HX-Request", "true")] } else { &[] };
        let r = if check.row.method == "GET" {
            c.send(Method::GET, &check.url, None, Vec::new(), extra).await
        } else {
            let fields: Vec<(String, String)> = serde_urlencoded::from_str(&check.form).unwrap();
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            c.post(&check.url, &fields).await
        };
        // An allowed page or file of a guarded row is found: its placeholders name real objects.
        let lost = expect == Expect::Allow
            && check.row.method == "GET"
            && matches!(check.row.rule, Rule::Any(_))
            && r.status == StatusCode::NOT_FOUND;
        if !answers(expect, &r) || lost {
            let form = if check.form.is_empty() { String::new() } else { format!(" [{}]", check.form) };
            let hx = if check.htmx { ", htmx" } else { "" };
            out.failures.push(format!(
                "{who} ({}{hx}) {} {}{form}: «{}» expects {expect:?}, got {} {}",
                check.scope,
                check.row.method,
                check.url,
                check.row.rule_text,
                r.status,
                r.location()
            ));
        }
        // A sign-out (or an account change) may end the session: sign in again.
        if let Some(login) = account
            && !c.cookies.contains_key(parta::auth::session::COOKIE)
        {
            c = sign_in(&app, login).await;
        }
    }
    out
}
