package dev.latchkey.server.apikey;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The credits balance of one key on this node: decremented in memory by validations, refilled when
 * a refill boundary has passed, written to the database in batches.
 */
final class CreditState {
  private final String keyId;
  private final Limits.Refill refill;
  private long remaining;
  private Long lastRefillAt;
  private boolean dirty;

  record Snapshot(long remaining, Long lastRefillAt) {}

  CreditState(String keyId, long remaining, Limits.Refill refill, Long lastRefillAt) {
    this.keyId = keyId;
    this.remaining = remaining;
    this.refill = refill;
    this.lastRefillAt = lastRefillAt;
  }

  String keyId() {
    return keyId;
  }

  /** Takes one credit; refills first if a boundary passed. False when none is left. */
  synchronized boolean tryConsume(Instant now) {
    refillIfDue(now);
    if (remaining <= 0) {
      return false;
    }
    remaining--;
    dirty = true;
    return true;
  }

  synchronized long remaining() {
    return remaining;
  }

  /** Seconds until the next refill, or -1 when the key never refills. */
  synchronized long secondsToRefill(Instant now) {
    if (refill == null) {
      return -1;
    }
    return Math.max(1, nextBoundary(now).getEpochSecond() - now.getEpochSecond());
  }

  synchronized Snapshot takeDirty() {
    if (!dirty) {
      return null;
    }
    dirty = false;
    return new Snapshot(remaining, lastRefillAt);
  }

  private void refillIfDue(Instant now) {
    if (refill == null) {
      return;
    }
    Instant boundary = lastBoundary(now);
    if (lastRefillAt == null || lastRefillAt < boundary.getEpochSecond()) {
      remaining = refill.amount();
      lastRefillAt = now.getEpochSecond();
      dirty = true;
    }
  }

  /** The most recent refill boundary at or before {@code now}. */
  Instant lastBoundary(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if ("daily".equals(refill.interval())) {
      return today.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    LocalDate thisMonth = dayIn(YearMonth.from(today));
    LocalDate boundary =
        today.isBefore(thisMonth) ? dayIn(YearMonth.from(today).minusMonths(1)) : thisMonth;
    return boundary.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private Instant nextBoundary(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if ("daily".equals(refill.interval())) {
      return today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    LocalDate thisMonth = dayIn(YearMonth.from(today));
    LocalDate next =
        today.isBefore(thisMonth) ? thisMonth : dayIn(YearMonth.from(today).plusMonths(1));
    return next.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private LocalDate dayIn(YearMonth month) {
    int day = refill.refillDay() == null ? 1 : refill.refillDay();
    return month.atDay(Math.min(day, month.lengthOfMonth()));
  }
}
