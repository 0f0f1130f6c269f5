//! Status messages ("Noa joined", "Changes saved") shown briefly and read out by screen
//! readers through one polite live region.

use leptos::prelude::*;

/// Says something to everyone: visible as a toast, announced politely.
#[derive(Clone, Copy)]
pub struct Announcer {
    message: RwSignal<String>,
    serial: RwSignal<u32>,
}

impl Announcer {
    pub fn provide() -> Self {
        let a = Self {
            message: RwSignal::new(String::new()),
            serial: RwSignal::new(0),
        };
        provide_context(a);
        a
    }

    pub fn say(&self, text: impl Into<String>) {
        self.message.set(text.into());
        self.serial.update(|n| *n += 1);
        let (serial, message) = (self.serial, self.message);
        let mine = serial.get_untracked();
        set_timeout(
            move || {
                if serial.try_get_untracked() == Some(mine) {
                    message.set(String::new());
                }
            },
            std::time::Duration::from_secs(6),
        );
    }

    pub fn current(&self) -> String {
        self.message.get()
    }
}

pub fn use_announcer() -> Announcer {
    expect_context::<Announcer>()
}

/// The region itself; rendered once, in the app shell.
#[component]
pub fn LiveRegion() -> impl IntoView {
    let a = use_announcer();
    view! {
        <div class="toast-area" role="status" aria-live="polite" aria-atomic="true">
            <Show when=move || !a.current().is_empty()>
                <p class="toast" dir="auto">
                    {move || a.current()}
                </p>
            </Show>
        </div>
    }
}
