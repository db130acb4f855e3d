//! Operator endpoints on their own port: `/metrics`, `/healthz`, `/readyz`, and
//! `POST /reload` (reload watchlists and rules now; the result is logged and counted in
//! `pnr_reloads_total`).
//!
//! `/healthz` answers 200 while the process serves requests; `/readyz` answers 200 only
//! while the pipeline is consuming with a loaded watchlist snapshot, 503 otherwise (during
//! start-up and drain). `/metrics` is the Prometheus text exposition.
//!
//! Invariants: the endpoints read shared state and never block the pipeline.

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use crate::pipeline::Shared;

/// The `[http]` section as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHttp {
    /// Address of `/metrics`, `/healthz` and `/readyz`.
    #[serde(default = "d_listen")]
    pub listen: String,
}

fn d_listen() -> String {
    "127.0.0.1:9898".into()
}

impl Default for RawHttp {
    fn default() -> Self {
        RawHttp { listen: d_listen() }
    }
}

/// HTTP settings after validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpConfig {
    pub listen: SocketAddr,
}

impl HttpConfig {
    /// Checks the section.
    ///
    /// # Errors
    /// `(key, reason)` when `listen` is not a socket address.
    pub(crate) fn try_from_raw(raw: RawHttp) -> Result<Self, (String, String)> {
        let listen = raw.listen.parse().map_err(|_| {
            (
                "http.listen".to_owned(),
                "expected an address such as 127.0.0.1:9898".to_owned(),
            )
        })?;
        Ok(HttpConfig { listen })
    }
}

async fn metrics(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        shared.metrics.render(),
    )
}

async fn reload(State(shared): State<Arc<Shared>>) -> (StatusCode, &'static str) {
    shared.reload.notify_one();
    (StatusCode::ACCEPTED, "reload requested\n")
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(shared): State<Arc<Shared>>) -> (StatusCode, &'static str) {
    if shared.ready.load(Ordering::Relaxed) {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready\n")
    }
}

/// Binds the listener now (so a taken port fails start-up) and serves until `shutdown`.
///
/// # Errors
/// The address cannot be bound.
pub(crate) async fn serve(
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: CancellationToken,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    let app = Router::new()
        .route("/metrics", get(metrics))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/reload", axum::routing::post(reload))
        .with_state(shared);
    let handle = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async move { shutdown.cancelled().await })
            .await;
        if let Err(e) = served {
            tracing::warn!(error = %e, "Metrics endpoint stopped.");
        }
    });
    Ok((local, handle))
}
