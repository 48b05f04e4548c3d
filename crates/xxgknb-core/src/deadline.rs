//! A cooperative wall-clock deadline ([`Limits::time_per_file`]) for
//! adapters: a reader checks it between units of work (inflated chunks,
//! XML events, pieces, pages), so a pathological file stops the work
//! itself instead of leaving a runaway thread behind.
//!
//! [`Limits::time_per_file`]: crate::Limits::time_per_file

use crate::error::AdapterError;
use std::time::{Duration, Instant};

/// When reading must stop.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    start: Instant,
    budget: Duration,
}

impl Deadline {
    /// A deadline `budget` from now; a zero budget is no limit, as
    /// [`Limits::time_per_file`] zero means.
    ///
    /// [`Limits::time_per_file`]: crate::Limits::time_per_file
    pub fn after(budget: Duration) -> Self {
        Deadline {
            start: Instant::now(),
            budget,
        }
    }

    /// Time left before the deadline; `None` when there is no limit.
    pub fn remaining(&self) -> Option<Duration> {
        if self.budget.is_zero() {
            None
        } else {
            Some(self.budget.saturating_sub(self.start.elapsed()))
        }
    }

    /// `Err(Timeout)` once the budget is spent.
    pub fn check(&self) -> Result<(), AdapterError> {
        if !self.budget.is_zero() && self.start.elapsed() > self.budget {
            Err(AdapterError::Timeout(self.budget))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_spent_budget_times_out_and_zero_is_no_limit() {
        let d = Deadline::after(Duration::from_nanos(1));
        std::thread::sleep(Duration::from_millis(2));
        assert!(matches!(d.check(), Err(AdapterError::Timeout(_))));
        assert!(Deadline::after(Duration::from_secs(60)).check().is_ok());
        let none = Deadline::after(Duration::ZERO);
        std::thread::sleep(Duration::from_millis(2));
        assert!(none.check().is_ok());
    }
}
