//! The facilitation strip of a board: for everyone the timer and whether the board is
//! locked; for the facilitator the lock and "Open the projector" (the board on the wall).

use hevruta_model::board::BoardId;
use hevruta_model::{ExpeditionId, Member, Role, Route};
use leptos::prelude::*;

use super::projector_link::ProjectorLink;
use super::session::Session;
use super::texts::{ft, texts};
use super::timer::TimerBadge;
use crate::client::ApiClient;
use crate::i18n::use_i18n;

#[component]
pub fn BoardFacilitation(
    client: ApiClient,
    me: Member,
    expedition: ExpeditionId,
    board: BoardId,
) -> impl IntoView {
    let i18n = use_i18n();
    let facilitator = me.role == Role::Facilitator;
    let session = Session::provide(&client, expedition, &me);
    let id = session.expedition;
    let locked = move || {
        session
            .state
            .with(|s| s.as_ref().is_some_and(|s| s.locked_boards.contains(&board)))
    };
    let controls = move || {
        view! {
            <button
                type="button"
                class="button"
                aria-pressed=move || if locked() { "true" } else { "false" }
                on:click=move |_| {
                    let lock = !locked();
                    session.run(move |c| async move { c.lock_board(id, board, lock).await });
                }
            >
                {move || {
                    let t = texts(i18n.lang());
                    if locked() { t.unlock_board } else { t.lock_board }
                }}
            </button>
            <ProjectorLink
                client=session.client
                route=Route::ProjectBoard(id, board)
                error=session.error
            />
            {move || {
                session
                    .error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="facil-error" role="alert">
                                {crate::components::error_text(i18n.t(), &e)}
                            </p>
                        }
                    })
            }}
        }
    };
    view! {
        <div class="facil-strip board-facil">
            <TimerBadge session=session />
            <Show when=move || locked() && !facilitator>
                <p class="facil-locked" role="status">
                    {ft(i18n, |t| t.locked_notice)}
                </p>
            </Show>
            {facilitator.then(controls)}
        </div>
    }
}
