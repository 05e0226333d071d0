package dev.latchkey.server.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The usage rules of a key: named rate-limit windows and usage credits with optional refill. */
final class Limits {
  private Limits() {}

  /** {@code limit} validations per {@code duration_ms}, counted per key and per name. */
  record RateLimit(String name, long limit, long durationMs) {}

  /**
   * How credits come back: {@code daily} at 00:00 UTC, or {@code monthly} on {@code refill_day}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Refill(String interval, Long amount, Integer refillDay) {}

  /** {@code remaining} credits (null: unlimited) and how they refill. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Credits(Long remaining, Refill refill) {}

  static final int MAX_RATE_LIMITS = 10;

  static List<RateLimit> none() {
    return List.of();
  }
}
