package dev.latchkey.client;

import java.util.Map;
import java.util.Objects;

/**
 * A request signed with a keypair, as received, for {@link KeyPairs#verify}: the method, the path
 * with its query exactly as sent, and the headers the signature covers ({@code Authorization},
 * {@code Date} or {@code X-BackendAI-Date}, {@code Content-Type}, {@code Host}, {@code
 * X-BackendAI-Version}). Header names are matched ignoring case.
 *
 * @param method the HTTP method
 * @param path the path and query, such as {@code /func/session?x=1}
 * @param headers header name to value
 */
public record SignedRequest(String method, String path, Map<String, String> headers) {
  /** Copies the headers; every argument is required. */
  public SignedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
  }
}
