//! The facilitation strip of a board: for everyone the timer, whether the board is locked
//! and whom they follow (or may follow) while a card is spotlit; for the facilitator the
//! lock, the end of the spotlight and "Open the projector" (the board on the wall).

use hevruta_model::Route;
use leptos::prelude::*;

use super::board_spot::{BoardSpot, SpotLine};
use super::lock_button::LockButton;
use super::projector_link::ProjectorLink;
use super::session::Session;
use super::texts::ft;
use super::timer::TimerBadge;
use crate::components::ErrorNotice;
use crate::i18n::use_i18n;

#[component]
pub fn BoardFacilitation(session: Session, spot: BoardSpot) -> impl IntoView {
    let i18n = use_i18n();
    let facilitator = session.is_facilitator();
    let id = session.expedition;
    let board = spot.board;
    let locked = move || {
        session
            .state
            .with(|s| s.as_ref().is_some_and(|s| s.locked_boards.contains(&board)))
    };
    let controls = move || {
        view! {
            <LockButton
                locked=Signal::derive(locked)
                lock=|t| t.lock_board
                unlock=|t| t.unlock_board
                on_toggle=Callback::new(move |lock: bool| {
                    session.run(move |c| async move { c.lock_board(id, board, lock).await });
                })
            />
            <ProjectorLink
                client=session.client
                route=Route::ProjectBoard(id, board)
                error=session.error
            />
            <ErrorNotice error=session.error />
        }
    };
    view! {
        <div class="facil-strip board-facil">
            <TimerBadge session=session />
            <SpotLine spot=spot />
            <Show when=move || locked() && !facilitator>
                <p class="facil-locked" role="status">
                    {ft(i18n, |t| t.locked_notice)}
                </p>
            </Show>
            {facilitator.then(controls)}
        </div>
    }
}
