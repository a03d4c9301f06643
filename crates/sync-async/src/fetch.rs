//! `fetch_all`: a bounded, ordered fan-out with a timeout per call.
//!
//! The calls run inside `fetch_all`'s own future, in a window of at most `limit`
//! slots. Each slot has a waker of its own that records the slot as ready, so a wake-up
//! polls only the calls that can make progress: O(1) per wake-up instead of a scan of
//! every slot (the design of `futures`' `FuturesUnordered`, which `buffer_unordered`
//! uses). Unlike `FuturesUnordered`, a slot keeps its allocation from one call to the
//! next (`Pin::set` replaces the future in place), so a fan-out allocates once per
//! slot, not once per call. No `unsafe`: the futures are pinned in their boxes.

use std::future::{Future, poll_fn};
use std::num::NonZeroUsize;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use tokio::time::Timeout;

use crate::CallError;

/// How many calls one poll of the fan-out may poll before it yields to the runtime.
/// Calls that are ready at once (a cache hit, a zero-latency service) would otherwise
/// keep the thread for the whole fan-out, stalling every other task on it: the lesson
/// of the demo's heartbeat.
const POLLS_PER_TURN: usize = 256;

/// Runs `call` on every item of `items` with at most `limit` calls in flight, each under
/// `timeout`, and returns one result per item, in input order.
///
/// - A call starts as soon as a slot frees (a sliding window, not batches), so `n`
///   calls of latency `L` take about `⌈n / limit⌉ × L`.
/// - A call that runs past `timeout` is dropped and gives `Err(CallError::TimedOut)`;
///   the others go on.
/// - Dropping the returned future drops every call in flight and starts no more: the
///   calls live inside it, not in spawned tasks, which is also why they need not be
///   `Send` or `'static`.
/// - `call` runs when a call starts, in input order; `items` is read lazily, one item
///   per started call.
///
/// The naive equivalent is a loop that awaits each call in turn under
/// `tokio::time::timeout`: the same results, `n × L` long.
///
/// # Panics
///
/// Outside a Tokio runtime with the time driver enabled (`tokio::time::timeout` needs
/// it). A call that panics passes its panic on to the caller; the other calls in
/// flight are dropped with the fan-out.
///
/// # Example
///
/// ```
/// use std::num::NonZeroUsize;
/// use std::time::Duration;
///
/// use sync_async::{CallError, fetch_all};
///
/// let runtime = tokio::runtime::Builder::new_current_thread()
///     .enable_time()
///     .start_paused(true)
///     .build()
///     .unwrap();
/// let results = runtime.block_on(async {
///     let started = tokio::time::Instant::now();
///     // Call i answers i * 10 after i seconds; 4 may run at once, 2.5 s each at most.
///     let results = fetch_all(0..4u64, NonZeroUsize::new(4).unwrap(), Duration::from_millis(2_500), |i| async move {
///         tokio::time::sleep(Duration::from_secs(i)).await;
///         i * 10
///     })
///     .await;
///     assert_eq!(started.elapsed(), Duration::from_millis(2_500));
///     results
/// });
/// assert_eq!(results, [Ok(0), Ok(10), Ok(20), Err(CallError::TimedOut)]);
/// ```
pub async fn fetch_all<I, F, Fut, T>(
    items: I,
    limit: NonZeroUsize,
    timeout: Duration,
    call: F,
) -> Vec<Result<T, CallError>>
where
    I: IntoIterator,
    F: FnMut(I::Item) -> Fut,
    Fut: Future<Output = T>,
{
    let items = items.into_iter();
    let mut fan_out = FanOut {
        results: Vec::with_capacity(items.size_hint().0),
        items,
        call,
        limit: limit.get(),
        timeout,
        slots: Vec::new(),
        free: Vec::new(),
        active: 0,
        to_poll: Vec::new(),
        woken: Arc::new(Woken::default()),
    };
    poll_fn(|cx| fan_out.poll(cx)).await;
    fan_out
        .results
        .into_iter()
        .map(|r| r.expect("every call has finished when the fan-out is done"))
        .collect()
}

/// The state of one `fetch_all`.
struct FanOut<It, F, Fut, T> {
    /// The items not yet started.
    items: It,
    call: F,
    limit: usize,
    timeout: Duration,
    /// One per item started, in input order; `Some` once its call has finished.
    results: Vec<Option<Result<T, CallError>>>,
    /// At most `limit`, created as needed: a fan-out of 3 items with a limit of 1,000
    /// allocates 3 slots.
    slots: Vec<Slot<Fut>>,
    /// Indices of the slots whose call is `None`.
    free: Vec<usize>,
    /// Slots whose call is `Some`: `slots.len() - free.len()`.
    active: usize,
    /// Slots to poll in this turn: those woken, and those just started.
    to_poll: Vec<usize>,
    woken: Arc<Woken>,
}

/// A place for one call in flight.
struct Slot<Fut> {
    /// The call, under its timeout; `None` between calls. Boxed so it stays pinned while
    /// `slots` grows; the box is reused for the next call in this slot.
    call: Pin<Box<Option<Timeout<Fut>>>>,
    /// The input index of the call in this slot.
    index: usize,
    /// Wakes the fan-out and marks this slot as ready to poll.
    waker: Waker,
}

/// The slots woken since the fan-out last looked, shared with the slots' wakers, which
/// may run on any thread.
#[derive(Default)]
struct Woken {
    state: Mutex<WokenState>,
}

#[derive(Default)]
struct WokenState {
    /// Woken slots, each at most once (`queued` says which are in here).
    ready: Vec<usize>,
    queued: Vec<bool>,
    /// The waker of the task polling the fan-out, taken by the first slot that wakes
    /// after a poll (waking it again before it runs would be redundant).
    parent: Option<Waker>,
}

impl Woken {
    fn lock(&self) -> MutexGuard<'_, WokenState> {
        // The lock guards plain bookkeeping that no code under it can leave half
        // written, so a panic elsewhere while it was held leaves nothing to distrust.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The waker of one slot.
struct SlotWaker {
    slot: usize,
    woken: Arc<Woken>,
}

impl Wake for SlotWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        let parent = {
            let mut state = self.woken.lock();
            if !state.queued[self.slot] {
                state.queued[self.slot] = true;
                state.ready.push(self.slot);
            }
            state.parent.take()
        };
        // Woken outside the lock: the parent's wake may run the fan-out's task at once.
        if let Some(parent) = parent {
            parent.wake();
        }
    }
}

impl<It, F, Fut, T> FanOut<It, F, Fut, T>
where
    It: Iterator,
    F: FnMut(It::Item) -> Fut,
    Fut: Future<Output = T>,
{
    /// Polls the woken calls, starts new ones in the slots that free up, and is ready
    /// when no call is left to start or to finish.
    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        {
            // The parent waker is stored before the ready slots are taken: a slot that
            // wakes after this block finds it and wakes the task again.
            let mut state = self.woken.lock();
            match &state.parent {
                Some(parent) if parent.will_wake(cx.waker()) => {}
                _ => state.parent = Some(cx.waker().clone()),
            }
            for slot in state.ready.drain(..) {
                self.to_poll.push(slot);
            }
            for &slot in &self.to_poll {
                state.queued[slot] = false;
            }
        }
        let mut polls = 0;
        loop {
            self.start_calls();
            let Some(slot) = self.to_poll.pop() else {
                break;
            };
            if polls == POLLS_PER_TURN {
                // Yield: the slots still in `to_poll` are polled on the next turn.
                self.to_poll.push(slot);
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            polls += 1;
            self.poll_slot(slot);
        }
        if self.active == 0 {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }

    /// Starts calls in free slots until `limit` are in flight or no item is left.
    fn start_calls(&mut self) {
        while self.active < self.limit {
            let Some(item) = self.items.next() else {
                return;
            };
            let call = tokio::time::timeout(self.timeout, (self.call)(item));
            let index = self.results.len();
            self.results.push(None);
            let slot = match self.free.pop() {
                Some(slot) => {
                    self.slots[slot].call.as_mut().set(Some(call));
                    self.slots[slot].index = index;
                    slot
                }
                None => {
                    let slot = self.slots.len();
                    self.woken.lock().queued.push(false);
                    let waker = Waker::from(Arc::new(SlotWaker {
                        slot,
                        woken: Arc::clone(&self.woken),
                    }));
                    self.slots.push(Slot {
                        call: Box::pin(Some(call)),
                        index,
                        waker,
                    });
                    slot
                }
            };
            self.active += 1;
            self.to_poll.push(slot);
        }
    }

    /// Polls the call in `slot`; a finished call leaves its result and frees the slot.
    fn poll_slot(&mut self, slot: usize) {
        let Slot { call, index, waker } = &mut self.slots[slot];
        // A slot woken after its call finished (a late wake-up) has nothing to poll.
        let Some(running) = call.as_mut().as_pin_mut() else {
            return;
        };
        if let Poll::Ready(result) = running.poll(&mut Context::from_waker(waker)) {
            self.results[*index] = Some(result.map_err(|_| CallError::TimedOut));
            // Drops the finished future now (its timer, its socket), keeps the box.
            call.as_mut().set(None);
            self.free.push(slot);
            self.active -= 1;
        }
    }
}
