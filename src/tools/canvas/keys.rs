//! The canvas's keyboard shortcuts as a pure function from a key press to a command, so
//! every binding is unit-tested without a browser.

use hevruta_model::canvas::StickyId;

/// Canvas units an arrow key moves a sticky (five times that with Shift).
pub const KEY_STEP: f64 = 10.0;
/// Screen pixels an arrow key pans the view.
pub const PAN_STEP: f64 = 60.0;

/// A key press, as the browser reports it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Press<'a> {
    /// `KeyboardEvent.key`: the character or key name.
    pub key: &'a str,
    /// `KeyboardEvent.code`: the key's place on the keyboard.
    pub code: &'a str,
    /// Ctrl, or Cmd on a Mac.
    pub command: bool,
    pub shift: bool,
}

/// Where the key was pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A field, button or menu: its own keys win.
    Control,
    /// A focused sticky.
    Sticky(StickyId),
    /// The canvas itself.
    Canvas,
}

/// What a shortcut does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Command {
    Undo,
    Redo,
    SelectAll,
    ClearSelection,
    NewSticky,
    Edit(StickyId),
    DeleteSelected,
    /// Move the selection by this much, in canvas units (screen directions, also in RTL).
    Nudge(f64, f64),
    /// Pan the view by this much, in screen pixels.
    Pan(f64, f64),
    ZoomIn,
    ZoomOut,
    Fit,
}

/// The command for a key press, if it is a shortcut. A view-only member (`can_edit`
/// false) gets only the commands that change nothing.
pub fn shortcut(press: Press, target: Target, can_edit: bool) -> Option<Command> {
    if target == Target::Control {
        return None;
    }
    // Letters by their place on the keyboard too: on a Hebrew or Arabic layout Ctrl+Z
    // reports "ז" or "ئ" as its key.
    let key = match press.code {
        "KeyZ" => "z",
        "KeyY" => "y",
        "KeyA" => "a",
        "KeyN" => "n",
        _ => press.key,
    };
    let sticky = match target {
        Target::Sticky(id) => Some(id),
        _ => None,
    };
    if press.command {
        return match key {
            "z" | "Z" if press.shift => Some(Command::Redo),
            "z" | "Z" => Some(Command::Undo),
            "y" | "Y" => Some(Command::Redo),
            "a" | "A" => Some(Command::SelectAll),
            _ => None,
        };
    }
    let arrow = match key {
        "ArrowLeft" => Some((-1.0, 0.0)),
        "ArrowRight" => Some((1.0, 0.0)),
        "ArrowUp" => Some((0.0, -1.0)),
        "ArrowDown" => Some((0.0, 1.0)),
        _ => None,
    };
    if let Some((dx, dy)) = arrow {
        let step = if press.shift {
            KEY_STEP * 5.0
        } else {
            KEY_STEP
        };
        return match sticky {
            Some(_) if can_edit => Some(Command::Nudge(dx * step, dy * step)),
            Some(_) => None,
            None => Some(Command::Pan(-dx * PAN_STEP, -dy * PAN_STEP)),
        };
    }
    match (key, sticky) {
        ("n" | "N", _) if can_edit => Some(Command::NewSticky),
        ("+" | "=", _) => Some(Command::ZoomIn),
        ("-" | "_", _) => Some(Command::ZoomOut),
        ("0", _) => Some(Command::Fit),
        ("Escape", _) => Some(Command::ClearSelection),
        ("Enter" | "F2", Some(id)) if can_edit => Some(Command::Edit(id)),
        // On the canvas too: Ctrl+A then Delete removes the selection.
        ("Delete" | "Backspace", _) if can_edit => Some(Command::DeleteSelected),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: &str) -> Press<'_> {
        Press {
            key,
            ..Press::default()
        }
    }

    fn id() -> StickyId {
        "0190c7d2-9b1a-7e4e-8a8a-0123456789ab".parse().unwrap()
    }

    #[test]
    fn undo_and_redo_with_ctrl_also_on_hebrew_and_arabic_layouts() {
        let ctrl = |key, code| Press {
            key,
            code,
            command: true,
            shift: false,
        };
        assert_eq!(
            shortcut(ctrl("z", "KeyZ"), Target::Canvas, true),
            Some(Command::Undo)
        );
        assert_eq!(
            shortcut(ctrl("ז", "KeyZ"), Target::Canvas, true),
            Some(Command::Undo)
        );
        assert_eq!(
            shortcut(ctrl("غ", "KeyY"), Target::Canvas, true),
            Some(Command::Redo)
        );
        let redo = Press {
            shift: true,
            ..ctrl("Z", "KeyZ")
        };
        assert_eq!(
            shortcut(redo, Target::Sticky(id()), true),
            Some(Command::Redo)
        );
        assert_eq!(
            shortcut(ctrl("ש", "KeyA"), Target::Canvas, false),
            Some(Command::SelectAll)
        );
    }

    #[test]
    fn ctrl_with_other_keys_is_left_to_the_browser() {
        let ctrl_n = Press {
            key: "n",
            code: "KeyN",
            command: true,
            shift: false,
        };
        assert_eq!(shortcut(ctrl_n, Target::Canvas, true), None);
        let ctrl_plus = Press {
            command: true,
            ..key("+")
        };
        assert_eq!(shortcut(ctrl_plus, Target::Canvas, true), None);
    }

    #[test]
    fn keys_typed_into_a_field_are_never_shortcuts() {
        for k in ["n", "Delete", "ArrowLeft", "0", "Escape"] {
            assert_eq!(shortcut(key(k), Target::Control, true), None, "{k}");
        }
    }

    #[test]
    fn arrows_move_a_focused_sticky_and_otherwise_pan() {
        assert_eq!(
            shortcut(key("ArrowLeft"), Target::Sticky(id()), true),
            Some(Command::Nudge(-KEY_STEP, 0.0))
        );
        let far = Press {
            shift: true,
            ..key("ArrowDown")
        };
        assert_eq!(
            shortcut(far, Target::Sticky(id()), true),
            Some(Command::Nudge(0.0, 5.0 * KEY_STEP))
        );
        assert_eq!(
            shortcut(key("ArrowRight"), Target::Canvas, true),
            Some(Command::Pan(-PAN_STEP, 0.0))
        );
    }

    #[test]
    fn editing_a_sticky_needs_it_focused_deleting_needs_a_selection() {
        assert_eq!(
            shortcut(key("Enter"), Target::Sticky(id()), true),
            Some(Command::Edit(id()))
        );
        assert_eq!(
            shortcut(key("F2"), Target::Sticky(id()), true),
            Some(Command::Edit(id()))
        );
        assert_eq!(
            shortcut(key("Backspace"), Target::Sticky(id()), true),
            Some(Command::DeleteSelected)
        );
        assert_eq!(shortcut(key("Enter"), Target::Canvas, true), None);
        // Delete works on the selection wherever focus is on the canvas.
        assert_eq!(
            shortcut(key("Delete"), Target::Canvas, true),
            Some(Command::DeleteSelected)
        );
    }

    #[test]
    fn view_keys_work_for_everyone() {
        for (k, c) in [
            ("+", Command::ZoomIn),
            ("=", Command::ZoomIn),
            ("-", Command::ZoomOut),
            ("0", Command::Fit),
            ("Escape", Command::ClearSelection),
        ] {
            assert_eq!(shortcut(key(k), Target::Canvas, false), Some(c), "{k}");
        }
        assert_eq!(
            shortcut(key("ArrowUp"), Target::Canvas, false),
            Some(Command::Pan(0.0, PAN_STEP))
        );
    }

    #[test]
    fn a_view_only_member_gets_no_editing_keys() {
        assert_eq!(shortcut(key("n"), Target::Canvas, false), None);
        assert_eq!(shortcut(key("Enter"), Target::Sticky(id()), false), None);
        assert_eq!(shortcut(key("Delete"), Target::Sticky(id()), false), None);
        assert_eq!(
            shortcut(key("ArrowLeft"), Target::Sticky(id()), false),
            None
        );
        assert_eq!(
            shortcut(key("n"), Target::Canvas, true),
            Some(Command::NewSticky)
        );
    }
}
