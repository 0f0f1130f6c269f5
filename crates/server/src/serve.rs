//! Serving the app on a listener, with what `axum::serve` does not set: a deadline for a
//! request's headers (which also closes a connection idle between requests) and for each
//! pause in its body, so half-sent requests cannot hold connections open. Each request
//! carries its client's address (`ConnectInfo<SocketAddr>`) for the rate limits.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::pin;
use std::time::Duration;

use axum::extract::Request;
use axum::extract::connect_info::Connected;
use hyper::body::Incoming;
use hyper::server::conn::http1::Builder;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::{Service, ServiceExt};
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::{AppState, app};

/// How long open connections may take to finish once shutdown begins.
const DRAIN: Duration = Duration::from_secs(10);

/// A connection's peer, as the router's `ConnectInfo` reads it.
#[derive(Clone, Copy)]
struct Peer(SocketAddr);

impl Connected<Peer> for SocketAddr {
    fn connect_info(peer: Peer) -> Self {
        peer.0
    }
}

/// Serves `state`'s app on `listener` until `shutdown` resolves, then lets open requests
/// finish (at most 10 s; event streams end on `state.shutdown`).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let read_timeout = state.config.read_timeout;
    let mut make = app(state)
        .layer(RequestBodyTimeoutLayer::new(read_timeout))
        .into_make_service_with_connect_info::<SocketAddr>();
    // HTTP/1.1 only, as `axum::serve` without axum's `http2` feature serves.
    let mut builder = Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(read_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait rather than spin.
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let router = match make.call(Peer(peer)).await {
            Ok(router) => router,
            Err(e) => match e {},
        };
        let service = TowerToHyperService::new(
            router.map_request(|req: Request<Incoming>| req.map(axum::body::Body::new)),
        );
        let (builder, watcher) = (builder.clone(), graceful.watcher());
        tokio::spawn(async move {
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            if let Err(e) = watcher.watch(conn).await {
                tracing::debug!(error = %e, "connection ended");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after {DRAIN:?}: stopping anyway");
    }
    Ok(())
}
