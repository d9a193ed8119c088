//! Admission control: how many requests the service holds at once, and how many of them run model work.
//!
//! Design decision: two counters, not one queue. A [`Ticket`] is taken without waiting, or refused when
//! `workers + queue` requests already hold one; only ticket holders then wait on the worker semaphore. The
//! refusal is decided at arrival, so an overloaded service answers 503 in microseconds instead of letting
//! waits grow past the request timeout; and both the ticket and the worker permit move into the blocking
//! task, so a request that timed out keeps its place until its model work has really finished.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Counts admitted requests against a capacity and hands out worker permits.
#[derive(Debug)]
pub struct Admission {
    capacity: usize,
    admitted: AtomicUsize,
    workers: Arc<Semaphore>,
}

/// A request's place in the service; given back when dropped.
#[derive(Debug)]
pub struct Ticket {
    admission: Arc<Admission>,
}

impl Admission {
    pub fn new(workers: usize, queue: usize) -> Arc<Self> {
        let workers = workers.max(1);
        Arc::new(Admission {
            capacity: workers + queue,
            admitted: AtomicUsize::new(0),
            workers: Arc::new(Semaphore::new(workers)),
        })
    }

    /// A ticket, or `None` when the service already holds as many requests as it may.
    pub fn try_enter(self: &Arc<Self>) -> Option<Ticket> {
        self.admitted
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < self.capacity).then_some(n + 1))
            .ok()
            .map(|_| Ticket { admission: self.clone() })
    }

    /// Requests admitted now (running or waiting for a worker).
    #[cfg(test)]
    pub fn admitted(&self) -> usize {
        self.admitted.load(Ordering::Acquire)
    }
}

impl Ticket {
    /// Waits for a free worker.
    pub async fn worker(&self) -> OwnedSemaphorePermit {
        self.admission.workers.clone().acquire_owned().await.expect("the worker semaphore is never closed")
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.admission.admitted.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_is_workers_plus_queue_and_tickets_come_back() {
        let admission = Admission::new(2, 1);
        let held: Vec<Ticket> = (0..3).map(|_| admission.try_enter().expect("room")).collect();
        assert!(admission.try_enter().is_none());
        assert_eq!(admission.admitted(), 3);
        drop(held);
        assert_eq!(admission.admitted(), 0);
        assert!(admission.try_enter().is_some());
    }

    #[tokio::test]
    async fn only_workers_tickets_hold_a_permit_at_once() {
        let admission = Admission::new(1, 1);
        let (a, b) = (admission.try_enter().unwrap(), admission.try_enter().unwrap());
        let permit = a.worker().await;
        let waiting = tokio::time::timeout(std::time::Duration::from_millis(20), b.worker()).await;
        assert!(waiting.is_err(), "the second ticket must wait for the only worker");
        drop(permit);
        assert!(tokio::time::timeout(std::time::Duration::from_secs(5), b.worker()).await.is_ok());
    }
}
