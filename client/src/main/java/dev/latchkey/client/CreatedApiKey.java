package dev.latchkey.client;

/**
 * The answer to {@code createApiKey} and {@code rerollApiKey}: the only time the token is shown.
 * Hand it to its owner at once; the server keeps only a digest. Immutable and thread-safe; {@link
 * #toString()} leaves the token out.
 *
 * @param apiKeyId the key's id, 32 lower-case hexadecimal characters
 * @param apiKeyToken the secret token, such as {@code lk_...} (see the token format in the API
 *     documentation)
 */
public record CreatedApiKey(String apiKeyId, String apiKeyToken) {

  @Override
  public String toString() {
    return "CreatedApiKey[apiKeyId=" + apiKeyId + ", apiKeyToken=[redacted]]";
  }
}
