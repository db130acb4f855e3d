//! The streaming pipeline: consume → decode and screen on rayon → produce → store offset.
//!
//! Read in this order: `run` (the consume loop and one message's journey), `task` (the
//! CPU work handed to rayon), `sink` (alerts and dead letters to Kafka), `offsets`
//! (which offsets may be committed). [`Shared`] is the state the loop shares with the
//! operator endpoints and the reloader; [`PipelineConfig`] is the `[pipeline]` section.
//!
//! Invariants (at-least-once): an offset is stored only after every alert or dead letter
//! of its message, and of every earlier message of its partition, was acknowledged by the
//! broker; a failed delivery is retried, never skipped; one bad message never stops the
//! stream.

mod config;
mod offsets;
mod run;
mod shared;
mod sink;
mod task;

pub use config::{PipelineConfig, RawPipeline};
pub(crate) use run::Pipeline;
pub use shared::Shared;
pub use sink::headers;
