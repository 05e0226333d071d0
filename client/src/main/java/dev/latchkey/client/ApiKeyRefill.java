package dev.latchkey.client;

import java.util.Objects;

/**
 * How an issued API key's credits come back: set to {@code amount} every day at 00:00 UTC, or every
 * month on {@code refillDay} (the month's last day when it is shorter). Immutable and thread-safe.
 *
 * @param interval {@value #DAILY} or {@value #MONTHLY}
 * @param amount the balance after a refill, 1 or more
 * @param refillDay for a monthly refill, the day of the month, 1 to 31 (default 1); null otherwise
 */
public record ApiKeyRefill(String interval, long amount, Integer refillDay) {
  /** Refills every day at 00:00 UTC. */
  public static final String DAILY = "daily";

  /** Refills every month on {@code refill_day}. */
  public static final String MONTHLY = "monthly";

  /**
   * @throws NullPointerException if {@code interval} is null
   */
  public ApiKeyRefill {
    Objects.requireNonNull(interval, "interval");
  }

  /** Back to {@code amount} every day at 00:00 UTC. */
  public static ApiKeyRefill daily(long amount) {
    return new ApiKeyRefill(DAILY, amount, null);
  }

  /** Back to {@code amount} every month on {@code refillDay} (1 to 31). */
  public static ApiKeyRefill monthly(long amount, int refillDay) {
    return new ApiKeyRefill(MONTHLY, amount, refillDay);
  }
}
