//! `pnr-screen screen`: offline screening of PNR JSON lines, for analysts and evaluation.
//!
//! Reads one PNR per line (the same JSON format as the input topic), screens it with the
//! same configuration, watchlists, matcher and rules as the service, and writes one alert JSON
//! line per traveller with a hit, in input order. A line that cannot be decoded is
//! reported on the error stream with its line number and reason (never its content) and
//! screening goes on.
//!
//! Invariants: output order follows input order; alert ids derive from the input name and
//! line number, so re-running on the same file yields the same ids.

use std::io::{BufRead, Write};

use rayon::prelude::*;

use crate::alert::Source;
use crate::pnr::decode::{decode_json, DecodeLimits};
use crate::screen::{screen_pnr, Screener};

/// Lines screened per parallel batch.
const BATCH: usize = 2048;

/// Counts of one offline run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub lines: u64,
    pub pnrs: u64,
    pub travellers: u64,
    pub alerts: u64,
    pub errors: u64,
}

/// Screens every line of `input`, writing alerts to `output` and line errors to `errors`.
///
/// # Errors
/// Reading the input or writing an output failed.
pub fn screen_lines(
    input: impl BufRead,
    mut output: impl Write,
    mut errors: impl Write,
    screener: &Screener<'_>,
    limits: &DecodeLimits,
    source_name: &str,
) -> std::io::Result<Summary> {
    let mut summary = Summary::default();
    let mut batch: Vec<(u64, String)> = Vec::with_capacity(BATCH);
    let mut lines = input.lines();
    let mut line_no = 0u64;
    loop {
        batch.clear();
        for line in lines.by_ref() {
            line_no += 1;
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            batch.push((line_no, line));
            if batch.len() == BATCH {
                break;
            }
        }
        if batch.is_empty() {
            break;
        }
        let now = chrono::Utc::now();
        let results: Vec<_> = batch
            .par_iter()
            .map(|(n, line)| {
                decode_json(line.as_bytes(), limits).map(|d| {
                    let source = Source::File {
                        file: source_name.to_owned(),
                        line: *n,
                    };
                    (
                        d.pnr.travellers.len(),
                        screen_pnr(&d.pnr, screener, &source, now).alerts,
                    )
                })
            })
            .collect();
        for ((n, _), result) in batch.iter().zip(results) {
            summary.lines += 1;
            match result {
                Ok((travellers, alerts)) => {
                    summary.pnrs += 1;
                    summary.travellers += travellers as u64;
                    for alert in alerts {
                        serde_json::to_writer(&mut output, &alert)?;
                        output.write_all(b"\n")?;
                        summary.alerts += 1;
                    }
                }
                Err(e) => {
                    summary.errors += 1;
                    writeln!(errors, "{source_name}:{n}: {} ({e})", e.reason_code())?;
                }
            }
        }
    }
    output.flush()?;
    Ok(summary)
}

/// `pnr-screen screen`: loads the watchlists of `config` and screens `input` to `output`
/// (`-` means stdin / stdout).
///
/// # Errors
/// A watchlist fails to load, or a file cannot be opened, read or written.
pub(crate) fn run(
    config: &crate::config::Config,
    input: &std::path::Path,
    output: &std::path::Path,
) -> anyhow::Result<Summary> {
    use anyhow::Context as _;
    config.require_watchlists()?;
    let sources = config.sources();
    let snapshot = sources
        .load_snapshot()
        .context("Failed to load watchlists")?;
    let rules = sources.load_rules()?;
    let window =
        crate::rules::Window::new(config.rules.window_max_entries, config.rules.window_max_age);
    let screener = Screener {
        snapshot: &snapshot,
        rules: &rules,
        window: &window,
        min_severity: config.rules.min_severity,
    };
    let dash = std::path::Path::new("-");
    let (reader, name): (Box<dyn BufRead>, String) = if input == dash {
        (Box::new(std::io::stdin().lock()), "stdin".to_owned())
    } else {
        let f = std::fs::File::open(input)
            .with_context(|| format!("Failed to open {}", input.display()))?;
        (
            Box::new(std::io::BufReader::new(f)),
            input.display().to_string(),
        )
    };
    let writer: Box<dyn Write> = if output == dash {
        Box::new(std::io::BufWriter::new(std::io::stdout().lock()))
    } else {
        let f = std::fs::File::create(output)
            .with_context(|| format!("Failed to create {}", output.display()))?;
        Box::new(std::io::BufWriter::new(f))
    };
    screen_lines(
        reader,
        writer,
        std::io::stderr().lock(),
        &screener,
        &config.limits,
        &name,
    )
    .context("Screening failed")
}
