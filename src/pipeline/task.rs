//! One message's CPU work, handed to rayon: decode, then screen, into an [`Outcome`].
//!
//! Invariants: never runs on the async threads; a panic in decoding or screening becomes
//! [`Outcome::Panicked`] and never takes the pipeline down; the snapshot and rules used are
//! the ones in service when the task started.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::shared::Shared;
use crate::alert::Source;
use crate::pnr::decode::{decode_json, shape, DecodeError, DecodeReport};
use crate::screen::{screen_pnr, Screener, Screening};

/// What decoding and screening one message produced.
pub(crate) enum Outcome {
    Screened {
        report: DecodeReport,
        travellers: usize,
        /// The decoder's data-quality flags: field (path without indices) and problem.
        flags: Vec<(String, &'static str)>,
        screening: Screening,
    },
    Undecodable(DecodeError),
    Panicked,
}

/// Decodes and screens `payload` on the rayon pool; resolves with the outcome and the time
/// the work took.
pub(crate) async fn decode_and_screen(
    shared: &Arc<Shared>,
    payload: Arc<Vec<u8>>,
    source: Source,
) -> (Outcome, Duration) {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let snapshot = shared.snapshot.load_full();
    let rules = shared.rules.load_full();
    let limits = shared.limits;
    let shared = shared.clone();
    rayon::spawn(move || {
        let started = Instant::now();
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                match decode_json(&payload, &limits) {
                    Ok(decoded) => {
                        let screener = Screener {
                            snapshot: &snapshot,
                            rules: &rules,
                            window: &shared.window,
                            min_severity: shared.min_severity,
                        };
                        Outcome::Screened {
                            report: decoded.report,
                            travellers: decoded.pnr.travellers.len(),
                            flags: decoded
                                .pnr
                                .data_quality
                                .iter()
                                .map(|f| (shape(&f.path), f.problem.as_str()))
                                .collect(),
                            screening: screen_pnr(
                                &decoded.pnr,
                                &screener,
                                &source,
                                chrono::Utc::now(),
                            ),
                        }
                    }
                    Err(e) => Outcome::Undecodable(e),
                }
            }))
            .unwrap_or(Outcome::Panicked);
        // The receiver is gone only if the pipeline was dropped mid-drain.
        let _ = tx.send((outcome, started.elapsed()));
    });
    rx.await.unwrap_or((Outcome::Panicked, Duration::ZERO))
}
