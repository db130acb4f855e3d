//! The `pnr-screen` binary: parse the command line, load the configuration, set up
//! logging, run the chosen command, and map failures to a non-zero exit code.

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser as _;
use pnr_screen::cli::{Cli, Command, LogFormat};
use pnr_screen::{app, config::Config, demo, offline, shutdown};

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

async fn execute(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Run { config } => {
            app::run(Config::load(Some(&config), None)?, shutdown::signal()).await
        }
        Command::Demo {
            config,
            messages,
            seed,
            timeout_secs,
        } => {
            let options = demo::DemoOptions {
                messages,
                seed,
                deadline: Duration::from_secs(timeout_secs),
            };
            let report = demo::run(
                Config::load(Some(&config), None)?,
                options,
                shutdown::signal(),
            )
            .await?;
            println!("{}", report.render());
            Ok(())
        }
        Command::Screen {
            config,
            input,
            output,
        } => {
            let config = Config::load(Some(&config), None)?;
            let s = tokio::task::spawn_blocking(move || offline::run(&config, &input, &output))
                .await??;
            eprintln!(
                "screened {} PNRs ({} travellers): {} alerts, {} lines refused",
                s.pnrs, s.travellers, s.alerts, s.errors
            );
            Ok(())
        }
        Command::CheckConfig { config } => {
            let config = Config::load(Some(&config), None)?;
            print!(
                "{}",
                tokio::task::spawn_blocking(move || app::check(&config)).await??
            );
            Ok(())
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.log_format);
    match execute(cli.command).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
