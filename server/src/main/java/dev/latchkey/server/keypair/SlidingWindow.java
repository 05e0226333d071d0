package dev.latchkey.server.keypair;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Backend.AI's keypair rate limit: at most {@code rate_limit} requests per access key in a rolling
 * 15-minute window. Requests are counted in 10-second slots (90 slots per window), so a request
 * leaves the window between 15:00 and 15:10 after it was admitted; a slot log per key costs 1 KiB
 * whatever the limit, where a per-request log would grow with it. Only admitted requests count, so
 * the {@code Retry-After} an answer gives holds. In memory, per node.
 */
final class SlidingWindow {
  static final long WINDOW_SECONDS = 15 * 60;
  static final long SLOT_SECONDS = 10;
  private static final int SLOTS = (int) (WINDOW_SECONDS / SLOT_SECONDS);

  /** The answer for one request: admitted or not, what is left, and when to retry. */
  record Outcome(boolean allowed, long limit, long remaining, long retryAfterSeconds) {}

  private final Cache<String, Log> logs =
      Caffeine.newBuilder()
          .maximumSize(200_000)
          .expireAfterAccess(Duration.ofSeconds(WINDOW_SECONDS + SLOT_SECONDS))
          .build();

  Outcome acquire(String key, long limit, long nowSeconds) {
    return logs.get(key, k -> new Log()).acquire(limit, nowSeconds);
  }

  void forget(String key) {
    logs.invalidate(key);
  }

  private static final class Log {
    private final long[] slotOf = new long[SLOTS];
    private final int[] counts = new int[SLOTS];

    synchronized Outcome acquire(long limit, long nowSeconds) {
      long slot = Math.floorDiv(nowSeconds, SLOT_SECONDS);
      long total = 0;
      long oldest = Long.MAX_VALUE;
      for (int i = 0; i < SLOTS; i++) {
        if (counts[i] > 0 && slotOf[i] > slot - SLOTS) {
          total += counts[i];
          oldest = Math.min(oldest, slotOf[i]);
        }
      }
      if (total >= limit) {
        long freedAt = (oldest + SLOTS) * SLOT_SECONDS;
        return new Outcome(false, limit, 0, Math.max(1, freedAt - nowSeconds));
      }
      int i = (int) Math.floorMod(slot, (long) SLOTS);
      if (slotOf[i] != slot) {
        slotOf[i] = slot;
        counts[i] = 0;
      }
      counts[i]++;
      return new Outcome(true, limit, limit - total - 1, 0);
    }
  }
}
