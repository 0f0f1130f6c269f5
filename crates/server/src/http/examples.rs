//! The contract's examples: one small expedition told consistently across every response
//! (same ids, one join code, sequence numbers that follow each other), built from the real
//! types so each example is what this server would send. A static mock of the contract
//! (Prism) serves them, and must carry a client from creating an expedition to a canvas.
//!
//! The story: Yael creates the expedition (seq 1), Noa joins (2), Yael starts a canvas (3)
//! and puts one sticky on it (4). Then Noa writes her profile (5) and records a learning
//! from Espoo in circle 3 (6); the answers about that learning are each one next step (7).

use hevruta_model::canvas::{
    AppliedOp, Board, CanvasId, Op, OpId, OpKind, Stamp, Sticky, StickyColor, StickyId, Template,
};
use hevruta_model::event::{SSE_CHANGE, SSE_OPS, SSE_PRESENCE};
use hevruta_model::{
    CanvasListing, CanvasSnapshot, CanvasSummary, Circle, CreateCanvas, CreateExpedition,
    CreateLearning, Editing, Event, EventKind, ExpeditionId, ExpeditionSnapshot, Health, JoinAs,
    JoinCode, JoinCodeResponse, JoinExpedition, JoinPreview, Learning, LearningDraft, LearningId,
    LearningListing, Me, Member, MemberId, OpBatch, OpBatchResult, OpsEvent, PresenceEvent,
    Profile, ProfileListing, Role, SaveProfile, Sector, SessionGrant, SetEditing, SetStage, Stage,
    UpdateExpedition,
};
use uuid::Uuid;

const EXPEDITION: Uuid = Uuid::from_u128(0x0193_8c2e_5a40_7c3e_9d2b_3f6a_1c0e_8b01);
const YAEL: Uuid = Uuid::from_u128(0x0193_8c2e_5a41_7a10_8e4f_2b7d_9c1a_6e02);
const NOA: Uuid = Uuid::from_u128(0x0193_8c2e_6b02_7f21_9a3c_4d8e_2f1b_7c03);
const CANVAS: Uuid = Uuid::from_u128(0x0193_8c2e_7c10_7b32_8d4e_5f9a_3b2c_8d04);
const STICKY: Uuid = Uuid::from_u128(0x0193_8c2e_8d20_7c43_9e5f_6a0b_4c3d_9e05);
const OP: Uuid = Uuid::from_u128(0x0193_8c2e_8d21_7d54_8f60_7b1c_5d4e_0f06);
const LEARNING: Uuid = Uuid::from_u128(0x0193_8c2e_9e30_7e65_8a71_8c2d_6e5f_1a07);
/// When Yael created the expedition; each later step is a minute on.
const CREATED_AT: i64 = 1_764_583_200_000;
const MINUTE: i64 = 60_000;
const JOIN_CODE: &str = "ABCD-EFGH-JKMN";
const NEW_JOIN_CODE: &str = "PQRS-TVWX-YZ23";
/// Tokens are 32 random bytes, base64url without padding.
const YAEL_TOKEN: &str = "q3Vd8mZ0xN5bT2kLr7Yc1Hf9Jw4Ps6Ae0Gu3Xi8Ko2M";
const NOA_TOKEN: &str = "Zr4Tq9Lm2Bv7Xc1Nd8Fh3Jk6Ws0Pe5Gy9Ua2Si7Ho4E";
const TITLE: &str = "Bat Yam learning lab";
const CITY: &str = "Bat Yam";
const CHALLENGE: &str = "How can the whole city become one big school?";
const CANVAS_TITLE: &str = "Our city's education model";
const STICKY_TEXT: &str = "Every child learns to swim at the city's beaches";

pub(super) fn at(step: i64) -> i64 {
    CREATED_AT + step * MINUTE
}

pub fn expedition_id() -> ExpeditionId {
    ExpeditionId(EXPEDITION)
}

pub fn canvas_id() -> CanvasId {
    CanvasId(CANVAS)
}

pub(super) fn yael() -> Member {
    Member {
        id: MemberId(YAEL),
        display_name: "Yael".into(),
        sector: Some(Sector::Public),
        role: Role::Facilitator,
        joined_at: at(0),
    }
}

pub(super) fn noa() -> Member {
    Member {
        id: MemberId(NOA),
        display_name: "Noa (Bialik school)".into(),
        sector: Some(Sector::Public),
        role: Role::Participant,
        joined_at: at(1),
    }
}

fn join_code() -> JoinCode {
    JoinCode::parse(JOIN_CODE).expect("the example join code is valid")
}

pub fn health() -> Health {
    Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }
}

pub fn create_expedition() -> CreateExpedition {
    CreateExpedition {
        title: TITLE.into(),
        city: CITY.into(),
        challenge: CHALLENGE.into(),
        display_name: "Yael".into(),
        sector: Sector::Public,
    }
}

/// The expedition as the facilitator sees it after `last_seq` events, with `members`.
fn snapshot_as_of(last_seq: u64, members: Vec<Member>) -> ExpeditionSnapshot {
    ExpeditionSnapshot {
        id: expedition_id(),
        title: TITLE.into(),
        city: CITY.into(),
        challenge: CHALLENGE.into(),
        stage: Stage::GettingToKnow,
        members,
        last_seq,
        created_at: at(0),
        join_code: Some(join_code()),
        profiled: Vec::new(),
    }
}

/// What creating the expedition answers: Yael's session and the expedition at seq 1.
pub fn created() -> SessionGrant {
    SessionGrant {
        token: YAEL_TOKEN.into(),
        expedition_id: expedition_id(),
        member: yael(),
        expedition: snapshot_as_of(1, vec![yael()]),
    }
}

/// The expedition home after the whole story, as the facilitator sees it.
pub fn snapshot() -> ExpeditionSnapshot {
    snapshot_as_of(4, vec![yael(), noa()])
}

pub fn update_expedition() -> UpdateExpedition {
    UpdateExpedition {
        city: Some("Bat Yam and Holon".into()),
        ..UpdateExpedition::default()
    }
}

pub fn updated() -> ExpeditionSnapshot {
    ExpeditionSnapshot {
        city: "Bat Yam and Holon".into(),
        last_seq: 5,
        ..snapshot()
    }
}

pub fn members() -> Vec<Member> {
    vec![yael(), noa()]
}

pub fn set_stage() -> SetStage {
    SetStage {
        stage: Stage::LearningExpedition,
    }
}

pub fn staged() -> ExpeditionSnapshot {
    ExpeditionSnapshot {
        stage: Stage::LearningExpedition,
        last_seq: 5,
        ..snapshot()
    }
}

pub fn new_join_code() -> JoinCodeResponse {
    JoinCodeResponse {
        join_code: JoinCode::parse(NEW_JOIN_CODE).expect("the example join code is valid"),
    }
}

pub fn join() -> JoinExpedition {
    JoinExpedition {
        code: JOIN_CODE.into(),
        display_name: noa().display_name,
        sector: Some(Sector::Public),
        join_as: JoinAs::Participant,
    }
}

/// What joining answers: Noa's session and the expedition at seq 2 (no join code: she is
/// not the facilitator).
pub fn joined() -> SessionGrant {
    SessionGrant {
        token: NOA_TOKEN.into(),
        expedition_id: expedition_id(),
        member: noa(),
        expedition: ExpeditionSnapshot {
            join_code: None,
            ..snapshot_as_of(2, vec![yael(), noa()])
        },
    }
}

pub fn preview() -> JoinPreview {
    JoinPreview {
        title: TITLE.into(),
        city: CITY.into(),
    }
}

pub fn me() -> Me {
    Me {
        expedition_id: expedition_id(),
        member: yael(),
    }
}

pub fn create_canvas() -> CreateCanvas {
    CreateCanvas {
        title: CANVAS_TITLE.into(),
        template: Template::CityEducationModel,
    }
}

/// The canvas as created (seq 3), before its sticky.
pub fn canvas_created() -> CanvasSummary {
    CanvasSummary {
        id: canvas_id(),
        title: CANVAS_TITLE.into(),
        template: Template::CityEducationModel,
        created_by: MemberId(YAEL),
        created_at: at(2),
        archived_at: None,
        sticky_count: 0,
        changed_at: at(2),
    }
}

/// The canvas after its sticky (seq 4).
fn canvas() -> CanvasSummary {
    CanvasSummary {
        sticky_count: 1,
        changed_at: at(3),
        ..canvas_created()
    }
}

pub fn canvases() -> CanvasListing {
    CanvasListing {
        canvases: vec![canvas()],
        last_seq: 4,
    }
}

pub fn canvas_updated() -> CanvasSummary {
    CanvasSummary {
        title: "Our city model, second round".into(),
        changed_at: at(4),
        ..canvas()
    }
}

fn create_op() -> Op {
    Op {
        id: OpId(OP),
        sticky: StickyId(STICKY),
        kind: OpKind::Create {
            section: Some("dreams".into()),
            text: STICKY_TEXT.into(),
            color: StickyColor::Blue,
            x: 40.0,
            y: 60.0,
        },
    }
}

pub fn op_batch() -> OpBatch {
    OpBatch {
        ops: vec![create_op()],
    }
}

fn applied() -> AppliedOp {
    AppliedOp {
        stamp: Stamp { seq: 4, idx: 0 },
        author: MemberId(YAEL),
        at: at(3),
        op: create_op(),
        private: false,
    }
}

pub fn ops_applied() -> OpBatchResult {
    OpBatchResult {
        applied: vec![applied()],
    }
}

/// The sticky as the shared reducer folds the example batch.
fn sticky() -> Sticky {
    let mut board = Board::default();
    board.apply(&applied());
    board
        .stickies
        .into_values()
        .next()
        .expect("the example batch creates a sticky")
}

pub fn canvas_snapshot() -> CanvasSnapshot {
    CanvasSnapshot {
        canvas: canvas(),
        sections: Template::CityEducationModel.sections(),
        stickies: vec![sticky()],
        private_writing: None,
        last_seq: 4,
    }
}

pub fn set_editing() -> SetEditing {
    SetEditing {
        sticky_id: Some(StickyId(STICKY)),
    }
}

pub(super) fn yael_id() -> MemberId {
    MemberId(YAEL)
}

pub(super) fn noa_id() -> MemberId {
    MemberId(NOA)
}

/// A stream frame as OpenAPI reads one: `event:`, `id:` (when stored) and `data:`.
pub(super) fn frame(
    event: &str,
    id: Option<u64>,
    data: &impl serde::Serialize,
) -> serde_json::Value {
    let mut frame = serde_json::json!({
        "event": event,
        "data": serde_json::to_string(data).expect("an event serialises"),
    });
    if let Some(id) = id {
        frame["id"] = id.to_string().into();
    }
    frame
}

/// A `change` frame: Noa joining (seq 2).
pub fn change_frame() -> serde_json::Value {
    let event = Event {
        seq: 2,
        at: at(1),
        change: EventKind::MemberJoined { member: noa() },
    };
    frame(SSE_CHANGE, Some(event.seq), &event)
}

/// An `ops` frame: the sticky (seq 4).
pub fn ops_frame() -> serde_json::Value {
    let event = OpsEvent {
        seq: 4,
        at: at(3),
        canvas_id: canvas_id(),
        ops: vec![applied()],
    };
    frame(SSE_OPS, Some(event.seq), &event)
}

/// A `presence` frame: both on the canvas, Noa typing in the sticky.
pub fn presence_frame() -> serde_json::Value {
    let presence = PresenceEvent {
        editing: vec![Editing {
            member_id: MemberId(NOA),
            sticky_id: StickyId(STICKY),
        }],
        ..PresenceEvent::new(canvas_id(), [MemberId(YAEL), MemberId(NOA)])
    };
    frame(SSE_PRESENCE, None, &presence)
}

pub fn reset_frame() -> serde_json::Value {
    let reset = hevruta_model::event::StreamReset {
        after: 12,
        last_seq: 10_412,
        max_catch_up: 10_000,
    };
    frame(hevruta_model::event::SSE_RESET, None, &reset)
}

pub fn save_profile() -> SaveProfile {
    SaveProfile {
        dream: "Every child in Bat Yam finds what they are good at, and the city sees it".into(),
        passions: vec!["outdoor learning".into(), "makerspaces".into()],
        ambitions: "A network of schools that teach each other".into(),
        strengths: "Twenty years of teaching maths; I run the school's robotics club".into(),
        offers: vec!["robotics club".into()],
        looking_for: vec!["workshop space".into(), "mentors from business".into()],
        organisation: Some("Bialik school".into()),
    }
}

/// Noa's profile as stored (seq 5).
pub fn profile() -> Profile {
    hevruta_model::ValidProfile::into_profile(
        save_profile()
            .validate()
            .expect("the example profile is valid"),
        MemberId(NOA),
        at(4),
    )
}

pub fn profiles() -> ProfileListing {
    ProfileListing {
        profiles: vec![profile()],
        last_seq: 6,
    }
}

fn learning_draft() -> LearningDraft {
    LearningDraft {
        circle: 3,
        title: "Makerspaces in Espoo's city libraries".into(),
        text: "People of different ages share the tools, and what they know, in the libraries \
               of Espoo. See https://www.edcities.org for the IAEC's Focus Experience."
            .into(),
        source_url: Some("https://www.edcities.org/en/".into()),
        origin: Some("Espoo, Finland".into()),
        themes: vec!["makerspaces".into(), "libraries".into()],
        builds_on: None,
    }
}

pub fn create_learning() -> CreateLearning {
    CreateLearning {
        id: LearningId(LEARNING),
        draft: learning_draft(),
    }
}

/// Noa's learning as stored (seq 6).
pub fn learning() -> Learning {
    let mut learning = Learning {
        id: LearningId(LEARNING),
        author: MemberId(NOA),
        circle: Circle::Global,
        title: String::new(),
        text: String::new(),
        source_url: None,
        origin: None,
        themes: Vec::new(),
        builds_on: None,
        hidden: false,
        learned_by: Vec::new(),
        created_at: at(5),
        updated_at: at(5),
    };
    learning_draft()
        .validate()
        .expect("the example learning is valid")
        .write_to(&mut learning);
    learning
}

pub fn learnings() -> LearningListing {
    LearningListing {
        learnings: vec![learning()],
        // The example canvas's sticky cites nothing, so no learning is cited yet.
        citations: vec![],
        last_seq: 6,
    }
}

/// Noa moves it to circle 2: she learned it from a colleague after all (seq 7).
pub fn learning_moved() -> Learning {
    Learning {
        circle: Circle::Colleagues,
        updated_at: at(6),
        ..learning()
    }
}

/// Yael hides it (seq 7).
pub fn learning_hidden() -> Learning {
    Learning {
        hidden: true,
        ..learning()
    }
}

/// Yael learned from it (seq 7).
pub fn learning_learned() -> Learning {
    Learning {
        learned_by: vec![MemberId(YAEL)],
        ..learning()
    }
}

/// A `change` frame: Noa's learning (seq 6).
pub fn learning_frame() -> serde_json::Value {
    let event = Event {
        seq: 6,
        at: at(5),
        change: EventKind::LearningSaved {
            learning: hevruta_model::Deferred::new(&learning()),
            by: MemberId(NOA),
        },
    };
    frame(SSE_CHANGE, Some(event.seq), &event)
}
