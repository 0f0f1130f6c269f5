//! Named steps: a `==> name` heading, the elapsed time, and a pass count for the summary.

use std::time::Instant;

use crate::Result;

/// Runs steps in order and remembers how many passed.
#[derive(Default)]
pub struct Steps {
    passed: usize,
}

impl Steps {
    pub fn new() -> Self {
        Self::default()
    }

    /// Prints the heading, runs `f`, prints how long it took and whether it failed.
    pub fn run<T>(&mut self, name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        println!("==> {name}");
        let started = Instant::now();
        let outcome = f();
        let secs = started.elapsed().as_secs_f64();
        match outcome {
            Ok(value) => {
                self.passed += 1;
                println!("    {name}: ok in {secs:.1}s");
                Ok(value)
            }
            Err(e) => {
                println!("    {name}: FAILED after {secs:.1}s");
                eprintln!("xtask: {name} failed: {e}");
                Err(e.reported())
            }
        }
    }

    pub fn passed(&self) -> usize {
        self.passed
    }
}

/// The closing line CI reads: `xtask: N passed, M failed`.
pub fn summary_line(passed: usize, failed: usize) -> String {
    format!("xtask: {passed} passed, {failed} failed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn counts_only_passing_steps() {
        let mut steps = Steps::new();
        assert_eq!(steps.run("one", || Ok(1)).unwrap(), 1);
        assert!(
            steps
                .run("two", || Err::<(), _>(Error::new("boom")))
                .is_err()
        );
        assert_eq!(steps.passed(), 1);
        assert_eq!(summary_line(steps.passed(), 1), "xtask: 1 passed, 1 failed");
    }
}
