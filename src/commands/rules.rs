//! `pnr-screen rules check DIR` and `rules test DIR`: validate rule files, or run every
//! rule's embedded examples.
//!
//! Invariants: `check` prints every rule or every error with file, line and reason and
//! fails when any file is refused; `test` fails when any example does not behave as its
//! rule file says.

use std::path::Path;

/// Validates every rule file of `dir`, printing each rule (or each error on stderr).
///
/// # Errors
/// A rule file of `dir` is refused.
pub(crate) fn check(dir: &Path) -> anyhow::Result<()> {
    match crate::rules::check_dir(dir) {
        Ok(rules) => {
            for r in &rules {
                println!("{r}");
            }
            println!("{} rules OK in {}", rules.len(), dir.display());
            Ok(())
        }
        Err(e) => {
            eprintln!("{e}");
            anyhow::bail!("rules in {} refused", dir.display())
        }
    }
}

/// Runs every rule's embedded examples and prints the report.
///
/// # Errors
/// The rules cannot be loaded, or an example failed.
pub(crate) fn test(dir: &Path) -> anyhow::Result<()> {
    let report = crate::rules::test_dir(dir)?;
    println!("{report}");
    anyhow::ensure!(
        report.all_passed(),
        "{} rule examples failed",
        report.failed()
    );
    Ok(())
}
