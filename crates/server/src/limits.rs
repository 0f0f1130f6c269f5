//! The rate limits of `Config::rate_limits`: one keyed GCRA limiter (governor) per limit,
//! keyed by client address, expedition or member. What each refusal says is built here too,
//! so every `429` names its limit and when to come back.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use hevruta_model::{ExpeditionId, MemberId};

use crate::config::{Rate, RateLimits};

/// A request over a limit: what it was, and how long until one more would pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limited {
    pub detail: String,
    pub retry_after: Duration,
}

/// Every limiter of the server, built from `RateLimits`.
pub struct Limiters {
    pub expeditions: Keyed<IpAddr>,
    pub wrong_join_codes: Strikes<IpAddr>,
    pub joins: Keyed<ExpeditionId>,
    pub op_batches: Keyed<MemberId>,
    pub ops: Keyed<MemberId>,
}

impl Limiters {
    pub fn new(limits: &RateLimits) -> Self {
        Self {
            expeditions: Keyed::new(
                limits.expeditions_per_ip,
                "expeditions created from this address",
            ),
            wrong_join_codes: Strikes::new(Keyed::new(
                limits.wrong_join_codes_per_ip,
                "wrong join codes from this address",
            )),
            joins: Keyed::new(limits.joins_per_expedition, "joins of this expedition"),
            op_batches: Keyed::new(limits.op_batches_per_member, "op batches of this member"),
            ops: Keyed::new(limits.ops_per_member, "ops of this member"),
        }
    }
}

/// How many checks pass between sweeps of keys that are full again (they hold no state
/// worth keeping, and would otherwise grow with every address ever seen).
const SWEEP_EVERY: u32 = 4096;

/// One limit, one bucket per key.
pub struct Keyed<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
    rate: Rate,
    what: &'static str,
    checks: AtomicU32,
}

impl<K: Hash + Eq + Clone> Keyed<K> {
    pub fn new(rate: Rate, what: &'static str) -> Self {
        let count = NonZeroU32::new(rate.count.max(1)).expect("at least 1");
        let period = (rate.per / count.get()).max(Duration::from_nanos(1));
        let quota = Quota::with_period(period)
            .expect("a period above zero")
            .allow_burst(count);
        Self {
            limiter: RateLimiter::keyed(quota),
            rate,
            what,
            checks: AtomicU32::new(0),
        }
    }

    /// Takes one from `key`'s bucket.
    pub fn check(&self, key: &K) -> Result<(), Limited> {
        self.check_n(key, 1)
    }

    /// Takes `n` from `key`'s bucket (all or none); more than the bucket holds takes it
    /// whole, so a large request waits for a full bucket rather than never passing.
    pub fn check_n(&self, key: &K, n: usize) -> Result<(), Limited> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.limiter.retain_recent();
        }
        let n = u32::try_from(n)
            .unwrap_or(u32::MAX)
            .clamp(1, self.rate.count.max(1));
        let n = NonZeroU32::new(n).expect("at least 1");
        match self.limiter.check_key_n(key, n) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(not_until)) => {
                Err(self.limited(not_until.wait_time_from(self.limiter.clock().now())))
            }
            // Unreachable: `n` is at most the burst.
            Err(_) => Err(self.limited(self.rate.per)),
        }
    }

    fn limited(&self, wait: Duration) -> Limited {
        Limited {
            detail: format!(
                "Too many {}: at most {} per {} s. Try again in {} s.",
                self.what,
                self.rate.count,
                self.rate.per.as_secs(),
                retry_after_secs(wait)
            ),
            retry_after: wait,
        }
    }
}

/// A limit on failures (wrong join codes): each failure takes one from the key's bucket,
/// and once one is refused, every request of that key waits until the bucket refills,
/// successes too; otherwise a guess that hit would still pass and tell itself apart.
pub struct Strikes<K: Hash + Eq + Clone> {
    failures: Keyed<K>,
    /// Keys whose failures ran out, and until when they wait.
    waiting: Mutex<HashMap<K, Instant>>,
}

impl<K: Hash + Eq + Clone> Strikes<K> {
    pub fn new(failures: Keyed<K>) -> Self {
        Self {
            failures,
            waiting: Mutex::new(HashMap::new()),
        }
    }

    /// Refuses a key that is waiting after too many failures.
    pub fn check(&self, key: &K) -> Result<(), Limited> {
        let now = Instant::now();
        let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        match waiting.get(key) {
            Some(until) if *until > now => Err(self.failures.limited(*until - now)),
            Some(_) => {
                waiting.remove(key);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Counts a failure; `Err` when it was one too many (the key now waits).
    pub fn fail(&self, key: &K) -> Result<(), Limited> {
        let refused = self.failures.check(key).err();
        let Some(limited) = refused else {
            return Ok(());
        };
        let now = Instant::now();
        let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        if waiting.len() >= 10_000 {
            waiting.retain(|_, until| *until > now);
        }
        waiting.insert(key.clone(), now + limited.retry_after);
        Err(limited)
    }
}

/// `Retry-After` in whole seconds, rounded up, at least 1.
pub fn retry_after_secs(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_next_waits_for_its_share() {
        let limit = Keyed::new(Rate::per_minute(3), "things");
        for _ in 0..3 {
            assert_eq!(limit.check(&1), Ok(()));
        }
        let refused = limit.check(&1).unwrap_err();
        assert!(refused.retry_after <= Duration::from_secs(20));
        assert!(refused.retry_after > Duration::from_secs(15));
        assert!(
            refused.detail.contains("at most 3 per 60 s"),
            "{}",
            refused.detail
        );
        assert_eq!(limit.check(&2), Ok(()), "another key has its own bucket");
    }

    #[test]
    fn a_batch_takes_as_many_as_it_holds_and_a_huge_one_the_whole_bucket() {
        let limit = Keyed::new(Rate::per_10s(10), "ops");
        assert_eq!(limit.check_n(&1, 7), Ok(()));
        assert!(limit.check_n(&1, 4).is_err(), "7 + 4 is over 10");
        assert_eq!(limit.check_n(&1, 3), Ok(()));
        assert_eq!(limit.check_n(&2, 500), Ok(()), "clamped to the bucket");
        assert!(limit.check(&2).is_err());
    }

    #[test]
    fn past_the_failures_even_a_success_waits() {
        let strikes = Strikes::new(Keyed::new(Rate::per_minute(2), "wrong codes"));
        assert_eq!(strikes.check(&1), Ok(()));
        assert_eq!(strikes.fail(&1), Ok(()));
        assert_eq!(strikes.fail(&1), Ok(()));
        assert!(strikes.fail(&1).is_err(), "the third failure is refused");
        assert!(strikes.check(&1).is_err(), "and the key now waits");
        assert_eq!(strikes.check(&2), Ok(()), "another key does not");
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1500)), 2);
        assert_eq!(retry_after_secs(Duration::from_secs(3)), 3);
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
    }
}
