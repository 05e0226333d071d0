package dev.latchkey.client;

import java.time.Duration;
import java.util.Objects;

/**
 * One rate-limit window of an issued API key: at most {@code limit} validations per {@code
 * durationMs}. Every window of a key applies to every validation; over one, validation answers 429
 * with {@link LatchkeyException#waitSeconds()}. Windows are counted per server node. Immutable and
 * thread-safe.
 *
 * @param name the window's name, 1 to 32 of {@code a-z}, {@code 0-9}, {@code _}, {@code .}, {@code
 *     -}, unique per key
 * @param limit validations allowed per window, 1 to 1,000,000,000
 * @param durationMs the window's length in milliseconds, 1 second to 30 days
 */
public record ApiKeyRateLimit(String name, long limit, long durationMs) {

  /**
   * @throws NullPointerException if {@code name} is null
   */
  public ApiKeyRateLimit {
    Objects.requireNonNull(name, "name");
  }

  /**
   * At most {@code limit} validations per {@code window}.
   *
   * @throws NullPointerException if {@code name} or {@code window} is null
   */
  public static ApiKeyRateLimit of(String name, long limit, Duration window) {
    return new ApiKeyRateLimit(name, limit, Objects.requireNonNull(window, "window").toMillis());
  }
}
