//! Members' cursors and the facilitator's laser on a canvas: checked against the member's
//! budget, serialised once, fanned out, never kept. Only a member with a stream open on the
//! canvas may point there, and only streams on that canvas receive it (`http/events.rs`).

use std::sync::Arc;

use hevruta_model::canvas::CanvasId;
use hevruta_model::pointer::{Pointer, PointerEvent};
use hevruta_model::{ExpeditionId, MemberId};

use super::{Hub, Inner, Live};

/// One pointer move as it goes over the wire, shared by every stream.
#[derive(Debug, Clone)]
pub struct PointerFrame {
    pub canvas: CanvasId,
    pub by: MemberId,
    /// A `PointerEvent`.
    pub json: Arc<str>,
}

/// What became of a pointer move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pointed {
    /// Sent to the canvas's streams.
    Sent,
    /// Over the member's rate: dropped (the next move carries the newest place).
    Dropped,
    /// The member has no stream open on the canvas.
    NotHere,
}

impl Inner {
    /// Sends `event` to the canvas's streams.
    pub(super) fn send_pointer(&mut self, expedition: ExpeditionId, event: &PointerEvent) {
        let frame = PointerFrame {
            canvas: event.canvas_id,
            by: event.by,
            json: serde_json::to_string(event).unwrap_or_default().into(),
        };
        self.send(expedition, Live::Pointer(frame));
    }
}

impl Hub {
    /// Shows `member`'s pointer on `canvas` (`None`: hides it) to the others there, within
    /// the member's budget at `now_ms`.
    pub fn point(
        &self,
        expedition: ExpeditionId,
        canvas: CanvasId,
        member: MemberId,
        pointer: Option<Pointer>,
        now_ms: i64,
    ) -> Pointed {
        let mut inner = self.lock();
        let Some(budget) = inner.presence.budget(expedition, canvas, member, now_ms) else {
            return Pointed::NotHere;
        };
        if !budget.take(now_ms) {
            return Pointed::Dropped;
        }
        let event = PointerEvent {
            canvas_id: canvas,
            by: member,
            pointer,
        };
        inner.send_pointer(expedition, &event);
        Pointed::Sent
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    const EXPEDITION: ExpeditionId = ExpeditionId(Uuid::from_u128(1));
    const CANVAS: CanvasId = CanvasId(Uuid::from_u128(2));
    const A: MemberId = MemberId(Uuid::from_u128(10));

    fn pointers(rx: &mut tokio::sync::broadcast::Receiver<Live>) -> Vec<PointerEvent> {
        let mut out = Vec::new();
        while let Ok(live) = rx.try_recv() {
            if let Live::Pointer(frame) = live {
                out.push(serde_json::from_str(&frame.json).unwrap());
            }
        }
        out
    }

    #[test]
    fn only_members_on_the_canvas_point_within_their_budget_and_leaving_hides_it() {
        let hub = Hub::default();
        let at = Some(Pointer {
            x: 1.0,
            y: 2.0,
            laser: false,
        });
        assert_eq!(hub.point(EXPEDITION, CANVAS, A, at, 0), Pointed::NotHere);
        let here = hub.enter(EXPEDITION, CANVAS, A);
        let mut rx = hub.subscribe(EXPEDITION);
        let sent: Vec<_> = (0..30)
            .map(|_| hub.point(EXPEDITION, CANVAS, A, at, 0))
            .collect();
        assert_eq!(sent.iter().filter(|p| **p == Pointed::Sent).count(), 20);
        assert_eq!(sent[29], Pointed::Dropped);
        assert_eq!(pointers(&mut rx).len(), 20);
        drop(here);
        let gone = pointers(&mut rx);
        assert_eq!(gone.len(), 1, "leaving the canvas hides the pointer");
        assert_eq!((gone[0].by, gone[0].pointer), (A, None));
        assert_eq!(hub.point(EXPEDITION, CANVAS, A, at, 0), Pointed::NotHere);
    }
}
