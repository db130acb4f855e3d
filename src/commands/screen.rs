//! `pnr-screen screen`: offline screening of PNR JSON lines, for analysts and evaluation.
//!
//! Reads one PNR per line (the same JSON format as the input topic) from a file or standard
//! input, screens it with the same configuration, watchlists, matcher and rules as the
//! service, and writes one alert JSON line per traveller with a hit, in input order. A line
//! that cannot be decoded (invalid UTF-8 and oversized lines included) is reported on the
//! error stream as `file:line: reason_code (reason)`, never with its content, and screening
//! goes on. On a terminal a progress bar shows how far the input has been read.
//!
//! Invariants: output order follows input order; alert ids derive from the input name and
//! line number, so re-running on the same file yields the same ids; memory per line is
//! bounded by `limits.max_message_bytes` (the rest of a longer line is skipped unread into
//! memory) and per batch by `BATCH` lines and `BATCH_BYTES`.

use std::io::{BufRead, Read, Write};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::alert::Source;
use crate::pnr::decode::{decode_json, DecodeError, DecodeLimits};
use crate::screen::{screen_pnr, Screener};

/// Lines screened per parallel batch, at most.
const BATCH: usize = 2048;
/// Bytes of line content held per batch, at most (a batch ends at the line that reaches it).
const BATCH_BYTES: usize = 64 << 20;

/// Counts of one offline run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub lines: u64,
    pub pnrs: u64,
    pub travellers: u64,
    pub alerts: u64,
    pub errors: u64,
    /// Fields left out as unusable (or kept as `other`) in the PNRs screened.
    pub flagged_fields: u64,
    /// Travellers alerted as unscreenable (their name could not be screened).
    pub unscreenable: u64,
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
    let mut input = input;
    let mut summary = Summary::default();
    // (line number, content up to the size limit, full length of the line)
    let mut batch: Vec<(u64, Vec<u8>, usize)> = Vec::with_capacity(BATCH);
    let mut line_no = 0u64;
    let max = limits.max_message_bytes;
    loop {
        batch.clear();
        let mut held = 0usize;
        let mut buf = Vec::new();
        while let Some(len) = read_line_bounded(&mut input, &mut buf, max)? {
            line_no += 1;
            if is_blank(&buf, len) {
                continue;
            }
            held += buf.len();
            batch.push((line_no, std::mem::take(&mut buf), len));
            if batch.len() == BATCH || held >= BATCH_BYTES {
                break;
            }
        }
        if batch.is_empty() {
            break;
        }
        let now = chrono::Utc::now();
        let results: Vec<_> = batch
            .par_iter()
            .map(|(n, line, len)| {
                if *len > max {
                    return Err(DecodeError::TooLarge {
                        size: *len,
                        limit: max,
                    });
                }
                decode_json(line, limits).map(|d| {
                    let source = Source::File {
                        file: source_name.to_owned(),
                        line: *n,
                    };
                    (
                        d.pnr.travellers.len(),
                        d.pnr.data_quality.len(),
                        screen_pnr(&d.pnr, screener, &source, now).alerts,
                    )
                })
            })
            .collect();
        for ((n, _, _), result) in batch.iter().zip(results) {
            summary.lines += 1;
            match result {
                Ok((travellers, flagged, alerts)) => {
                    summary.pnrs += 1;
                    summary.travellers += travellers as u64;
                    summary.flagged_fields += flagged as u64;
                    for alert in alerts {
                        summary.unscreenable += u64::from(alert.unscreenable.is_some());
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

/// Reads the next line of `input` into `buf` without its line end (`\n` or `\r\n`),
/// keeping at most `max` bytes of it and skipping the rest; returns the line's full length,
/// or `None` at the end of the input.
///
/// # Errors
/// Reading the input failed.
fn read_line_bounded(
    input: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<usize>> {
    buf.clear();
    let mut len = 0usize;
    let mut read_any = false;
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        read_any = true;
        let newline = available.iter().position(|b| *b == b'\n');
        let chunk = &available[..newline.unwrap_or(available.len())];
        let room = (max + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        len += chunk.len();
        let used = newline.map_or(available.len(), |i| i + 1);
        input.consume(used);
        if newline.is_some() {
            break;
        }
    }
    if !read_any {
        return Ok(None);
    }
    if buf.len() == len && buf.last() == Some(&b'\r') {
        buf.pop();
        len -= 1;
    }
    buf.truncate(max);
    Ok(Some(len))
}

/// A line of white space only (as `str::trim` sees it) is skipped, not refused.
fn is_blank(line: &[u8], len: usize) -> bool {
    len == line.len() && std::str::from_utf8(line).is_ok_and(|s| s.trim().is_empty())
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
    let (raw, name, size): (Box<dyn Read>, String, Option<u64>) = if input == dash {
        (Box::new(std::io::stdin().lock()), "stdin".to_owned(), None)
    } else {
        let f = std::fs::File::open(input)
            .with_context(|| format!("Failed to open {}", input.display()))?;
        let size = f.metadata().ok().map(|m| m.len());
        (Box::new(f), input.display().to_string(), size)
    };
    let progress = progress_bar(size);
    let reader = std::io::BufReader::with_capacity(1 << 16, progress.wrap_read(raw));
    let writer: Box<dyn Write> = if output == dash {
        Box::new(std::io::BufWriter::new(std::io::stdout().lock()))
    } else {
        let f = std::fs::File::create(output)
            .with_context(|| format!("Failed to create {}", output.display()))?;
        Box::new(std::io::BufWriter::new(f))
    };
    let errors = AboveProgress {
        bar: &progress,
        out: std::io::stderr(),
    };
    let summary = screen_lines(reader, writer, errors, &screener, &config.limits, &name)
        .context("Screening failed");
    progress.finish_and_clear();
    summary
}

/// A progress bar of bytes read, drawn on standard error only when it is a terminal: a bar
/// for a file of known size, a spinner for standard input.
fn progress_bar(size: Option<u64>) -> ProgressBar {
    match size {
        Some(len) => ProgressBar::new(len).with_style(
            ProgressStyle::with_template(
                "{elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {elapsed_precise} {bytes} read ({bytes_per_sec})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    }
}

/// Writes line errors above the progress bar, so the two never garble each other.
struct AboveProgress<'a> {
    bar: &'a ProgressBar,
    out: std::io::Stderr,
}

impl Write for AboveProgress<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.bar.suspend(|| self.out.write(bytes))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<(Vec<u8>, usize)> {
        let mut reader = std::io::BufReader::with_capacity(4, input);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        while let Some(len) = read_line_bounded(&mut reader, &mut buf, max).expect("reads") {
            out.push((buf.clone(), len));
        }
        out
    }

    #[test]
    fn lines_end_at_lf_or_crlf_and_the_last_needs_no_newline() {
        let got = lines(b"ab\r\ncd\n\nef", 10);
        let want: Vec<(Vec<u8>, usize)> = vec![
            (b"ab".to_vec(), 2),
            (b"cd".to_vec(), 2),
            (Vec::new(), 0),
            (b"ef".to_vec(), 2),
        ];
        assert_eq!(got, want);
        assert!(lines(b"", 10).is_empty());
    }

    #[test]
    fn a_long_line_keeps_at_most_the_limit_and_reports_its_length() {
        let mut input = vec![b'x'; 50];
        input.extend_from_slice(b"\nshort\n");
        let got = lines(&input, 8);
        assert_eq!(got[0], (vec![b'x'; 8], 50));
        assert_eq!(got[1], (b"short".to_vec(), 5));
        // A line of exactly the limit before CRLF is within it.
        let got = lines(b"12345678\r\n", 8);
        assert_eq!(got, vec![(b"12345678".to_vec(), 8)]);
    }

    #[test]
    fn blank_means_white_space_only_and_whole() {
        assert!(is_blank(b"  \t", 3));
        assert!(!is_blank(b" x", 2));
        assert!(!is_blank(b"  ", 40), "a cut line is not blank");
        assert!(
            !is_blank(&[0xff, b' '], 2),
            "invalid UTF-8 is refused, not skipped"
        );
    }
}
