package dev.latchkey.server.apikey;

import dev.latchkey.server.store.Database;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage counts and last-used times, kept in memory on the validation path and written to the
 * database in batches ({@link #flush}), never one write per validation. Credits balances that
 * changed are written in the same batch.
 */
final class UsageRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);

  private final Database db;
  private final ApiKeyStore store;
  private final Clock clock;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /** Counted since the last flush, per key (and the UTC day it was counted on). */
  static final class Pending {
    final AtomicLong count = new AtomicLong();
    volatile long lastUsedAt;
    volatile String day;
  }

  UsageRecorder(Database db, ApiKeyStore store, Clock clock) {
    this.db = db;
    this.store = store;
    this.clock = clock;
  }

  void record(String keyId) {
    // a plain read first: computeIfAbsent locks the bin when the key is not its first node
    Pending p = pending.get(keyId);
    if (p == null) {
      p = pending.computeIfAbsent(keyId, k -> new Pending());
    }
    long now = clock.instant().getEpochSecond();
    String day = day(now);
    if (p.day != null && !p.day.equals(day)) {
      flushOne(keyId);
      p = pending.computeIfAbsent(keyId, k -> new Pending());
    }
    p.day = day;
    p.lastUsedAt = now;
    p.count.incrementAndGet();
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
    Pending p = pending.get(keyId);
    return p == null ? 0 : p.count.get();
  }

  Long pendingLastUsed(String keyId) {
    Pending p = pending.get(keyId);
    return p == null || p.count.get() == 0 ? null : p.lastUsedAt;
  }

  String pendingDay(String keyId) {
    Pending p = pending.get(keyId);
    return p == null ? null : p.day;
  }

  /** Writes everything counted so far; safe to call from any thread. */
  synchronized void flush(Iterable<CreditState> dirtyCredits) {
    try {
      for (String keyId : pending.keySet()) {
        try {
          flushOne(keyId);
        } catch (RuntimeException e) {
          LOG.error("could not write the usage of API key {}: {}", keyId, e.getMessage());
        }
      }
      for (CreditState c : dirtyCredits) {
        CreditState.Snapshot s = c.takeDirty();
        if (s != null) {
          db.withHandle(
              h -> {
                store.setCredits(h, c.keyId(), s.remaining(), s.lastRefillAt());
                return null;
              });
        }
      }
    } catch (RuntimeException e) {
      LOG.error("could not write API key usage: {}", e.getMessage());
    }
  }

  private synchronized void flushOne(String keyId) {
    Pending p = pending.remove(keyId);
    if (p == null) {
      return;
    }
    long n = p.count.get();
    if (n == 0 || p.day == null) {
      return;
    }
    db.inTransaction(
        h -> {
          store.addUsage(h, keyId, n, p.lastUsedAt, p.day);
          return null;
        });
  }
}
