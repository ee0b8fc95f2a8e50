//! Group commit: small writes that arrive together share one write transaction and one fsync.
//!
//! redb runs one write transaction at a time and a durable commit waits for the disk. When
//! twenty teachers type marks at once, each cell write would queue behind the others' fsyncs
//! (about a millisecond each on an SSD), so the last in the queue waits for all of them. Here a
//! write joins a queue instead; whoever finds no commit running becomes the leader, takes every
//! write queued so far, runs them one after another in one transaction and commits it once.
//! Writes that arrive meanwhile form the next group.
//!
//! Each write keeps its own all-or-nothing meaning. When one of them returns an error, the
//! transaction is aborted, that write gets its error, and the others run again in a fresh
//! transaction, so nothing of the failed write is committed and nothing of the others is lost.
//! That is why a grouped write is `Fn`: it may run more than once, and must only touch the
//! transaction (no side effects outside it). Errors are rare on this path (a refused value, a
//! conflict), so re-running is cheaper than a savepoint around every write.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use redb::{Durability, WriteTransaction};
use tokio::sync::oneshot;

use super::StoreError;
use super::handle::Handle;

/// The most writes one transaction takes; the rest wait for the next one.
const MAX_GROUP: usize = 64;

/// The queue of grouped writes of one database.
#[derive(Default)]
pub(super) struct Group {
    queue: Mutex<Queue>,
}

#[derive(Default)]
struct Queue {
    jobs: Vec<Box<dyn Job>>,
    /// A leader is draining the queue on the blocking pool.
    leading: bool,
}

/// One queued write, its result kept until the group's commit decides it.
trait Job: Send {
    /// Runs the write; `false` when it returned an error (kept for [`Job::deliver`]).
    fn run(&mut self, tx: &WriteTransaction) -> bool;
    /// Sends the outcome: the write's own result, or `failed` when the commit failed.
    fn deliver(self: Box<Self>, failed: Option<&StoreError>);
}

struct Typed<T, E, F> {
    f: F,
    out: Option<Result<T, E>>,
    reply: oneshot::Sender<Result<T, E>>,
}

impl<T, E, F> Job for Typed<T, E, F>
where
    T: Send + 'static,
    E: From<StoreError> + Send + 'static,
    F: Fn(&WriteTransaction) -> Result<T, E> + Send + 'static,
{
    fn run(&mut self, tx: &WriteTransaction) -> bool {
        let out = match catch_unwind(AssertUnwindSafe(|| (self.f)(tx))) {
            Ok(out) => out,
            Err(_) => Err(E::from(StoreError::Db("a write panicked".into()))),
        };
        let ok = out.is_ok();
        self.out = Some(out);
        ok
    }

    fn deliver(self: Box<Self>, failed: Option<&StoreError>) {
        let out = match (failed, self.out) {
            (Some(e), _) => Err(E::from(StoreError::Db(e.to_string()))),
            (None, Some(out)) => out,
            (None, None) => Err(E::from(StoreError::Db("a grouped write did not run".into()))),
        };
        // The request may have gone away (client disconnected); its write still counts.
        let _ = self.reply.send(out);
    }
}

impl Group {
    /// Queues `f` and waits for the commit of the group it joins.
    pub(super) async fn write<T, E, F>(&self, db: &Arc<Handle>, this: &Arc<Group>, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: Fn(&WriteTransaction) -> Result<T, E> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let lead = {
            let mut q = self.queue.lock().unwrap_or_else(|p| p.into_inner());
            q.jobs.push(Box::new(Typed { f, out: None, reply }));
            !std::mem::replace(&mut q.leading, true)
        };
        if lead {
            let (db, group) = (db.clone(), this.clone());
            tokio::task::spawn_blocking(move || group.lead(&db));
        }
        answer.await.map_err(|_| E::from(StoreError::Db("the grouped write was lost".into())))?
    }

    /// Drains the queue group by group until it is empty, then steps down.
    fn lead(&self, db: &Handle) {
        loop {
            let jobs = {
                let mut q = self.queue.lock().unwrap_or_else(|p| p.into_inner());
                if q.jobs.is_empty() {
                    q.leading = false;
                    return;
                }
                let n = q.jobs.len().min(MAX_GROUP);
                q.jobs.drain(..n).collect::<Vec<_>>()
            };
            commit_group(db, jobs);
        }
    }
}

/// Runs `jobs` in one durable transaction; a write that fails is taken out and the rest run
/// again in a new one.
fn commit_group(handle: &Handle, mut jobs: Vec<Box<dyn Job>>) {
    while !jobs.is_empty() {
        let (db, tx) = match handle.begin_write(Durability::Immediate) {
            Ok(begun) => begun,
            Err(e) => return jobs.into_iter().for_each(|j| j.deliver(Some(&e))),
        };
        let failed = jobs.iter_mut().position(|job| !job.run(&tx));
        match failed {
            Some(i) => {
                let _ = tx.abort();
                jobs.remove(i).deliver(None);
                // An I/O error inside the write leaves redb refusing all writes until reopened.
                handle.after_error(db);
            }
            None => {
                let result = tx.commit().map_err(StoreError::from);
                if result.is_err() {
                    handle.after_error(db);
                }
                return jobs.into_iter().for_each(|j| j.deliver(result.as_ref().err()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use redb::{Database, ReadableDatabase, TableDefinition};

    use super::*;

    const T: TableDefinition<u64, u64> = TableDefinition::new("t");

    #[derive(Debug, PartialEq)]
    enum E {
        Refused(u64),
        Store(String),
    }
    impl From<StoreError> for E {
        fn from(e: StoreError) -> Self {
            E::Store(e.to_string())
        }
    }

    fn handle(dir: &tempfile::TempDir) -> Arc<Handle> {
        let path = dir.path().join("g.redb");
        Arc::new(Handle::new(Database::create(&path).unwrap(), path))
    }

    fn value(db: &Handle, k: u64) -> Option<u64> {
        let tx = db.get().unwrap().begin_read().unwrap();
        let t = tx.open_table(T).unwrap();
        t.get(k).unwrap().map(|v| v.value())
    }

    /// Many writers at once, every third one failing after it has written: each succeeding
    /// write is committed, nothing of a failing one is, and each gets its own answer.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn failures_stay_apart_from_the_group() {
        let dir = tempfile::tempdir().unwrap();
        let db = handle(&dir);
        let group = Arc::new(Group::default());
        let tasks = (0..200u64).map(|k| {
            let (db, group) = (db.clone(), group.clone());
            tokio::spawn(async move {
                group
                    .write(&db, &group, move |tx| {
                        tx.open_table(T)
                            .map_err(StoreError::from)?
                            .insert(k, k * 10)
                            .map_err(StoreError::from)?;
                        if k.is_multiple_of(3) {
                            return Err(E::Refused(k));
                        }
                        Ok(k)
                    })
                    .await
            })
        });
        let answers: Vec<_> = futures_join(tasks.collect()).await;
        for (k, answer) in answers.into_iter().enumerate() {
            let k = k as u64;
            if k.is_multiple_of(3) {
                assert_eq!(answer, Err(E::Refused(k)));
                assert_eq!(value(&db, k), None, "a failed write left data behind");
            } else {
                assert_eq!(answer, Ok(k));
                assert_eq!(value(&db, k), Some(k * 10));
            }
        }
    }

    /// A write that panics fails alone; later writes still find a leader.
    #[tokio::test]
    async fn a_panicking_write_fails_alone() {
        let dir = tempfile::tempdir().unwrap();
        let db = handle(&dir);
        let group = Arc::new(Group::default());
        let bad = group.write(&db, &group, |_tx| -> Result<(), E> { panic!("boom") }).await;
        assert!(matches!(bad, Err(E::Store(_))));
        let good = group
            .write(&db, &group, |tx| {
                tx.open_table(T).map_err(StoreError::from)?.insert(1, 2).map_err(StoreError::from)?;
                Ok::<_, E>(())
            })
            .await;
        assert_eq!(good, Ok(()));
        assert_eq!(value(&db, 1), Some(2));
    }

    async fn futures_join<T>(tasks: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
        let mut out = Vec::with_capacity(tasks.len());
        for t in tasks {
            out.push(t.await.unwrap());
        }
        out
    }
}
