package dev.latchkey.server.apikey;

import dev.latchkey.server.store.Database;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage counts and last-used times, kept in memory on the validation path and written to the
 * database in batches ({@link #flush}), never one write per validation. Credits balances that
 * changed are written with them.
 *
 * <p>Counting never blocks and never loses a validation to a concurrent flush: the flusher takes a
 * key's count with an atomic swap to zero, and drops a key that stayed idle for a whole interval
 * only after marking its counter retired, which a validation racing with the drop sees (a negative
 * count) and retries on a fresh counter. A validation on a new UTC day closes the key's counter of
 * the previous day, which the next flush writes under that day.
 */
final class UsageRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);
  private static final long RETIRED = Long.MIN_VALUE / 2;
  private static final int FLUSH_CHUNK = 500;

  private final Database db;
  private final ApiKeyStore store;
  private final Clock clock;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Queue<Pending> closed = new ConcurrentLinkedQueue<>();

  /** Counted since the last flush for one key on one UTC day. */
  static final class Pending {
    final String keyId;
    final String day;
    final AtomicLong count;
    volatile long lastUsedAt;

    Pending(String keyId, String day, long count, long lastUsedAt) {
      this.keyId = keyId;
      this.day = day;
      this.count = new AtomicLong(count);
      this.lastUsedAt = lastUsedAt;
    }
  }

  UsageRecorder(Database db, ApiKeyStore store, Clock clock) {
    this.db = db;
    this.store = store;
    this.clock = clock;
  }

  void record(String keyId) {
    long now = clock.instant().getEpochSecond();
    String day = day(now);
    while (true) {
      // a plain read first: compute locks the bin
      Pending p = pending.get(keyId);
      if (p == null || p.count.get() < 0 || !p.day.equals(day)) {
        p = pending.compute(keyId, (k, current) -> current(k, current, day, now));
      }
      p.lastUsedAt = now;
      if (p.count.incrementAndGet() > 0) {
        return;
      }
      // retired by the flusher after we read it: count on the fresh one
    }
  }

  /**
   * The counter to count on: the current one, or a fresh one when it is retired or of a past day.
   */
  private Pending current(String keyId, Pending current, String day, long now) {
    if (current != null && current.count.get() >= 0) {
      if (current.day.equals(day)) {
        return current;
      }
      closed.add(current);
    }
    return new Pending(keyId, day, 0, now);
  }

  private record Day(long epochDay, String text) {}

  private volatile Day today = new Day(-1, "");

  /** The UTC date of {@code epochSecond}, formatted once per day rather than per validation. */
  private String day(long epochSecond) {
    long epochDay = Math.floorDiv(epochSecond, 86_400);
    Day d = today;
    if (d.epochDay() != epochDay) {
      d = new Day(epochDay, LocalDate.ofEpochDay(epochDay).toString());
      today = d;
    }
    return d.text();
  }

  /** Not yet written usage of one key (0 if none), so answers stay exact on this node. */
  long pendingCount(String keyId) {
    long n = 0;
    Pending p = pending.get(keyId);
    if (p != null) {
      n += Math.max(0, p.count.get());
    }
    for (Pending c : closed) {
      if (c.keyId.equals(keyId)) {
        n += Math.max(0, c.count.get());
      }
    }
    return n;
  }

  Long pendingLastUsed(String keyId) {
    Pending p = pending.get(keyId);
    return p == null || p.count.get() <= 0 ? null : p.lastUsedAt;
  }

  /**
   * Writes everything counted so far, usage and the given credit balances, in batched statements of
   * up to {@value #FLUSH_CHUNK} keys per transaction; safe to call from any thread. Counts whose
   * write fails are kept for the next flush.
   */
  synchronized void flush(Iterable<CreditState> dirtyCredits) {
    List<ApiKeyStore.UsageDelta> deltas = drain();
    List<CreditState.Snapshot> snapshots = new ArrayList<>();
    List<String> creditKeys = new ArrayList<>();
    for (CreditState c : dirtyCredits) {
      CreditState.Snapshot s = c.takeDirty();
      if (s != null) {
        snapshots.add(s);
        creditKeys.add(c.keyId());
      }
    }
    if (deltas.isEmpty() && snapshots.isEmpty()) {
      return;
    }
    int written = 0;
    try {
      // chunks, each its own transaction: a batch's bindings are live until it executes, and
      // 10,000 keys' worth made the young collections that met it copy tens of megabytes
      // (10-30 ms pauses every flush); chunks also keep SQLite's write lock short
      for (; written < deltas.size(); written += FLUSH_CHUNK) {
        List<ApiKeyStore.UsageDelta> chunk =
            deltas.subList(written, Math.min(deltas.size(), written + FLUSH_CHUNK));
        db.inTransaction(
            h -> {
              store.addUsage(h, chunk);
              return null;
            });
      }
      if (!snapshots.isEmpty()) {
        db.inTransaction(
            h -> {
              for (int i = 0; i < snapshots.size(); i++) {
                CreditState.Snapshot s = snapshots.get(i);
                store.setCredits(h, creditKeys.get(i), s.remaining(), s.lastRefillAt());
              }
              return null;
            });
      }
    } catch (RuntimeException e) {
      LOG.error(
          "could not write API key usage or credits ({} keys' usage kept for the next flush): {}",
          deltas.size() - Math.min(written, deltas.size()),
          e.getMessage());
      for (ApiKeyStore.UsageDelta d :
          deltas.subList(Math.min(written, deltas.size()), deltas.size())) {
        closed.add(new Pending(d.keyId(), d.day(), d.count(), d.lastUsedAt()));
      }
    }
  }

  /** Takes every count so far (closed days first) and forgets keys idle for a whole interval. */
  private List<ApiKeyStore.UsageDelta> drain() {
    List<ApiKeyStore.UsageDelta> deltas = new ArrayList<>();
    for (Pending c; (c = closed.poll()) != null; ) {
      long n = c.count.getAndSet(RETIRED);
      if (n > 0) {
        deltas.add(new ApiKeyStore.UsageDelta(c.keyId, c.day, n, c.lastUsedAt));
      }
    }
    for (Pending p : pending.values()) {
      long n = p.count.getAndSet(0);
      if (n > 0) {
        deltas.add(new ApiKeyStore.UsageDelta(p.keyId, p.day, n, p.lastUsedAt));
      } else if (n == 0 && p.count.compareAndSet(0, RETIRED)) {
        // idle for a whole interval: forget the key (a racing validation retries on a fresh one)
        pending.remove(p.keyId, p);
      }
    }
    return deltas;
  }
}
