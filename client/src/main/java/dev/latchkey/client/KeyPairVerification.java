package dev.latchkey.client;

import java.util.Map;

/**
 * The server's answer about a {@link SignedRequest}: admitted with the {@link VerifiedKeyPair}, or
 * refused with the status a route should answer (401, or 429 over the rate limit), the reason code
 * ({@code bad_signature}, {@code clock_skew}, {@code unknown_access_key}, {@code inactive}, {@code
 * replayed}, {@code rate_limited}, ...) and the headers to pass on ({@code X-RateLimit-Limit},
 * {@code X-RateLimit-Remaining}, {@code X-RateLimit-Window}, {@code Retry-After}). Immutable.
 *
 * @param status 200 when admitted, else 401 or 429
 * @param reason null when admitted, else the reason code
 * @param keyPair the keypair when admitted, else null
 * @param headers the rate-limit headers (and Retry-After on a 429); unmodifiable
 */
public record KeyPairVerification(
    int status, String reason, VerifiedKeyPair keyPair, Map<String, String> headers) {
  /** Copies the headers. */
  public KeyPairVerification {
    headers = Map.copyOf(headers);
  }

  /** Whether the signature holds and the keypair may make this request. */
  public boolean valid() {
    return status == 200;
  }
}
