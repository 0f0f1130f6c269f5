//! One folder per tool, each its own page bundle (an entry in `src/bin/`): its pure state,
//! its sync, its screens and its strings in separate files.

pub mod boards;
pub mod canvas;
pub mod circles;
pub mod facilitation;
