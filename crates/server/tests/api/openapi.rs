//! The committed `openapi.json` must be what the code generates. Regenerate with
//! `UPDATE_OPENAPI=1 cargo test -p hevruta-server --test api openapi`.

use crate::helpers::*;

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "reference server only: the committed file against its code"
)]
async fn committed_openapi_matches_the_code() {
    let generated = hevruta_server::openapi().to_pretty_json().unwrap() + "\n";
    let path = workspace_root().join("openapi.json");
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi.json is out of date: run UPDATE_OPENAPI=1 cargo test -p hevruta-server --test api openapi"
    );
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "reference server only: serves the document its code generates"
)]
async fn the_server_serves_the_same_document() {
    let app = spawn_app().await;
    let served: serde_json::Value = app
        .req(reqwest::Method::GET, "/openapi.json", None)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(served["openapi"].as_str().unwrap().get(..3), Some("3.1"));
    assert!(served["paths"]["/api/v1/expeditions/{id}/events"].is_object());
    assert_eq!(
        served,
        serde_json::to_value(hevruta_server::openapi()).unwrap()
    );
}

/// The committed document, parsed.
fn document() -> serde_json::Value {
    let text = std::fs::read_to_string(workspace_root().join("openapi.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A validator for `schema`, whose `#/components/...` refs resolve in `doc`.
fn validator(doc: &serde_json::Value, schema: &serde_json::Value) -> jsonschema::Validator {
    let root = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"],
        "allOf": [schema],
    });
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("schema {schema} does not compile: {e}"))
}

/// A `$ref`'d response, parameter or body, looked up in `doc`.
fn resolved<'a>(doc: &'a serde_json::Value, item: &'a serde_json::Value) -> &'a serde_json::Value {
    match item["$ref"].as_str() {
        Some(pointer) => doc.pointer(pointer.trim_start_matches('#')).unwrap(),
        None => item,
    }
}

/// Every media type object (`content/<type>`) of the document's responses and request
/// bodies, named by where it is.
fn media_types(doc: &serde_json::Value) -> Vec<(String, &serde_json::Value)> {
    fn push<'a>(
        found: &mut Vec<(String, &'a serde_json::Value)>,
        place: &str,
        item: &'a serde_json::Value,
    ) {
        for (media, content) in item["content"].as_object().into_iter().flatten() {
            found.push((format!("{place} {media}"), content));
        }
    }
    let mut found = Vec::new();
    for (name, response) in doc["components"]["responses"].as_object().unwrap() {
        push(
            &mut found,
            &format!("components/responses/{name}"),
            response,
        );
    }
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if let Some(body) = op.get("requestBody") {
                push(&mut found, &format!("{method} {path} request"), body);
            }
            for (status, response) in op["responses"].as_object().unwrap() {
                push(&mut found, &format!("{method} {path} {status}"), response);
            }
        }
    }
    found
}

/// The examples of a media type object: `example` and every `examples/*/value`.
fn examples_of(content: &serde_json::Value) -> Vec<&serde_json::Value> {
    let mut all: Vec<&serde_json::Value> = content.get("example").into_iter().collect();
    for example in content["examples"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, e)| e)
    {
        all.push(&example["value"]);
    }
    all
}

#[test]
#[cfg_attr(feature = "conformance", ignore = "about the reference's document")]
fn every_response_has_an_example_and_every_example_fits_its_schema() {
    let doc = document();
    let mut checked = 0;
    for (place, content) in media_types(&doc) {
        let examples = examples_of(content);
        assert!(!examples.is_empty(), "{place} has no example");
        let validator = validator(&doc, &content["schema"]);
        for example in examples {
            let errors: Vec<String> = validator
                .iter_errors(example)
                .map(|e| e.to_string())
                .collect();
            assert!(
                errors.is_empty(),
                "{place}: example {example} breaks its schema: {errors:?}"
            );
            checked += 1;
        }
    }
    // A stream frame's `data:` against its kind's `contentSchema` (an annotation to JSON
    // Schema validators, so checked here).
    let stream = &doc["paths"]["/api/v1/expeditions/{id}/events"]["get"]["responses"]["200"]["content"]
        ["text/event-stream"];
    let frames = resolved(&doc, &stream["schema"]);
    for example in examples_of(stream) {
        let kind = frames["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["properties"]["event"]["enum"][0] == example["event"])
            .unwrap_or_else(|| panic!("no frame kind for {example}"));
        let data: serde_json::Value =
            serde_json::from_str(example["data"].as_str().unwrap()).unwrap();
        let content_schema = &kind["properties"]["data"]["contentSchema"];
        let errors: Vec<String> = validator(&doc, content_schema)
            .iter_errors(&data)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "frame {example}: {errors:?}");
        checked += 1;
    }
    // Schema-level examples (e.g. a join code) and parameter examples too.
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        let validator = validator(&doc, schema);
        for example in schema["examples"].as_array().into_iter().flatten() {
            assert!(
                validator.is_valid(example),
                "schema {name}: example {example} breaks it"
            );
            checked += 1;
        }
    }
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            for param in op["parameters"].as_array().into_iter().flatten() {
                let param = resolved(&doc, param);
                if let Some(example) = param.get("example") {
                    assert!(
                        validator(&doc, &param["schema"]).is_valid(example),
                        "{param}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 40, "only {checked} examples were checked");
}

#[test]
#[cfg_attr(feature = "conformance", ignore = "about the reference's document")]
fn every_success_response_with_a_body_shows_an_example() {
    let doc = document();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, response) in op["responses"].as_object().unwrap() {
                let response = resolved(&doc, response);
                for (media, content) in response["content"].as_object().into_iter().flatten() {
                    assert!(
                        !examples_of(content).is_empty(),
                        "{method} {path} {status} {media} has no example"
                    );
                }
            }
        }
    }
}

#[test]
#[cfg_attr(feature = "conformance", ignore = "about the reference's document")]
fn no_schema_is_a_bare_object() {
    fn walk(value: &serde_json::Value, at: &str, bare: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                let shaped = [
                    "properties",
                    "additionalProperties",
                    "allOf",
                    "oneOf",
                    "anyOf",
                    "$ref",
                ]
                .iter()
                .any(|k| map.contains_key(*k));
                if map.get("type").and_then(|t| t.as_str()) == Some("object") && !shaped {
                    bare.push(at.to_owned());
                }
                for (k, v) in map {
                    walk(v, &format!("{at}/{k}"), bare);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{at}/{i}"), bare);
                }
            }
            _ => {}
        }
    }
    let mut bare = Vec::new();
    walk(&document(), "#", &mut bare);
    assert!(bare.is_empty(), "placeholder object schemas: {bare:?}");
}

#[test]
#[cfg_attr(feature = "conformance", ignore = "about the reference's document")]
fn operation_ids_are_unique_and_every_operation_answers_its_errors() {
    let doc = document();
    let mut ids = std::collections::BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap();
            assert!(ids.insert(id.to_owned()), "operationId {id} twice");
            let responses = op["responses"].as_object().unwrap();
            let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
            let mut want = vec!["500"];
            if secured {
                want.push("401");
            }
            if op.get("requestBody").is_some() {
                want.extend(["400", "413", "415", "422"]);
            }
            for status in want {
                assert!(
                    responses.contains_key(status),
                    "{method} {path} lacks {status}"
                );
            }
            assert!(
                op.get("security").is_some(),
                "{method} {path} says nothing of security"
            );
        }
    }
}

/// The text schemas accept what the model's validation accepts, and nothing else.
#[test]
#[cfg_attr(feature = "conformance", ignore = "about the reference's document")]
fn text_and_join_code_schemas_agree_with_the_validation() {
    use hevruta_model::{DisplayName, JoinCode};
    let doc = document();
    let schema = |name: &str| validator(&doc, &doc["components"]["schemas"][name]);
    let name = schema("DisplayName");
    let samples = [
        "Noa".to_owned(),
        " Noa (Bialik school) ".to_owned(),
        String::new(),
        "   ".to_owned(),
        "a\nb".to_owned(),
        "\u{85}x\u{85}".to_owned(),
        "\u{3000}".to_owned(),
        "x\u{7f}y".to_owned(),
        "ש".repeat(60),
        "ש".repeat(61),
        format!(" {} ", "a".repeat(59)),
        "\ttab".to_owned(),
    ];
    for s in &samples {
        let json = serde_json::json!(s);
        assert_eq!(name.is_valid(&json), DisplayName::parse(s).is_ok(), "{s:?}");
    }
    let question = schema("ChallengeQuestion");
    for s in ["How can\nthe city teach?", "bell\u{7}", "\n\nWhy?\t"] {
        let ok = hevruta_model::ChallengeQuestion::parse(s).is_ok();
        assert_eq!(question.is_valid(&serde_json::json!(s)), ok, "{s:?}");
    }
    let typed = schema("TypedJoinCode");
    let canonical = schema("JoinCode");
    for s in [
        "ABCD-EFGH-JKMN",
        "abcd efgh jkmn",
        "OIL0-0000-0000",
        "ABCD",
        "ABCD-EFGH-JKMU",
        "ABCD-EFGH-JKMN-P",
        "\tABCDEFGHJKMN-",
    ] {
        let parsed = JoinCode::parse(s);
        assert_eq!(
            typed.is_valid(&serde_json::json!(s)),
            parsed.is_ok(),
            "{s:?}"
        );
        if let Ok(code) = parsed {
            assert!(
                canonical.is_valid(&serde_json::json!(code.display())),
                "{s:?}"
            );
        }
    }
}
