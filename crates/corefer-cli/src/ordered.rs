//! The scheduler that `batch` and the document commands (`clusters`, `resolve`) share: tasks run on a
//! thread pool, their results come out in input order.
//!
//! Design decision: a stream with no batch barriers. One thread pulls tasks from the input, each worker
//! of the pool runs one task at a time, and the calling thread hands results to the sink in input order
//! from a reorder buffer. The puller runs at most a fixed window of tasks ahead of the sink (it takes a
//! token per task; the sink gives one back per result it takes), so memory stays bounded whatever the
//! input's length or the spread of task costs, and no worker waits for the slowest task of a batch.

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::Mutex;

/// A task's outcome: its result, or the payload of a panic in `work`.
type TaskOutcome<R> = std::thread::Result<R>;

/// One item of the input stream.
pub enum Task<J, R> {
    /// Work for a worker: its result is `work(job)`.
    Run(J),
    /// A result known without work (a bad record, a record to skip); it keeps its place in the order.
    Ready(R),
}

/// Runs `work` on every [`Task::Run`] of `tasks` on the threads of `pool`, and gives each task's result
/// to `sink` in the order of `tasks`, with at most `window` tasks (at least one) pulled and not yet sunk.
/// Stops at the first error of `sink` and returns it: no more tasks are pulled, workers stop after their
/// current task. A panic in `work` stops the run the same way and goes on in the caller once every
/// thread has stopped (without this, the other threads would wait for that task's result forever).
/// `tasks` is borrowed, so the caller can read what its iterator recorded (a read error) once this
/// returns.
pub fn run<I, J, R, E>(
    tasks: &mut I,
    pool: &rayon::ThreadPool,
    window: usize,
    work: impl Fn(J) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    I: Iterator<Item = Task<J, R>> + Send,
    J: Send,
    R: Send,
{
    let window = window.max(1);
    let (token_tx, token_rx) = mpsc::sync_channel(window);
    for _ in 0..window {
        token_tx.send(()).expect("the token channel holds the whole window");
    }
    let (job_tx, job_rx) = mpsc::channel::<(u64, J)>();
    let job_rx = Mutex::new(job_rx);
    let (result_tx, result_rx) = mpsc::channel::<(u64, TaskOutcome<R>)>();
    std::thread::scope(|s| {
        let ready = result_tx.clone();
        s.spawn(move || pull(tasks, &token_rx, &job_tx, &ready));
        let work = &work;
        let job_rx = &job_rx;
        s.spawn(move || {
            let results = result_tx;
            pool.broadcast(|_| serve(job_rx, work, results.clone()));
        });
        // Leaving this closure drops the token sender and the result receiver, which stops the puller
        // and the workers when the sink failed.
        emit(result_rx, token_tx, &mut sink)
    })
}

/// Pulls tasks, one token each: jobs to the workers, ready results straight to the sink.
fn pull<J, R>(
    tasks: &mut impl Iterator<Item = Task<J, R>>,
    tokens: &Receiver<()>,
    jobs: &Sender<(u64, J)>,
    ready: &Sender<(u64, TaskOutcome<R>)>,
) {
    for seq in 0u64.. {
        if tokens.recv().is_err() {
            return; // the sink stopped
        }
        let sent = match tasks.next() {
            None => return,
            Some(Task::Run(job)) => jobs.send((seq, job)).is_ok(),
            Some(Task::Ready(result)) => ready.send((seq, Ok(result))).is_ok(),
        };
        if !sent {
            return;
        }
    }
}

/// One worker: runs jobs until there are none left or the sink stopped.
fn serve<J, R>(
    jobs: &Mutex<Receiver<(u64, J)>>,
    work: &impl Fn(J) -> R,
    results: Sender<(u64, TaskOutcome<R>)>,
) {
    loop {
        let job = {
            let jobs = jobs.lock().expect("no worker panics while holding the job queue");
            jobs.recv()
        };
        let Ok((seq, job)) = job else { return };
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| work(job)));
        if results.send((seq, outcome)).is_err() {
            return;
        }
    }
}

/// Sinks the results in task order as they arrive, giving a token back for each; resumes a task's panic.
fn emit<R, E>(
    results: Receiver<(u64, TaskOutcome<R>)>,
    tokens: SyncSender<()>,
    sink: &mut impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let mut pending = BTreeMap::new();
    let mut next = 0u64;
    for (seq, result) in results {
        pending.insert(seq, result);
        while let Some(result) = pending.remove(&next) {
            next += 1;
            match result {
                Ok(result) => sink(result)?,
                // Unwinding drops the token sender and this receiver, which stops the other threads.
                Err(payload) => panic::resume_unwind(payload),
            }
            // The puller may have finished; a token nobody takes is no loss.
            let _ = tokens.send(());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
    }

    /// `n` jobs that count in `pulled` how many were taken from the input.
    fn counted(n: usize, pulled: &AtomicUsize) -> impl Iterator<Item = Task<usize, usize>> + Send + '_ {
        (0..n).map(move |i| {
            pulled.fetch_add(1, Ordering::SeqCst);
            Task::Run(i)
        })
    }

    #[test]
    fn results_come_in_task_order_whatever_each_task_costs() {
        // Early tasks are the slowest, so workers finish them last.
        let mut tasks = (0..40u64).map(|i| if i % 7 == 3 { Task::Ready(1000 + i) } else { Task::Run(i) });
        let mut out = Vec::new();
        run(
            &mut tasks,
            &pool(3),
            4,
            |i: u64| {
                std::thread::sleep(std::time::Duration::from_millis(40u64.saturating_sub(i)));
                i
            },
            |r| {
                out.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        let expected: Vec<u64> = (0..40).map(|i| if i % 7 == 3 { 1000 + i } else { i }).collect();
        assert_eq!(out, expected);
    }

    #[test]
    fn the_puller_stays_within_the_window() {
        let pulled = AtomicUsize::new(0);
        let mut tasks = counted(200, &pulled);
        let mut sunk = 0;
        let mut worst = 0;
        run(
            &mut tasks,
            &pool(2),
            5,
            |i| i,
            |_| {
                sunk += 1;
                // Tasks pulled but not sunk (this one counts as sunk only once the sink returns).
                worst = worst.max(pulled.load(Ordering::SeqCst) - (sunk - 1));
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(sunk, 200);
        assert!(worst <= 5, "{worst} tasks in flight with a window of 5");
    }

    #[test]
    fn a_sink_error_stops_the_run_and_is_returned() {
        let pulled = AtomicUsize::new(0);
        let mut tasks = counted(10_000, &pulled);
        let result = run(&mut tasks, &pool(2), 8, |i| i, |i| if i == 20 { Err(i) } else { Ok(()) });
        assert_eq!(result, Err(20));
        assert!(pulled.load(Ordering::SeqCst) <= 21 + 8, "the puller went on after the sink failed");
    }

    #[test]
    fn a_panic_in_a_task_reaches_the_caller_and_nothing_hangs() {
        let mut tasks = (0..100usize).map(Task::<usize, usize>::Run);
        let mut sunk = Vec::new();
        let run = panic::catch_unwind(AssertUnwindSafe(|| {
            run(
                &mut tasks,
                &pool(2),
                4,
                |i| if i == 3 { panic!("task 3") } else { i },
                |i| {
                    sunk.push(i);
                    Ok::<(), ()>(())
                },
            )
        }));
        let payload = run.expect_err("the panic of task 3 is the caller's");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"task 3"));
        assert_eq!(sunk, [0, 1, 2], "results after the panicking task are not sunk");
    }

    #[test]
    fn an_empty_input_sinks_nothing() {
        // Any result sunk would come back as the error; a window of 0 is taken as 1.
        let mut tasks = std::iter::empty::<Task<u8, u8>>();
        assert_eq!(run(&mut tasks, &pool(2), 0, |i| i, Err), Ok(()));
    }
}
