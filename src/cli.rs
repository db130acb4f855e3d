//! Command-line interface: `run`, `demo`, `screen` and `check-config`.
//!
//! Invariant: parsing only; every command's work lives in the library module it names.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Streaming PNR screening: Kafka in, fuzzy watchlist matching, explained alerts out.
#[derive(Debug, Parser)]
#[command(name = "pnr-screen", version, about)]
pub struct Cli {
    /// Log line format.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text, env = "PNR_SCREEN_LOG_FORMAT")]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the screening service against Kafka until SIGTERM / Ctrl-C.
    Run {
        /// TOML configuration file (environment overrides: PNR_SCREEN__SECTION__KEY).
        #[arg(long, short)]
        config: PathBuf,
    },
    /// Run the real pipeline on an in-process mock Kafka cluster with generated PNRs.
    Demo {
        /// Configuration (watchlists, thresholds); Kafka settings are replaced by the mock.
        #[arg(long, short, default_value = "deploy/demo.toml")]
        config: PathBuf,
        /// Number of PNR messages to generate; the demo exits once all are handled.
        #[arg(long, default_value_t = 200)]
        messages: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Give up after this many seconds.
        #[arg(long, default_value_t = 300)]
        timeout_secs: u64,
    },
    /// Screen PNR JSON lines offline: alerts as JSON lines, line errors on stderr.
    Screen {
        #[arg(long, short)]
        config: PathBuf,
        /// Input file of PNR JSON lines (`-` for stdin).
        #[arg(long, short, default_value = "-")]
        input: PathBuf,
        /// Output file for alert JSON lines (`-` for stdout).
        #[arg(long, short, default_value = "-")]
        output: PathBuf,
    },
    /// Validate a configuration and load its watchlists, then exit.
    CheckConfig {
        #[arg(long, short)]
        config: PathBuf,
    },
}
