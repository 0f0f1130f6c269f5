//! Integration tests: the real server on 127.0.0.1 (port 0) with a fresh SQLite file per
//! test, driven over HTTP.

mod helpers;

mod authz;
mod board_columns;
mod board_learnings;
mod boards;
mod broadcast;
mod canvas_manage;
mod canvases;
mod citations;
mod devices;
mod errors;
mod events;
mod expeditions;
mod facilitation;
mod feed;
mod focus;
mod ids_per_expedition;
mod learnings;
mod limits;
mod openapi;
mod pointers;
mod presence;
mod private_writing;
mod profiles;
mod rounds;
mod spa;
