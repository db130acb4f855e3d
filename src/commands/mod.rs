//! The commands: the command line (`run`, `demo`, `screen`, `eval`, `rules`,
//! `check-config`) and one file per command.
//!
//! Invariant: this file parses and dispatches only; every command's work lives in the file
//! named after it. Errors surface as `anyhow` with context (this is the program's edge).

mod check_config;
#[cfg(feature = "testkit")]
mod demo;
pub mod eval;
mod rules;
pub mod run;
pub mod screen;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::service::shutdown;

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
    #[cfg(feature = "testkit")]
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
    /// Screen PNR JSON lines offline: alerts as JSON lines, refused lines on stderr as
    /// `file:line: reason`. Exit status: 0 when every line was screened, 2 when some lines
    /// were refused, 1 on failure.
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
    /// Report matcher quality on the labelled evaluation data (name pairs, UN positives,
    /// synthetic negatives, cross-script pairs).
    Eval {
        #[arg(long, short, default_value = "deploy/pnr-screen.example.toml")]
        config: PathBuf,
        /// Folder of the labelled evaluation sets (nomenklatura name bench, yente
        /// positives and negatives, Watchman cross-script pairs).
        #[arg(long)]
        data: PathBuf,
        /// Screen only the first N negatives of each file.
        #[arg(long)]
        negatives_limit: Option<usize>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Print misclassified pairs of the tuning split (never the report split) to stderr.
        #[arg(long)]
        show_tuning_errors: bool,
    },
    /// Validate a configuration and load its watchlists, then exit.
    CheckConfig {
        #[arg(long, short)]
        config: PathBuf,
    },
    /// Validate or test risk rule files.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate every rule file of DIR; print each rule or each error with file and line.
    Check { dir: PathBuf },
    /// Run every rule's embedded examples (PNR → expected fire / no fire).
    Test { dir: PathBuf },
}

/// Exit status of `screen` when some lines were refused and the others screened.
const SOME_LINES_REFUSED: u8 = 2;

/// Runs one command to completion and returns its exit status.
///
/// # Errors
/// The command failed; the error carries its context (file, line, reason where known).
pub async fn execute(command: Command) -> anyhow::Result<ExitCode> {
    let status = match command {
        Command::Run { config } => {
            run::run(Config::load(Some(&config), None)?, shutdown::signal()).await?;
            ExitCode::SUCCESS
        }
        #[cfg(feature = "testkit")]
        Command::Demo {
            config,
            messages,
            seed,
            timeout_secs,
        } => {
            let options = demo::DemoOptions {
                messages,
                seed,
                deadline: std::time::Duration::from_secs(timeout_secs),
            };
            let config = Config::load(Some(&config), None)?;
            let report = demo::run(config, options, shutdown::signal()).await?;
            println!("{}", report.render());
            ExitCode::SUCCESS
        }
        Command::Screen {
            config,
            input,
            output,
        } => {
            let config = Config::load(Some(&config), None)?;
            let s = tokio::task::spawn_blocking(move || screen::run(&config, &input, &output))
                .await??;
            eprintln!(
                "screened {} PNRs ({} travellers): {} alerts ({} unscreenable travellers), \
                 {} fields left out as unusable, {} lines refused",
                s.pnrs, s.travellers, s.alerts, s.unscreenable, s.flagged_fields, s.errors
            );
            if s.errors > 0 {
                ExitCode::from(SOME_LINES_REFUSED)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Eval {
            config,
            data,
            negatives_limit,
            json,
            show_tuning_errors,
        } => {
            let config = Config::load(Some(&config), None)?;
            let options = eval::EvalOptions {
                data_dir: data,
                negatives_limit,
                show_tuning_errors,
            };
            let r = tokio::task::spawn_blocking(move || eval::run(&config, &options)).await??;
            println!(
                "{}",
                if json {
                    serde_json::to_string_pretty(&r)?
                } else {
                    r.render()
                }
            );
            ExitCode::SUCCESS
        }
        Command::CheckConfig { config } => {
            let config = Config::load(Some(&config), None)?;
            let report =
                tokio::task::spawn_blocking(move || check_config::check(&config)).await??;
            print!("{report}");
            ExitCode::SUCCESS
        }
        Command::Rules {
            command: RulesCommand::Check { dir },
        } => {
            rules::check(&dir)?;
            ExitCode::SUCCESS
        }
        Command::Rules {
            command: RulesCommand::Test { dir },
        } => {
            rules::test(&dir)?;
            ExitCode::SUCCESS
        }
    };
    Ok(status)
}
