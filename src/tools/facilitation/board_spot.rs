//! The facilitator's spotlight on a board, both ways: the facilitator spotlights a card
//! (or a column) and ends it; every screen of the board marks what is spotlit; a member
//! who follows (and the projector, always) is scrolled to it. Scrolling by hand does not
//! stop following here: a board has no view to lose, only a place to be brought to.

use hevruta_model::board::{BoardId, CardId, ColumnId};
use hevruta_model::focus::{BoardFocus, FocusEvent};
use hevruta_model::{MemberId, Role};
use leptos::prelude::*;

use super::follow_line::FollowLine;
use super::session::Session;
use super::texts::ft;
use crate::i18n::use_i18n;

/// The spotlight of one board as this page knows it.
#[derive(Clone, Copy)]
pub struct BoardSpot {
    pub board: BoardId,
    pub session: Session,
    /// The board's spotlight now, if any.
    pub spot: Memo<Option<FocusEvent>>,
    /// Whether this page is brought to each new spotlight.
    pub following: RwSignal<bool>,
    pub me: MemberId,
}

impl BoardSpot {
    /// Hears `board`'s spotlight through `session`; `always` (the projector) follows it
    /// whatever happens. Provided as context for the cards and columns.
    pub fn provide(session: Session, board: BoardId, always: bool) -> BoardSpot {
        let spot = Memo::new(move |_| {
            session
                .focuses
                .with(|all| all.iter().find(|f| f.board_id == board).copied())
        });
        let me = session.me.with_value(|m| m.id);
        let spot = BoardSpot {
            board,
            session,
            spot,
            following: RwSignal::new(always),
            me,
        };
        provide_context(spot);
        spot
    }

    /// What is spotlit now.
    pub fn focus(&self) -> Option<BoardFocus> {
        self.spot.get().and_then(|s| s.focus)
    }

    pub fn is_card(&self, card: CardId) -> bool {
        self.focus().is_some_and(|f| f.card == Some(card))
    }

    pub fn is_column(&self, column: ColumnId) -> bool {
        self.focus()
            .is_some_and(|f| f.card.is_none() && f.column == Some(column))
    }

    /// Spotlights `focus` for everyone (the facilitator).
    pub fn set(&self, focus: BoardFocus) {
        let (id, board, session) = (self.session.expedition, self.board, self.session);
        let client = session.client.get_value();
        leptos::task::spawn_local(async move {
            let done = client.set_board_focus(id, board, &focus).await;
            let _ = session.error.try_set(done.err());
        });
    }

    /// Ends the spotlight (the facilitator).
    pub fn end(&self) {
        let (id, board, session) = (self.session.expedition, self.board, self.session);
        let client = session.client.get_value();
        leptos::task::spawn_local(async move {
            let done = client.end_board_focus(id, board).await;
            let _ = session.error.try_set(done.err());
        });
    }

    /// Brings this page to each new spotlight while it follows (or when the facilitator
    /// brings everyone): `reveal` makes sure the card is rendered, then the card (or the
    /// column) is scrolled to the middle of the screen.
    pub fn bring_here(self, reveal: impl Fn(CardId) + 'static) {
        Effect::new(move |_| {
            let Some(FocusEvent {
                by,
                focus: Some(focus),
                ..
            }) = self.spot.get()
            else {
                return;
            };
            if by == self.me || !(focus.bring || self.following.get_untracked()) {
                return;
            }
            if let Some(card) = focus.card {
                reveal(card);
            }
            let target = focus
                .card
                .map(|c| format!("card-{c}"))
                .or(focus.column.map(|c| format!("column-{c}")));
            request_animation_frame(move || {
                if let Some(el) = target.and_then(|t| document().get_element_by_id(&t)) {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Center);
                    options.set_inline(web_sys::ScrollLogicalPosition::Center);
                    el.scroll_into_view_with_scroll_into_view_options(&options);
                }
            });
        });
    }
}

pub fn use_board_spot() -> Option<BoardSpot> {
    use_context::<BoardSpot>()
}

/// Who spotlights, and whether this page follows: "Following Yael · Stop following" or
/// "Follow Yael"; for the facilitator who spotlit, "End the spotlight".
#[component]
pub fn SpotLine(spot: BoardSpot) -> impl IntoView {
    let i18n = use_i18n();
    let presenter = Signal::derive(move || spot.spot.get().map(|s| s.by));
    let facilitator = spot.session.me.with_value(|m| m.role == Role::Facilitator);
    view! {
        <FollowLine presenter=presenter me=spot.me following=spot.following />
        {facilitator
            .then(|| {
                view! {
                    <Show when=move || spot.spot.with(Option::is_some)>
                        <button type="button" class="button" on:click=move |_| spot.end()>
                            {ft(i18n, |t| t.clear_spotlight)}
                        </button>
                    </Show>
                }
            })}
    }
}

/// The facilitator's switch on a card (`card`) or on a whole column (`card: None`):
/// spotlight it for everyone, or end the spotlight. `about` names what it spotlights for
/// screen readers (the DOM id of the card's or the column's title).
#[component]
pub fn SpotlightButton(
    spot: BoardSpot,
    card: Option<CardId>,
    column: ColumnId,
    about: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let on = Memo::new(move |_| match card {
        Some(card) => spot.is_card(card),
        None => spot.is_column(column),
    });
    view! {
        <button
            type="button"
            class="button button-quiet spotlight-switch"
            aria-pressed=move || on.get().to_string()
            aria-describedby=about
            on:click=move |_| {
                if on.get_untracked() {
                    spot.end();
                } else {
                    spot.set(BoardFocus {
                        card,
                        column: Some(column),
                        bring: false,
                    });
                }
            }
        >
            {ft(i18n, |t| t.spotlight_card)}
        </button>
    }
}
