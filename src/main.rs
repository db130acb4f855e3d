//! The `pnr-screen` binary: parse the command line, set up logging, run the chosen
//! command, and map failures to a non-zero exit code.

use std::process::ExitCode;

use clap::Parser as _;
use pnr_screen::commands::{execute, Cli, LogFormat};

/// Screening allocates small, short-lived buffers per traveller on every rayon thread;
/// mimalloc's per-thread free lists serve them without glibc's consolidation passes.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn init_tracing(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("info,rdkafka=warn,librdkafka=warn")
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.log_format);
    match execute(cli.command).await {
        Ok(status) => status,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
