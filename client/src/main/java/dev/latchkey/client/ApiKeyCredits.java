package dev.latchkey.client;

/**
 * The usage credits of an issued API key: each successful validation takes one. With none left,
 * validation answers 429 with {@link LatchkeyException#waitSeconds()} until the next refill, or 400
 * when the key never refills. Balances are kept per server node and written in batches. Immutable
 * and thread-safe.
 *
 * @param remaining the credits left, 0 to 10<sup>12</sup>; null for unlimited
 * @param refill how they come back, or null for never
 */
public record ApiKeyCredits(Long remaining, ApiKeyRefill refill) {

  /** {@code remaining} credits that never refill. */
  public static ApiKeyCredits of(long remaining) {
    return new ApiKeyCredits(remaining, null);
  }

  /** {@code remaining} credits that come back as {@code refill} says. */
  public static ApiKeyCredits of(long remaining, ApiKeyRefill refill) {
    return new ApiKeyCredits(remaining, refill);
  }

  /** No credit limit: in {@code updateApiKey}, removes the key's limit. */
  public static ApiKeyCredits unlimited() {
    return new ApiKeyCredits(null, null);
  }
}
