//! The event stream's frame as OpenAPI reads a `text/event-stream`: one schema per frame
//! kind (its `event:` name, whether it has an `id:`, its data's schema), so the contract
//! names every frame a stream sends.

use utoipa::openapi::schema::{Schema, Type};
use utoipa::openapi::{ObjectBuilder, RefOr};
use utoipa::{PartialSchema, ToSchema};

use super::reference;
use crate::event::{SSE_CHANGE, SSE_OPS, SSE_PRESENCE};
use crate::{Event, OpsEvent, PresenceEvent};

/// One frame of the event stream as OpenAPI reads a `text/event-stream` (3.2's item schema,
/// and what tools read `schema` as before 3.2): its `event:` name, `id:` and `data:`, whose
/// JSON is the frame kind's schema (`contentSchema`).
pub struct StreamFrame;

/// A frame kind: its `event:` name, whether it has an `id:`, and its data's schema.
fn frame(name: &str, stored: bool, data: RefOr<Schema>, what: &str) -> ObjectBuilder {
    let content_schema = serde_json::to_value(&data).expect("a schema serialises");
    let data = ObjectBuilder::new()
        .schema_type(Type::String)
        .content_media_type("application/json")
        .extensions(Some(utoipa::openapi::extensions::Extensions::from_iter([
            ("contentSchema", content_schema),
        ])))
        .description(Some(format!("One JSON document: {what}.")));
    let mut frame = ObjectBuilder::new()
        .title(Some(format!("`event: {name}`")))
        .property(
            "event",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some([name])),
        )
        .property("data", data)
        .required("event")
        .required("data");
    if stored {
        frame = frame
            .property(
                "id",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some("^[1-9][0-9]*$"))
                    .description(Some("The event's sequence number: the resume point.")),
            )
            .required("id");
    }
    frame
}

impl PartialSchema for StreamFrame {
    fn schema() -> RefOr<Schema> {
        utoipa::openapi::schema::OneOfBuilder::new()
            .item(frame(SSE_CHANGE, true, reference::<Event>(), "an `Event`"))
            .item(frame(
                SSE_OPS,
                true,
                reference::<OpsEvent>(),
                "an `OpsEvent`",
            ))
            .item(frame(
                crate::board::SSE_BOARD,
                true,
                reference::<crate::board::BoardEvent>(),
                "a `BoardEvent`",
            ))
            .item(frame(
                crate::feed::SSE_FEED,
                true,
                reference::<crate::feed::FeedEvent>(),
                "a `FeedEvent`: a feed item as it is now (posted, reacted to, replied to)",
            ))
            .item(frame(
                crate::vote::SSE_ROUND,
                true,
                reference::<crate::vote::RoundEvent>(),
                "a `RoundEvent`: a voting round's public facts",
            ))
            .item(frame(
                SSE_PRESENCE,
                false,
                reference::<PresenceEvent>(),
                "a `PresenceEvent` (not stored: no `id:`)",
            ))
            .item(frame(
                crate::facilitation::SSE_FACILITATION,
                false,
                reference::<crate::facilitation::Facilitation>(),
                "a `Facilitation`, written for the stream's member (not stored: no `id:`)",
            ))
            .item(frame(
                crate::facilitation::SSE_VIEW,
                false,
                reference::<crate::facilitation::ViewEvent>(),
                "a `ViewEvent` (not stored: no `id:`)",
            ))
            .item(frame(
                crate::focus::SSE_FOCUS,
                false,
                reference::<crate::focus::FocusEvent>(),
                "a `FocusEvent` (not stored: no `id:`)",
            ))
            .item(frame(
                crate::event::SSE_RESET,
                false,
                reference::<crate::event::StreamReset>(),
                "a `StreamReset`: the catch-up was too long to send; reload the snapshots and open the stream again from their `last_seq` (not stored: no `id:`; the stream ends after it)",
            ))
            .item(frame(
                crate::pointer::SSE_POINTER,
                false,
                reference::<crate::pointer::PointerEvent>(),
                "a `PointerEvent`, only on streams opened on its canvas (not stored: no `id:`)",
            ))
            .description(Some(format!(
                "One frame: `{SSE_CHANGE}` carries an `Event`, `{SSE_OPS}` an `OpsEvent`, `board` \
                 a `BoardEvent`, `feed` a `FeedEvent`, `round` a `RoundEvent` (all five with `id:`, the sequence number), `{SSE_PRESENCE}` a `PresenceEvent`, `facilitation` a `Facilitation`, `view` a `ViewEvent`, `focus` a `FocusEvent`, `pointer` a `PointerEvent`, `reset` a `StreamReset` (these six without `id:`)."
            )))
            .into()
    }
}

impl ToSchema for StreamFrame {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((Event::name().into_owned(), Event::schema()));
        Event::schemas(schemas);
        schemas.push((OpsEvent::name().into_owned(), OpsEvent::schema()));
        OpsEvent::schemas(schemas);
        schemas.push((
            crate::board::BoardEvent::name().into_owned(),
            crate::board::BoardEvent::schema(),
        ));
        crate::board::BoardEvent::schemas(schemas);
        schemas.push((
            crate::vote::RoundEvent::name().into_owned(),
            crate::vote::RoundEvent::schema(),
        ));
        crate::vote::RoundEvent::schemas(schemas);
        schemas.push((PresenceEvent::name().into_owned(), PresenceEvent::schema()));
        PresenceEvent::schemas(schemas);
        use crate::event::StreamReset;
        schemas.push((StreamReset::name().into_owned(), StreamReset::schema()));
        use crate::facilitation::{Facilitation, ViewEvent};
        schemas.push((Facilitation::name().into_owned(), Facilitation::schema()));
        Facilitation::schemas(schemas);
        schemas.push((ViewEvent::name().into_owned(), ViewEvent::schema()));
        ViewEvent::schemas(schemas);
        use crate::focus::FocusEvent;
        schemas.push((FocusEvent::name().into_owned(), FocusEvent::schema()));
        FocusEvent::schemas(schemas);
        use crate::pointer::PointerEvent;
        schemas.push((PointerEvent::name().into_owned(), PointerEvent::schema()));
        PointerEvent::schemas(schemas);
    }
}
