//! The authorization matrix: every operation of the contract, called by nobody, a viewer, a
//! participant, a member of another expedition and a facilitator, each with a valid body,
//! against one expedition that holds one of everything. Another expedition's member gets
//! exactly what an unknown expedition id gets, and its own expedition answers the first's
//! ids, in the path, the query or the body, exactly as ids nobody made. Each cell that
//! should change something runs on a new expedition of its own, and the refused cells of a
//! row share one, so no cell depends on another; every mismatch is listed before the test
//! fails.

use std::collections::BTreeSet;
use std::fmt::Write;

use futures_util::StreamExt;

use hevruta_model::SessionGrant;
use reqwest::{Method, Response};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

/// Who calls, in the order of a row's `expect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Viewer,
    Participant,
    /// The facilitator of another expedition, with ids of the first in the path.
    Other,
    Facilitator,
}

const CALLERS: [Who; 5] = [
    Who::Anonymous,
    Who::Viewer,
    Who::Participant,
    Who::Other,
    Who::Facilitator,
];

/// Which member `{member}` names.
#[derive(Debug, Clone, Copy)]
enum MemberParam {
    /// The participant (for a facilitator's acts on another member).
    Participant,
    /// The caller themself (their own profile); the participant for nobody and outsiders.
    Caller,
}

struct Row {
    method: Method,
    /// The contract's path template, without `/api/v1`.
    path: &'static str,
    /// Appended to the path, placeholders filled as in the path (`?cards_to={empty_column}`).
    query: &'static str,
    body: Option<fn(&Lab) -> Value>,
    member: MemberParam,
    /// The caller has the canvas's event stream open (`?canvas=`) while calling.
    present: bool,
    /// Anonymous, viewer, participant, other expedition, facilitator.
    expect: [u16; 5],
}

fn row(method: Method, path: &'static str, expect: [u16; 5]) -> Row {
    Row {
        method,
        path,
        query: "",
        body: None,
        member: MemberParam::Participant,
        present: false,
        expect,
    }
}

impl Row {
    fn body(mut self, body: fn(&Lab) -> Value) -> Self {
        self.body = Some(body);
        self
    }

    fn query(mut self, query: &'static str) -> Self {
        self.query = query;
        self
    }

    fn member(mut self, member: MemberParam) -> Self {
        self.member = member;
        self
    }

    fn present(mut self) -> Self {
        self.present = true;
        self
    }

    fn changes_nothing(&self) -> bool {
        self.method == Method::GET
    }

    fn key(&self) -> (String, String) {
        (self.method.to_string(), self.path.to_owned())
    }
}

fn new_id() -> String {
    Uuid::now_v7().to_string()
}

fn card_content(title: &str) -> Value {
    json!({
        "title": title,
        "link": "https://hundred.org/en/innovations",
        "origin_city": "Espoo",
        "origin_country": "Finland",
        "source": "hundred",
        "themes": ["makerspaces"],
        "sectors": ["public"],
    })
}

fn new_card(column: &str) -> Value {
    let mut card = card_content("Makerspaces in libraries");
    card["id"] = json!(new_id());
    card["column_id"] = json!(column);
    card["key"] = json!("V");
    card
}

fn new_learning() -> Value {
    json!({ "id": new_id(), "circle": 3, "title": "Tool libraries",
        "text": "Espoo's libraries lend tools.", "themes": ["libraries"] })
}

/// Every operation of the contract, with what each caller gets.
#[rustfmt::skip]
fn rows() -> Vec<Row> {
    use Method as M;
    vec![
        row(M::GET, "/health", [200, 200, 200, 200, 200]),
        row(M::POST, "/expeditions", [201, 201, 201, 201, 201])
            .body(|_| serde_json::to_value(create_body("Another lab")).unwrap()),
        row(M::POST, "/join", [201, 201, 201, 201, 201]).body(|lab| {
            json!({ "code": lab.code, "display_name": "Noa", "sector": "public", "as": "participant" })
        }),
        row(M::GET, "/join/{code}", [200, 200, 200, 200, 200]),
        row(M::GET, "/me", [401, 200, 200, 200, 200]),
        // The other expedition's caller is its only facilitator, on their only device.
        row(M::DELETE, "/session", [401, 204, 204, 409, 409]),
        row(M::POST, "/sessions", [201, 201, 201, 201, 201]).body(|lab| json!({ "link": lab.link })),

        row(M::GET, "/expeditions/{id}", [401, 200, 200, 404, 200]),
        row(M::PATCH, "/expeditions/{id}", [401, 403, 403, 404, 200]).body(|_| json!({ "city": "Holon" })),
        row(M::PUT, "/expeditions/{id}/stage", [401, 403, 403, 404, 200])
            .body(|_| json!({ "stage": "learning_expedition" })),
        row(M::POST, "/expeditions/{id}/join-code", [401, 403, 403, 404, 200]),
        row(M::GET, "/expeditions/{id}/members", [401, 200, 200, 404, 200]),
        row(M::DELETE, "/expeditions/{id}/members/me", [401, 204, 204, 404, 409]),
        row(M::POST, "/expeditions/{id}/members/me/device-links", [401, 201, 201, 404, 201]),
        row(M::GET, "/expeditions/{id}/members/me/sessions", [401, 200, 200, 404, 200]),
        row(M::DELETE, "/expeditions/{id}/members/me/sessions/{session}", [401, 204, 204, 404, 409]),
        row(M::POST, "/expeditions/{id}/members/{member}/device-links", [401, 403, 403, 404, 201]),
        row(M::PUT, "/expeditions/{id}/members/{member}/role", [401, 403, 403, 404, 200])
            .body(|_| json!({ "role": "facilitator" })),
        row(M::POST, "/expeditions/{id}/stream-tickets", [401, 201, 201, 404, 201]),
        row(M::GET, "/expeditions/{id}/events", [401, 200, 200, 404, 200]).query("?canvas={canvas}"),

        row(M::GET, "/expeditions/{id}/profiles", [401, 200, 200, 404, 200]),
        row(M::PUT, "/expeditions/{id}/profiles/{member}", [401, 403, 200, 404, 200])
            .member(MemberParam::Caller)
            .body(|_| json!({ "dream": "Every child finds what they are good at", "passions": ["makerspaces"] })),

        row(M::GET, "/expeditions/{id}/canvases", [401, 200, 200, 404, 200]),
        row(M::POST, "/expeditions/{id}/canvases", [401, 403, 201, 404, 201])
            .body(|_| json!({ "title": "Pilots", "template": "blank" })),
        row(M::GET, "/expeditions/{id}/canvases/{canvas}", [401, 200, 200, 404, 200]),
        row(M::PATCH, "/expeditions/{id}/canvases/{canvas}", [401, 403, 403, 404, 200])
            .body(|_| json!({ "title": "Our model, again" })),
        row(M::DELETE, "/expeditions/{id}/canvases/{canvas}", [401, 403, 403, 404, 204]),
        row(M::POST, "/expeditions/{id}/canvases/{canvas}/ops", [401, 403, 200, 404, 200]).body(|lab| {
            let sticky = new_id();
            json!({ "ops": [
                { "id": new_id(), "sticky": lab.sticky, "type": "set_text", "text": "edited" },
                { "id": new_id(), "sticky": sticky, "type": "create",
                    "text": "a sticky", "color": "yellow", "x": 1.0, "y": 2.0 },
                { "id": new_id(), "sticky": sticky, "type": "set_citation",
                    "citation": { "kind": "card", "id": lab.card } },
            ] })
        }),
        row(M::PUT, "/expeditions/{id}/canvases/{canvas}/editing", [401, 403, 204, 404, 204])
            .present()
            .body(|lab| json!({ "sticky_id": lab.sticky })),
        row(M::PUT, "/expeditions/{id}/canvases/{canvas}/pointer", [401, 403, 204, 404, 204])
            .present()
            .body(|_| json!({ "x": 10.0, "y": 20.0 })),
        row(M::DELETE, "/expeditions/{id}/canvases/{canvas}/pointer", [401, 403, 204, 404, 204]).present(),
        row(M::PUT, "/expeditions/{id}/canvases/{canvas}/lock", [401, 403, 403, 404, 200])
            .body(|_| json!({ "locked": true })),
        row(M::PUT, "/expeditions/{id}/canvases/{canvas}/private-writing", [401, 403, 403, 404, 200])
            .body(|_| json!({ "anonymous": false })),
        row(M::DELETE, "/expeditions/{id}/canvases/{canvas}/private-writing", [401, 403, 403, 404, 204]),
        row(M::PUT, "/expeditions/{id}/canvases/{canvas}/view", [401, 403, 403, 404, 204]).body(|_| {
            json!({ "x": 0.0, "y": 0.0, "zoom": 1.0, "width": 1024.0, "height": 560.0, "bring": false })
        }),
        row(M::DELETE, "/expeditions/{id}/canvases/{canvas}/view", [401, 403, 403, 404, 204]),

        row(M::GET, "/expeditions/{id}/learnings", [401, 200, 200, 404, 200]),
        row(M::POST, "/expeditions/{id}/learnings", [401, 403, 201, 404, 201]).body(|lab| {
            let mut learning = new_learning();
            learning["builds_on"] = json!(lab.learning);
            learning
        }),
        row(M::PUT, "/expeditions/{id}/learnings/{learning}", [401, 403, 403, 404, 200]).body(|_| {
            json!({ "circle": 2, "title": "Tool libraries, again",
                "text": "Espoo's libraries lend tools.", "themes": ["libraries"] })
        }),
        row(M::DELETE, "/expeditions/{id}/learnings/{learning}", [401, 403, 403, 404, 204]),
        row(M::PUT, "/expeditions/{id}/learnings/{learning}/hidden", [401, 403, 403, 404, 200])
            .body(|_| json!({ "hidden": true })),
        row(M::PUT, "/expeditions/{id}/learnings/{learning}/reaction", [401, 403, 200, 404, 200])
            .body(|_| json!({ "learned": true })),
        row(M::GET, "/expeditions/{id}/citables", [401, 200, 200, 404, 200]),

        row(M::GET, "/expeditions/{id}/boards", [401, 200, 200, 404, 200]),
        row(M::POST, "/expeditions/{id}/boards", [401, 403, 201, 404, 201]).body(|_| {
            json!({ "id": new_id(), "title": "More innovations",
                "columns": [{ "id": new_id(), "title": "Seen", "key": "a" }] })
        }),
        row(M::GET, "/expeditions/{id}/boards/{board}", [401, 200, 200, 404, 200]),
        row(M::PATCH, "/expeditions/{id}/boards/{board}", [401, 403, 403, 404, 200])
            .body(|_| json!({ "vote_budget": 4 })),
        row(M::POST, "/expeditions/{id}/boards/{board}/columns", [401, 403, 403, 404, 201])
            .body(|_| json!({ "id": new_id(), "title": "Later", "key": "c" })),
        row(M::PATCH, "/expeditions/{id}/boards/{board}/columns/{column}", [401, 403, 403, 404, 200])
            .body(|_| json!({ "title": "Soon" })),
        row(M::DELETE, "/expeditions/{id}/boards/{board}/columns/{column}", [401, 403, 403, 404, 204])
            .query("?cards_to={empty_column}"),
        row(M::POST, "/expeditions/{id}/boards/{board}/cards", [401, 403, 201, 404, 201])
            .body(|lab| {
                let mut card = new_card(&lab.columns[0]);
                card["from_learning"] = json!(lab.learning);
                card
            }),
        row(M::PATCH, "/expeditions/{id}/boards/{board}/cards/{card}", [401, 403, 403, 404, 200])
            .body(|_| card_content("Makerspaces, again")),
        row(M::DELETE, "/expeditions/{id}/boards/{board}/cards/{card}", [401, 403, 403, 404, 204]),
        row(M::POST, "/expeditions/{id}/boards/{board}/cards/{card}/move", [401, 403, 200, 404, 200])
            .body(|lab| json!({ "column_id": lab.columns[1], "key": "V" })),
        row(M::PUT, "/expeditions/{id}/boards/{board}/cards/{card}/votes", [401, 403, 200, 404, 200])
            .body(|_| json!({ "count": 1 })),
        row(M::POST, "/expeditions/{id}/boards/{board}/cards/{card}/comments", [401, 403, 201, 404, 201])
            .body(|_| json!({ "id": new_id(), "text": "Worth a visit" })),
        row(M::POST, "/expeditions/{id}/boards/{board}/import", [401, 403, 200, 404, 200])
            .body(|lab| json!({ "columns": [], "cards": [new_card(&lab.columns[0])] })),
        row(M::PUT, "/expeditions/{id}/boards/{board}/lock", [401, 403, 403, 404, 200])
            .body(|_| json!({ "locked": true })),
        row(M::PUT, "/expeditions/{id}/boards/{board}/focus", [401, 403, 403, 404, 204])
            .body(|lab| json!({ "card": lab.card, "bring": false })),
        row(M::DELETE, "/expeditions/{id}/boards/{board}/focus", [401, 403, 403, 404, 204]),

        row(M::GET, "/expeditions/{id}/facilitation", [401, 200, 200, 404, 200]),
        row(M::PUT, "/expeditions/{id}/facilitation/me", [401, 403, 200, 404, 200])
            .body(|_| json!({ "hand": true })),
        row(M::DELETE, "/expeditions/{id}/facilitation/signals", [401, 403, 403, 404, 200]),
        row(M::POST, "/expeditions/{id}/facilitation/timer", [401, 403, 403, 404, 200])
            .body(|_| json!({ "action": "start", "seconds": 300 })),

        row(M::GET, "/expeditions/{id}/feed", [401, 200, 200, 404, 200]),
        row(M::POST, "/expeditions/{id}/feed", [401, 403, 403, 404, 201])
            .body(|_| json!({ "kind": "announcement", "text": "Trip to Espoo on Monday" })),
        row(M::PUT, "/expeditions/{id}/feed/read", [401, 200, 200, 404, 200]).body(|_| json!({ "seq": 1 })),
        row(M::PUT, "/expeditions/{id}/feed/{item}/reaction", [401, 403, 200, 404, 200])
            .body(|_| json!({ "reaction": "going", "on": true })),
        row(M::POST, "/expeditions/{id}/feed/{item}/replies", [401, 403, 201, 404, 201])
            .body(|_| json!({ "text": "I'll bring the camera." })),

        row(M::GET, "/expeditions/{id}/rounds", [401, 200, 200, 404, 200]),
        row(M::POST, "/expeditions/{id}/rounds", [401, 403, 403, 404, 201])
            .body(|lab| json!({ "on": { "canvas": lab.canvas }, "budget": 3 })),
        row(M::GET, "/expeditions/{id}/rounds/{round}", [401, 200, 200, 404, 200]),
        row(M::PUT, "/expeditions/{id}/rounds/{round}/votes", [401, 403, 200, 404, 200])
            .body(|lab| json!({ "item": lab.card, "dots": 1 })),
        row(M::POST, "/expeditions/{id}/rounds/{round}/reveal", [401, 403, 403, 404, 200]),
        row(M::POST, "/expeditions/{id}/rounds/{round}/cancel", [401, 403, 403, 404, 200]),
    ]
}

/// One expedition with one of everything, its three kinds of member, and the facilitator of
/// another expedition.
struct Lab {
    id: String,
    facilitator: SessionGrant,
    participant: SessionGrant,
    viewer: SessionGrant,
    other: SessionGrant,
    code: String,
    canvas: String,
    sticky: String,
    board: String,
    /// The first holds the card, the second is empty.
    columns: [String; 2],
    card: String,
    learning: String,
    item: String,
    /// Open, on the board.
    round: String,
    /// A sign-in link for the participant, not used yet.
    link: String,
}

async fn ok_json(res: Response, what: &str) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{what}: {status} {body}");
    body
}

impl Lab {
    async fn new(app: &TestApp, other: &SessionGrant) -> Lab {
        let facilitator = app.create("Lab").await;
        let code = facilitator.expedition.join_code.as_ref().unwrap().display();
        let participant = app.join(&code, "Noa").await;
        let viewer = app.join_viewer(&code).await;
        let other = other.clone();
        let id = facilitator.expedition_id.to_string();
        let e = format!("/expeditions/{id}");
        let t = Some(facilitator.token.as_str());
        let send = async |method: Method, path: String, body: Value| {
            let res = app.send_json(method, &path, t, &body).await;
            ok_json(res, &path).await
        };
        let canvas = send(
            Method::POST,
            format!("{e}/canvases"),
            json!({ "title": "Our model", "template": "blank" }),
        )
        .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let sticky = new_id();
        send(
            Method::POST,
            format!("{e}/canvases/{canvas}/ops"),
            json!({ "ops": [{ "id": new_id(), "sticky": sticky, "type": "create",
                "text": "a sticky", "color": "yellow", "x": 1.0, "y": 2.0 }] }),
        )
        .await;
        let (board, columns) = (new_id(), [new_id(), new_id()]);
        send(
            Method::POST,
            format!("{e}/boards"),
            json!({ "id": board, "title": "Innovations", "columns": [
                { "id": columns[0], "title": "Seen", "key": "a" },
                { "id": columns[1], "title": "Tried", "key": "b" }] }),
        )
        .await;
        let card = send(
            Method::POST,
            format!("{e}/boards/{board}/cards"),
            new_card(&columns[0]),
        )
        .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let learning = send(Method::POST, format!("{e}/learnings"), new_learning()).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let item = send(
            Method::POST,
            format!("{e}/feed"),
            json!({ "kind": "announcement", "text": "We meet on Monday" }),
        )
        .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let round = send(
            Method::POST,
            format!("{e}/rounds"),
            json!({ "on": { "board": board }, "budget": 3 }),
        )
        .await["round"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let link = send(
            Method::POST,
            format!("{e}/members/{}/device-links", participant.member.id),
            json!({}),
        )
        .await["secret"]
            .as_str()
            .unwrap()
            .to_owned();
        Lab {
            id,
            facilitator,
            participant,
            viewer,
            other,
            code,
            canvas,
            sticky,
            board,
            columns,
            card,
            learning,
            item,
            round,
            link,
        }
    }

    /// The ids of what the lab holds.
    fn ids(&self) -> Vec<&str> {
        let mut ids = vec![
            self.canvas.as_str(),
            &self.sticky,
            &self.board,
            &self.card,
            &self.learning,
            &self.item,
            &self.round,
        ];
        ids.extend(self.columns.iter().map(String::as_str));
        ids
    }

    fn grant(&self, who: Who) -> Option<&SessionGrant> {
        match who {
            Who::Anonymous => None,
            Who::Viewer => Some(&self.viewer),
            Who::Participant => Some(&self.participant),
            Who::Other => Some(&self.other),
            Who::Facilitator => Some(&self.facilitator),
        }
    }

    /// The id of `who`'s own session, or the facilitator's for callers without one here.
    async fn session_of(&self, app: &TestApp, who: Who) -> String {
        let g = match self.grant(who) {
            Some(g) if who != Who::Other => g,
            _ => &self.facilitator,
        };
        let res = app
            .get(
                &format!("/expeditions/{}/members/me/sessions", self.id),
                &g.token,
            )
            .await;
        let sessions = ok_json(res, "sessions").await;
        sessions["sessions"][0]["id"].as_str().unwrap().to_owned()
    }
}

/// Where ids in the path come from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ids {
    /// The lab's own.
    Lab,
    /// An expedition id nobody made, with the lab's ids for everything in it.
    Nowhere,
    /// The other expedition's id, with the lab's ids for everything in it.
    Foreign,
    /// The other expedition's id, with ids nobody made.
    Unknown,
}

/// `row.path` with its placeholders filled for `who`.
async fn fill(app: &TestApp, lab: &Lab, row: &Row, who: Who, ids: Ids) -> String {
    let member = match (row.member, lab.grant(who)) {
        (MemberParam::Caller, Some(g)) if who != Who::Other => g.member.id.to_string(),
        _ => lab.participant.member.id.to_string(),
    };
    let mut path = format!("{}{}", row.path, row.query);
    let mut params: Vec<(&str, String)> = vec![
        ("code", lab.code.clone()),
        ("canvas", lab.canvas.clone()),
        ("board", lab.board.clone()),
        ("column", lab.columns[0].clone()),
        ("empty_column", lab.columns[1].clone()),
        ("card", lab.card.clone()),
        ("learning", lab.learning.clone()),
        ("item", lab.item.clone()),
        ("round", lab.round.clone()),
        ("member", member),
    ];
    if path.contains("{session}") {
        params.push(("session", lab.session_of(app, who).await));
    }
    if ids == Ids::Unknown {
        for (_, value) in &mut params {
            *value = new_id();
        }
    }
    let expedition = match ids {
        Ids::Lab => lab.id.clone(),
        Ids::Nowhere => new_id(),
        Ids::Foreign | Ids::Unknown => lab.other.expedition_id.to_string(),
    };
    params.push(("id", expedition));
    for (name, value) in params {
        path = path.replace(&format!("{{{name}}}"), &value);
    }
    assert!(!path.contains('{'), "a placeholder left in {path}");
    path
}

/// `value` with each of `from`'s ids replaced by `to`'s (the same kind of object) or, with
/// `to` absent, by an id nobody made.
fn swap_ids(value: &Value, from: &Lab, to: Option<&Lab>) -> Value {
    match value {
        Value::String(s) => {
            let swapped = from.ids().iter().enumerate().fold(s.clone(), |s, (i, id)| {
                s.replace(id, &to.map_or_else(new_id, |to| to.ids()[i].to_owned()))
            });
            json!(swapped)
        }
        Value::Array(items) => items.iter().map(|v| swap_ids(v, from, to)).collect(),
        Value::Object(fields) => fields
            .iter()
            .map(|(k, v)| (k.clone(), swap_ids(v, from, to)))
            .collect(),
        other => other.clone(),
    }
}

/// A status and, for a problem, its code.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Answer {
    status: u16,
    code: Option<String>,
    /// A validation problem's `field code` pairs.
    errors: Vec<String>,
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match &self.code {
            Some(code) => write!(f, "{} {code}", self.status)?,
            None => write!(f, "{}", self.status)?,
        }
        if !self.errors.is_empty() {
            write!(f, " [{}]", self.errors.join(", "))?;
        }
        Ok(())
    }
}

/// What the lab's ids in the query and the body become.
#[derive(Clone, Copy)]
enum Refs<'a> {
    Own,
    /// Those of the same objects in another lab.
    Of(&'a Lab),
    /// Ids nobody made.
    Unknown,
}

/// The path (with its query) and body `row` sends to `lab` as `who`.
async fn request(
    app: &TestApp,
    lab: &Lab,
    row: &Row,
    who: Who,
    ids: Ids,
    refs: Refs<'_>,
) -> (String, Option<Value>) {
    let path = fill(app, lab, row, who, ids).await;
    let body = row.body.map(|body| body(lab));
    let to = match refs {
        Refs::Own => return (path, body),
        Refs::Of(other) => Some(other),
        Refs::Unknown => None,
    };
    let body = body.map(|body| swap_ids(&body, lab, to));
    let path = match path.split_once('?') {
        Some((path, query)) => {
            let query = match swap_ids(&json!(query), lab, to) {
                Value::String(query) => query,
                _ => unreachable!(),
            };
            format!("{path}?{query}")
        }
        None => path,
    };
    (path, body)
}

async fn call(app: &TestApp, lab: &Lab, row: &Row, who: Who, ids: Ids) -> Answer {
    call_with(app, lab, row, who, ids, Refs::Own).await
}

async fn call_with(
    app: &TestApp,
    lab: &Lab,
    row: &Row,
    who: Who,
    ids: Ids,
    refs: Refs<'_>,
) -> Answer {
    let (path, body) = request(app, lab, row, who, ids, refs).await;
    let token = lab.grant(who).map(|g| g.token.as_str());
    let _stream = match lab.grant(who) {
        Some(g) if row.present && who != Who::Other => {
            let mut stream = app
                .stream(g, &format!("&canvas={}", lab.canvas), None)
                .await;
            stream.next_presence().await;
            Some(stream)
        }
        _ => None,
    };
    let mut req = app.req(row.method.clone(), &path, token);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    // The event stream never ends: its status is all there is to read.
    let problem: Value = if media_type(&res) == "application/problem+json" {
        res.json().await.unwrap()
    } else {
        Value::Null
    };
    let errors = problem["errors"]
        .as_array()
        .map_or_else(Vec::new, |errors| {
            let field = |e: &Value, k: &str| e[k].as_str().unwrap_or("").to_owned();
            errors
                .iter()
                .map(|e| format!("{} {}", field(e, "field"), field(e, "code")))
                .collect()
        });
    Answer {
        status,
        code: problem["code"].as_str().map(str::to_owned),
        errors,
    }
}

/// The operations the contract lists, as (method, path without `/api/v1`).
fn contract_operations() -> BTreeSet<(String, String)> {
    let text = std::fs::read_to_string(workspace_root().join("openapi.json")).unwrap();
    let contract: Value = serde_json::from_str(&text).unwrap();
    let mut operations = BTreeSet::new();
    for (path, item) in contract["paths"].as_object().unwrap() {
        for method in [
            "get", "put", "post", "delete", "patch", "head", "options", "trace",
        ] {
            if item.get(method).is_some() {
                let path = path.strip_prefix("/api/v1").unwrap_or(path);
                operations.insert((method.to_uppercase(), path.to_owned()));
            }
        }
    }
    operations
}

#[test]
fn every_operation_of_the_contract_has_a_row_in_the_matrix() {
    let listed: BTreeSet<_> = rows().iter().map(Row::key).collect();
    assert_eq!(listed.len(), rows().len(), "a row listed twice");
    let contract = contract_operations();
    let missing: Vec<_> = contract.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&contract).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "operations without a row in authz.rs: {missing:?}; rows for no operation: {extra:?}"
    );
}

/// What one row's cells answered, and the other expedition's own id with the lab's ids
/// against ids nobody made (for rows with ids below the expedition).
struct RowAnswers {
    cells: Vec<(Who, u16, Answer)>,
    /// The other expedition's facilitator with an expedition id nobody made: exactly what
    /// the `Other` cell must answer.
    nowhere: Option<Answer>,
    foreign: Option<(Answer, Answer)>,
    /// The other expedition's facilitator on its own lab, naming the first lab's objects in
    /// the query or body, against naming objects nobody made.
    foreign_refs: Option<(Answer, Answer)>,
}

impl RowAnswers {
    fn mismatches(&self) -> usize {
        let cells = self
            .cells
            .iter()
            .filter(|(_, want, got)| got.status != *want);
        let foreign = self.foreign.iter().chain(&self.foreign_refs);
        let nowhere = self.nowhere.iter().filter(|n| Some(*n) != self.other());
        cells.count() + foreign.filter(|(f, u)| f != u).count() + nowhere.count()
    }

    fn other(&self) -> Option<&Answer> {
        let mut other = self.cells.iter().filter(|(who, ..)| *who == Who::Other);
        other.next().map(|(_, _, answer)| answer)
    }
}

async fn answers(app: &TestApp, shared: &Lab, row: &Row) -> RowAnswers {
    // Cells that may change something and should succeed get a lab of their own; the
    // others (refused, so they change nothing) share one lab per row.
    let mut row_lab = None;
    if !row.changes_nothing() {
        row_lab = Some(Lab::new(app, &shared.other).await);
    }
    let refused = row_lab.as_ref().unwrap_or(shared);
    let mut cells = Vec::new();
    for (who, want) in CALLERS.into_iter().zip(row.expect) {
        let own;
        let lab = if row.changes_nothing() || !(200..300).contains(&want) {
            refused
        } else {
            own = Lab::new(app, &shared.other).await;
            &own
        };
        cells.push((who, want, call(app, lab, row, who, Ids::Lab).await));
    }
    let mut nowhere = None;
    if row.path.starts_with("/expeditions/{id}") {
        nowhere = Some(call(app, refused, row, Who::Other, Ids::Nowhere).await);
    }
    let mut foreign = None;
    if row.path.starts_with("/expeditions/{id}/") && row.path.matches('{').count() > 1 {
        let unknown = call(app, refused, row, Who::Other, Ids::Unknown).await;
        let theirs = call(app, refused, row, Who::Other, Ids::Foreign).await;
        foreign = Some((theirs, unknown));
    }
    let mut foreign_refs = None;
    if row.body.is_some() || row.query.contains('{') {
        let theirs = Lab::new(app, &shared.facilitator).await;
        let who = Who::Facilitator;
        let (path, body) = request(app, &theirs, row, who, Ids::Lab, Refs::Own).await;
        let query = path.split_once('?').map_or("", |(_, query)| query);
        let sent = format!("{query} {}", body.unwrap_or(Value::Null));
        if theirs.ids().iter().any(|id| sent.contains(id)) {
            let named = call_with(app, &theirs, row, who, Ids::Lab, Refs::Of(shared)).await;
            let unknown = call_with(app, &theirs, row, who, Ids::Lab, Refs::Unknown).await;
            foreign_refs = Some((named, unknown));
        }
    }
    RowAnswers {
        cells,
        nowhere,
        foreign,
        foreign_refs,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_each_kind_of_caller_as_the_contract_means() {
    let started = std::time::Instant::now();
    let app = spawn_app().await;
    let rows = rows();
    let other = app.create("Other lab").await;
    let shared = Lab::new(&app, &other).await;
    let all: Vec<RowAnswers> = futures_util::stream::iter(&rows)
        .map(|row| answers(&app, &shared, row))
        .buffered(4)
        .collect()
        .await;
    let mut report = String::new();
    for (row, answers) in rows.iter().zip(&all) {
        if let Some(nowhere) = &answers.nowhere
            && Some(nowhere) != answers.other()
        {
            let _ = writeln!(
                report,
                "{} {}: the other expedition's member answers {}, an expedition nobody made \
                 {nowhere}",
                row.method,
                row.path,
                answers.other().unwrap()
            );
        }
        if let Some((theirs, unknown)) = &answers.foreign
            && theirs != unknown
        {
            let _ = writeln!(
                report,
                "{} {}: the other expedition's own id with the lab's ids answers {theirs}, \
                 ids nobody made {unknown}",
                row.method, row.path
            );
        }
        if let Some((theirs, unknown)) = &answers.foreign_refs
            && theirs != unknown
        {
            let _ = writeln!(
                report,
                "{} {}: the other expedition naming the lab's objects in its query or body answers \
                 {theirs}, naming objects nobody made {unknown}",
                row.method, row.path
            );
        }
        if answers
            .cells
            .iter()
            .any(|(_, want, got)| got.status != *want)
        {
            let _ = write!(report, "{:<7}{:<58}", row.method.as_str(), row.path);
            for (who, want, got) in &answers.cells {
                if got.status == *want {
                    let _ = write!(report, " {who:?} {want}");
                } else {
                    let _ = write!(report, " {who:?} {got}≠{want}");
                }
            }
            report.push('\n');
        }
    }
    let mismatches: usize = all.iter().map(RowAnswers::mismatches).sum();
    assert!(
        report.is_empty(),
        "{mismatches} mismatches in {} rows × {} callers:\n{report}",
        rows.len(),
        CALLERS.len()
    );
    eprintln!(
        "{} rows × {} callers in {:?}",
        rows.len(),
        CALLERS.len(),
        started.elapsed()
    );
}
