//! schemathesis (PyPI) against a fresh reference server: every check, every phase (examples,
//! coverage, fuzzing, stateful), requests reaching real data. It must find no server error
//! and no answer outside the contract; an undocumented status is fixed in the contract (or
//! the server), never excluded here.
//!
//! First a few requests of our own make what the fuzzer needs: an expedition (its
//! facilitator's token authenticates the run), a spare participant, a canvas with a sticky,
//! a spare canvas, a board with two columns and a card, and a voting round open on the
//! board. The run's configuration names them (`schemathesis.toml`, written per
//! run under target/contract/).

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{Value, json};

use crate::contract::{echo_lines, quiet, work_dir};
use crate::env::{Context, command};
use crate::server::{self, Profile, Serving, socket_addr};
use crate::{Error, Result, setup, test};

/// Test cases per operation and phase: about a minute on 2 cores.
const MAX_EXAMPLES: &str = "100";

pub fn run() -> Result {
    let dir = test::fresh_temp_dir()?;
    let outcome = (|| {
        let server = server::start(
            &dir.join("schemathesis.sqlite3"),
            Profile::Dev,
            &Serving::default(),
        )?;
        let fixtures = Fixtures::make(&server.url)?;
        let config = work_dir()?.join("schemathesis.toml");
        fs::write(&config, fixtures.config()).context(format!("writing {}", config.display()))?;
        let output = quiet(
            command(setup::venv_bin("schemathesis"))
                // Its cache (`.schemathesis/`) goes beside the config, not into the tree.
                .current_dir(work_dir()?)
                .arg("--config-file")
                .arg(&config)
                .arg("--no-color")
                .arg("run")
                .arg(format!("{}/api/v1/openapi.json", server.url))
                .args(["--checks", "all", "--max-examples", MAX_EXAMPLES])
                // Nothing written into the tree: each run starts from its own seed.
                .args(["--generation-database", ":memory:"]),
        )?;
        echo_lines(
            &output,
            &[
                "Examples (",
                "Coverage (",
                "Fuzzing (",
                "Stateful (",
                "passed",
                "Tested:",
                "Seed:",
            ],
        );
        Ok(())
        // `server` is dropped (killed) here, on success and on failure alike.
    })();
    let _ = fs::remove_dir_all(&dir);
    outcome
}

/// What the run's requests name.
struct Fixtures {
    facilitator: String,
    spare_participant: String,
    expedition: String,
    join_code: String,
    canvas: String,
    spare_canvas: String,
    round: String,
}

/// The run's board, its columns and its card (ids made here, as a client makes them).
const BOARD: &str = "01938c2e-9e30-7d65-8a71-8c2d6e5f1b01";
const COLUMNS: [&str; 2] = [
    "01938c2e-9e30-7d65-8a71-8c2d6e5f1b02",
    "01938c2e-9e30-7d65-8a71-8c2d6e5f1b03",
];
const CARD: &str = "01938c2e-9e30-7d65-8a71-8c2d6e5f1b04";

impl Fixtures {
    fn make(base: &str) -> Result<Fixtures> {
        let api = |method: &str, path: &str, token: Option<&str>, body: Value| {
            request(base, method, &format!("/api/v1{path}"), token, &body)
        };
        let grant = api(
            "POST",
            "/expeditions",
            None,
            json!({ "title": "Schemathesis lab", "city": "Bat Yam", "challenge": "Does the server keep its contract?", "display_name": "Yael", "sector": "public" }),
        )?;
        let text = |v: &Value, pointer: &str| {
            v.pointer(pointer)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| Error::new(format!("fixture answer without {pointer}: {v}")))
        };
        let facilitator = text(&grant, "/token")?;
        let expedition = text(&grant, "/expedition_id")?;
        let join_code = text(&grant, "/expedition/join_code")?;
        let spare = api(
            "POST",
            "/join",
            None,
            json!({ "code": join_code, "display_name": "Spare", "sector": "business" }),
        )?;
        let canvases = format!("/expeditions/{expedition}/canvases");
        let canvas = |title: &str| {
            api(
                "POST",
                &canvases,
                Some(&facilitator),
                json!({ "title": title, "template": "city_education_model" }),
            )
            .and_then(|c| text(&c, "/id"))
        };
        let main = canvas("Our city's model")?;
        let spare_canvas = canvas("To delete")?;
        api(
            "POST",
            &format!("{canvases}/{main}/ops"),
            Some(&facilitator),
            json!({ "ops": [{
                "id": "01938c2e-8d21-7d54-8f60-7b1c5d4e0f06",
                "sticky": "01938c2e-8d20-7c43-9e5f-6a0b4c3d9e05",
                "type": "create", "section": "dreams", "text": "Every child learns to swim", "x": 40, "y": 60,
            }] }),
        )?;
        let boards = format!("/expeditions/{expedition}/boards");
        api(
            "POST",
            &boards,
            Some(&facilitator),
            json!({ "id": BOARD, "title": "Innovations we found", "columns": [
                { "id": COLUMNS[0], "key": "V", "title": "Discovered" },
                { "id": COLUMNS[1], "key": "k", "title": "Piloting" },
            ] }),
        )?;
        api(
            "POST",
            &format!("{boards}/{BOARD}/cards"),
            Some(&facilitator),
            json!({ "id": CARD, "column_id": COLUMNS[0], "key": "V", "title": "Makerspaces in Espoo's libraries", "source": "hundred" }),
        )?;
        let round = api(
            "POST",
            &format!("/expeditions/{expedition}/rounds"),
            Some(&facilitator),
            json!({ "on": { "board": BOARD }, "budget": 5, "cap": 3 }),
        )?;
        let round = text(&round, "/round/id")?;
        Ok(Fixtures {
            round,
            facilitator,
            spare_participant: text(&spare, "/token")?,
            expedition,
            join_code,
            canvas: main,
            spare_canvas,
        })
    }

    /// The run's `schemathesis.toml`.
    fn config(&self) -> String {
        let Fixtures {
            facilitator,
            spare_participant,
            expedition,
            join_code,
            canvas,
            spare_canvas,
            round,
        } = self;
        let column = COLUMNS[1];
        format!(
            r#"# Written by `cargo xtask test` (xtask/src/schemathesis.rs) for one run.
headers = {{ Authorization = "Bearer {facilitator}" }}
request-timeout = 10

# Most requests name the run's expedition and canvas, so they reach the handlers' rules;
# the rest keep generated values (unknown or malformed ids must answer 404).
[parameters]
"path.id" = {{ dictionary = "expedition", probability = 0.9 }}
"path.canvas" = {{ dictionary = "canvas", probability = 0.9 }}
"path.code" = {{ dictionary = "join_code", probability = 0.5 }}
"path.board" = {{ dictionary = "board", probability = 0.9 }}
"path.card" = {{ dictionary = "card", probability = 0.9 }}
"path.column" = {{ dictionary = "column", probability = 0.9 }}
"path.round" = {{ dictionary = "round", probability = 0.9 }}

[dictionaries.expedition]
values = ["{expedition}"]
[dictionaries.canvas]
values = ["{canvas}"]
[dictionaries.spare_canvas]
values = ["{spare_canvas}"]
[dictionaries.join_code]
values = ["{join_code}"]
[dictionaries.board]
values = ["{BOARD}"]
[dictionaries.card]
values = ["{CARD}"]
[dictionaries.column]
values = ["{column}"]
[dictionaries.round]
values = ["{round}"]

# Links come from the contract only: an expedition created during the run is reachable only
# with the token its creation returns, which links cannot pass on, so links inferred from
# `create_expedition` would find its resources "missing".
[phases.stateful.inference]
algorithms = []

# Signing out ends the session it is sent with: a spare one, so the run keeps its own.
[[operations]]
include-operation-id = "sign_out"
headers = {{ Authorization = "Bearer {spare_participant}" }}

# Deleting takes the spare canvas, so the others keep theirs.
[[operations]]
include-operation-id = "delete_canvas"
parameters = {{ "path.id" = {{ dictionary = "expedition", probability = 0.9 }}, "path.canvas" = {{ dictionary = "spare_canvas", probability = 0.9 }} }}

# A stream never ends by itself: read a few frames (each checked), then go on.
[[operations]]
include-operation-id = "stream_events"
max-stream-events = 5
request-timeout = 2

# A batch valid by its schema may still break rules no JSON Schema can state, each answered
# as the contract documents: ops must name stickies created on this canvas and sections of
# its template (422), and the whole body must fit 64 KiB (413).
[[operations]]
include-operation-id = "apply_ops"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "413", "422", "429", "5xx"]
checks.negative_data_rejection.expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]

# A learning builds on a learning of this expedition only, and never in a loop: state no
# JSON Schema can carry, answered as documented (422 `unknown_learning`, `cycle`).
[[operations]]
include-operation-id = "create_learning"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

[[operations]]
include-operation-id = "update_learning"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

# Cards name a column of their board, and a card made from a learning a visible circle-3
# learning of the expedition: state no JSON Schema can carry, answered as documented (422
# `unknown_column`, `unknown_learning`, `unknown_circle`).
[[operations]]
include-operation-id = "add_card"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

[[operations]]
include-operation-id = "move_card"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

# An import must fit the body limit (413) as any body must, with up to 500 cards of its schema.
[[operations]]
include-operation-id = "import_cards"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "413", "422", "429", "5xx"]

# A board holds at most 12 columns, and a member's votes stay within the board's budget and
# its cap per card: counts the server keeps, answered as documented (422 `too_long`,
# `over_budget`, `over_cap`).
[[operations]]
include-operation-id = "add_column"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

[[operations]]
include-operation-id = "set_votes"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

[[operations]]
include-operation-id = "remove_column"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

# A feed post's date must be a day that exists (2027-02-30 fits the pattern), a time needs a
# date and a zone a time; a page cursor must be one the server made for this expedition:
# rules between values, or state, no JSON Schema can carry (422 `invalid_date`, `required`,
# `invalid_time_zone`; field `cursor`, code `malformed`).
[[operations]]
include-operation-id = "post_feed_item"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

[[operations]]
include-operation-id = "list_feed"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

# A spotlit section must be one of the canvas's template (422 `unknown_section`), which the
# schema's list of every template's keys cannot say.
[[operations]]
include-operation-id = "set_view"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

# A spotlit card or column must be one of this board's (422 `unknown_item`, `unknown_column`).
[[operations]]
include-operation-id = "set_board_focus"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

# `start` needs `seconds` while `add` defaults to a minute: a rule between two fields, which
# the schema does not carry (422 `invalid_body`).
[[operations]]
include-operation-id = "run_timer"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

# A round is opened on a canvas or board of this expedition, one at a time (404, 409), with a
# cap at most its budget (422); dots go on its items, within the cap and the budget, while
# it is open (422 `unknown_item`, `over_cap`, `over_budget`; 409 once revealed or cancelled).
[[operations]]
include-operation-id = "start_round"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

[[operations]]
include-operation-id = "set_round_dots"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]

[[operations]]
include-operation-id = "reveal_round"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]

[[operations]]
include-operation-id = "cancel_round"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
"#
        )
    }
}

/// One HTTP/1.1 request with a JSON body; the answer's JSON, or an error naming its status.
fn request(
    base: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> Result<Value> {
    let addr = socket_addr(base).ok_or_else(|| Error::new(format!("not an address: {base}")))?;
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .context(format!("connecting to {base}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .context("setting a read timeout")?;
    let body = body.to_string();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n{auth}Connection: close\r\n\r\n",
        body.len()
    );
    stream
        .write_all(format!("{head}{body}").as_bytes())
        .context(format!("sending {method} {path}"))?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .context(format!("reading the answer to {method} {path}"))?;
    let (head, body) = answer
        .split_once("\r\n\r\n")
        .ok_or_else(|| Error::new(format!("{method} {path}: no HTTP answer: {answer:?}")))?;
    let status = head.split_whitespace().nth(1).unwrap_or_default();
    if !status.starts_with('2') {
        return Err(Error::new(format!("{method} {path}: {head}\n{body}")));
    }
    serde_json::from_str(body).map_err(|e| Error::new(format!("{method} {path}: {e}: {body}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_names_every_fixture_and_every_dictionary_it_uses() {
        let fixtures = Fixtures {
            facilitator: "F-token".into(),
            spare_participant: "P-token".into(),
            expedition: "e-id".into(),
            join_code: "ABCD-EFGH-JKMN".into(),
            canvas: "c-id".into(),
            spare_canvas: "d-id".into(),
            round: "r-id".into(),
        };
        let config = fixtures.config();
        for value in [
            "Bearer F-token",
            "Bearer P-token",
            "\"e-id\"",
            "\"c-id\"",
            "\"d-id\"",
            "\"r-id\"",
            "\"ABCD-EFGH-JKMN\"",
        ] {
            assert!(config.contains(value), "{value} missing");
        }
        for used in config.split("dictionary = \"").skip(1) {
            let name = used.split('"').next().unwrap();
            assert!(
                config.contains(&format!("[dictionaries.{name}]")),
                "{name} undefined"
            );
        }
    }
}
