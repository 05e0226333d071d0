package dev.latchkey.server.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Counts failures per key (an email address, a client address) in fixed windows that start at the
 * first failure. In memory, per node: the persistent lockout on the account is what holds across
 * nodes.
 */
public final class FailureThrottle {
  private final int max;
  private final Duration window;
  private final Clock clock;
  private final Cache<String, long[]> windows;

  public FailureThrottle(int max, Duration window, Clock clock) {
    this.max = max;
    this.window = window;
    this.clock = clock;
    this.windows = Caffeine.newBuilder().maximumSize(100_000).build();
  }

  /** Seconds to wait before {@code key} may try again, or empty if it may try now. */
  public OptionalLong retryAfter(String key) {
    long[] w = windows.getIfPresent(key);
    long now = clock.millis();
    if (w == null || now >= w[0] + window.toMillis() || w[1] < max) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.max(1, (w[0] + window.toMillis() - now + 999) / 1000));
  }

  public void fail(String key) {
    long now = clock.millis();
    windows
        .asMap()
        .compute(
            key,
            (k, w) -> {
              if (w == null || now >= w[0] + window.toMillis()) {
                return new long[] {now, 1};
              }
              return new long[] {w[0], w[1] + 1};
            });
  }

  public void reset(String key) {
    windows.invalidate(key);
  }
}
