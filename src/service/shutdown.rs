//! Shutdown signals: Ctrl-C or SIGTERM cancel one token that every task watches.
//!
//! Invariant: the token is cancelled at most once and never un-cancelled; the pipeline
//! then stops intake, drains with a deadline, flushes and commits.

use tokio_util::sync::CancellationToken;

/// Returns a token cancelled on the first Ctrl-C or SIGTERM.
pub(crate) fn signal() -> CancellationToken {
    let token = CancellationToken::new();
    let t = token.clone();
    tokio::spawn(async move {
        let ctrl_c = async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        #[cfg(unix)]
        let term = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! {
            () = ctrl_c => tracing::info!("Ctrl-C received."),
            () = term => tracing::info!("SIGTERM received."),
        }
        t.cancel();
    });
    token
}
