//! The SPA's pages as one type: every link is built from a `Route` and every path is read
//! back into one, by the app, by the canvas bundle and by the server's page fallback, so
//! the three can never disagree about which paths exist or which bundle serves them.

use std::fmt;

use crate::ExpeditionId;
use crate::board::BoardId;
use crate::canvas::CanvasId;

/// A page of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`: start or join an expedition, and the expeditions this device belongs to.
    Home,
    /// `/join/{code}`: the landing page with the join code filled in (an invite link).
    Join(String),
    /// `/session#token=…`: signs this device in with a session token from the URL fragment.
    Session,
    /// `/e/{id}`: the expedition's home.
    Expedition(ExpeditionId),
    /// `/e/{id}/canvases`: the expedition's canvases.
    Canvases(ExpeditionId),
    /// `/e/{id}/canvas/{canvas}`: one canvas.
    Canvas(ExpeditionId, CanvasId),
    /// `/e/{id}/partners`: everyone's profile, shared passions, missing sectors.
    Partners(ExpeditionId),
    /// `/e/{id}/profile`: this member's own profile form.
    Profile(ExpeditionId),
    /// `/e/{id}/circles`: the three learning circles.
    Circles(ExpeditionId),
    /// `/e/{id}/devices`: where this member is signed in, a sign-in link for another
    /// device, and (for facilitators) roles and sign-in links for others.
    Devices(ExpeditionId),
    /// `/e/{id}/boards`: the expedition's global-innovation boards.
    Boards(ExpeditionId),
    /// `/e/{id}/board/{board}`: one board.
    Board(ExpeditionId, BoardId),
    /// `/e/{id}/project/{canvas}`: a canvas on the wall, following the facilitator (its
    /// viewer session comes in the fragment, `#token=…&code=…`).
    Projector(ExpeditionId, CanvasId),
    /// `/e/{id}/project/board/{board}`: a board on the wall (a viewer session, as above).
    ProjectBoard(ExpeditionId, BoardId),
    /// `/e/{id}/project/circles`: the three learning circles on the wall.
    ProjectCircles(ExpeditionId),
}

/// Which built page (entry HTML and its wasm) serves a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    /// `index.html`: the app.
    App,
    /// `canvas.html`: the canvas screen's own wasm.
    Canvas,
    /// `circles.html`: partner profiles and the learning circles.
    Circles,
    /// `boards.html`: the boards' own wasm.
    Boards,
    /// `projector.html`: a canvas, a board or the circles on the wall.
    Projector,
    /// `devices.html`: a member's devices and sign-in links (their QR codes), and for
    /// facilitators people's roles; its own wasm, so no tool carries the QR encoder for it.
    Devices,
}

impl Bundle {
    pub const ALL: [Bundle; 6] = [
        Bundle::App,
        Bundle::Canvas,
        Bundle::Circles,
        Bundle::Boards,
        Bundle::Projector,
        Bundle::Devices,
    ];

    /// The entry page's file name in `dist/`.
    pub fn entry(self) -> &'static str {
        match self {
            Bundle::App => "index.html",
            Bundle::Canvas => "canvas.html",
            Bundle::Circles => "circles.html",
            Bundle::Boards => "boards.html",
            Bundle::Projector => "projector.html",
            Bundle::Devices => "devices.html",
        }
    }
}

impl Route {
    /// Reads a URL path (no query, no fragment). One trailing slash is allowed; anything
    /// else that is not exactly a page, ids included, is `None`.
    pub fn parse(path: &str) -> Option<Route> {
        let path = path.strip_prefix('/')?;
        if path.is_empty() {
            return Some(Route::Home);
        }
        let path = path.strip_suffix('/').unwrap_or(path);
        let parts: Vec<&str> = path.split('/').collect();
        Some(match parts.as_slice() {
            ["join", code] if !code.is_empty() => Route::Join((*code).to_owned()),
            ["session"] => Route::Session,
            ["e", e] => Route::Expedition(e.parse().ok()?),
            ["e", e, "canvases"] => Route::Canvases(e.parse().ok()?),
            ["e", e, "canvas", c] => Route::Canvas(e.parse().ok()?, c.parse().ok()?),
            ["e", e, "partners"] => Route::Partners(e.parse().ok()?),
            ["e", e, "profile"] => Route::Profile(e.parse().ok()?),
            ["e", e, "circles"] => Route::Circles(e.parse().ok()?),
            ["e", e, "devices"] => Route::Devices(e.parse().ok()?),
            ["e", e, "boards"] => Route::Boards(e.parse().ok()?),
            ["e", e, "board", b] => Route::Board(e.parse().ok()?, b.parse().ok()?),
            ["e", e, "project", "circles"] => Route::ProjectCircles(e.parse().ok()?),
            ["e", e, "project", "board", b] => {
                Route::ProjectBoard(e.parse().ok()?, b.parse().ok()?)
            }
            ["e", e, "project", c] => Route::Projector(e.parse().ok()?, c.parse().ok()?),
            _ => return None,
        })
    }

    /// The bundle that renders this page.
    pub fn bundle(&self) -> Bundle {
        match self {
            Route::Canvases(_) | Route::Canvas(..) => Bundle::Canvas,
            Route::Partners(_) | Route::Profile(_) | Route::Circles(_) => Bundle::Circles,
            Route::Devices(_) => Bundle::Devices,
            Route::Boards(_) | Route::Board(..) => Bundle::Boards,
            Route::Projector(..) | Route::ProjectBoard(..) | Route::ProjectCircles(_) => {
                Bundle::Projector
            }
            Route::Home | Route::Join(_) | Route::Session | Route::Expedition(_) => Bundle::App,
        }
    }

    /// One of each page, with the given ids: for tests that every page is served and parsed.
    pub fn one_of_each(e: ExpeditionId, c: CanvasId) -> Vec<Route> {
        vec![
            Route::Home,
            Route::Join("ABCD-EFGH-JKMN".into()),
            Route::Session,
            Route::Expedition(e),
            Route::Canvases(e),
            Route::Canvas(e, c),
            Route::Partners(e),
            Route::Profile(e),
            Route::Circles(e),
            Route::Devices(e),
            Route::Boards(e),
            Route::Board(e, BoardId(c.0)),
            Route::Projector(e, c),
            Route::ProjectBoard(e, BoardId(c.0)),
            Route::ProjectCircles(e),
        ]
    }

    /// The expedition a page belongs to, if any.
    pub fn expedition(&self) -> Option<ExpeditionId> {
        match self {
            Route::Expedition(e)
            | Route::Canvases(e)
            | Route::Canvas(e, _)
            | Route::Partners(e)
            | Route::Profile(e)
            | Route::Circles(e)
            | Route::Devices(e)
            | Route::Boards(e)
            | Route::Board(e, _)
            | Route::Projector(e, _)
            | Route::ProjectBoard(e, _)
            | Route::ProjectCircles(e) => Some(*e),
            Route::Home | Route::Join(_) | Route::Session => None,
        }
    }
}

/// The path, e.g. `/e/0199…/canvases`; `to_string()` gives a link.
impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Route::Home => f.write_str("/"),
            Route::Join(code) => write!(f, "/join/{code}"),
            Route::Session => f.write_str("/session"),
            Route::Expedition(e) => write!(f, "/e/{e}"),
            Route::Canvases(e) => write!(f, "/e/{e}/canvases"),
            Route::Canvas(e, c) => write!(f, "/e/{e}/canvas/{c}"),
            Route::Partners(e) => write!(f, "/e/{e}/partners"),
            Route::Profile(e) => write!(f, "/e/{e}/profile"),
            Route::Circles(e) => write!(f, "/e/{e}/circles"),
            Route::Devices(e) => write!(f, "/e/{e}/devices"),
            Route::Boards(e) => write!(f, "/e/{e}/boards"),
            Route::Board(e, b) => write!(f, "/e/{e}/board/{b}"),
            Route::Projector(e, c) => write!(f, "/e/{e}/project/{c}"),
            Route::ProjectBoard(e, b) => write!(f, "/e/{e}/project/board/{b}"),
            Route::ProjectCircles(e) => write!(f, "/e/{e}/project/circles"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> (ExpeditionId, CanvasId) {
        (
            "0190c7d2-9b1a-7e4e-8a8a-0123456789ab".parse().unwrap(),
            "0190c7d2-9b1a-7e4e-8a8a-ba9876543210".parse().unwrap(),
        )
    }

    fn every_page() -> Vec<Route> {
        let (e, c) = ids();
        Route::one_of_each(e, c)
    }

    #[test]
    fn every_link_parses_back_to_its_page_with_or_without_a_trailing_slash() {
        for route in every_page() {
            let link = route.to_string();
            assert_eq!(Route::parse(&link), Some(route.clone()), "{link}");
            let slashed = format!("{}/", link.trim_end_matches('/'));
            assert_eq!(Route::parse(&slashed), Some(route), "{slashed}");
        }
    }

    #[test]
    fn each_tool_page_goes_to_its_own_bundle() {
        let bundles: Vec<Bundle> = every_page().iter().map(Route::bundle).collect();
        use Bundle::*;
        assert_eq!(
            bundles,
            [
                App, App, App, App, Canvas, Canvas, Circles, Circles, Circles, Devices, Boards,
                Boards, Projector, Projector, Projector
            ]
        );
    }

    #[test]
    fn paths_that_are_not_exactly_a_page_do_not_parse() {
        let (e, c) = ids();
        for path in [
            String::new(),
            "e".into(),
            "//".into(),
            "/join".into(),
            "/join/".into(),
            "/join/A/B".into(),
            "/session/x".into(),
            "/e".into(),
            "/e/".into(),
            "/e/not-a-uuid".into(),
            "/e//canvases".into(),
            format!("/e/{e}/canvas"),
            format!("/e/{e}/canvas/"),
            format!("/e/{e}/canvas/not-a-uuid"),
            format!("/e/{e}/canvas/{c}/extra"),
            format!("/e/{e}/canvas/{c}//"),
            format!("/e/{e}/canvases/{c}"),
            format!("/e/{e}/board"),
            format!("/e/{e}/board/not-a-uuid"),
            format!("/e/{e}/boards/{c}"),
            format!("/e/{e}/circles/{c}"),
            format!("/e/{e}/project"),
            format!("/e/{e}/project/{c}/x"),
            format!("/e/{e}/project/board"),
            format!("/e/{e}/project/board/not-a-uuid"),
            format!("/e/{e}/project/circles/{c}"),
            format!("/e/{e}/project/partners"),
            format!("/e/{e}/partner"),
            format!("/e/{e}/devices/{c}"),
            format!("/x/e/{e}/canvas/{c}"),
            "/index.html".into(),
        ] {
            assert_eq!(Route::parse(&path), None, "{path:?}");
        }
    }
}
