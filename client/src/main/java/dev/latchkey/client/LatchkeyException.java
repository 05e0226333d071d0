package dev.latchkey.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one exception of the SDK: the server answered with an error status, or no usable answer
 * arrived at all.
 *
 * <p>It is thrown for every status of 400 and above, except a 404 that a method documents as an
 * empty {@code Optional} or {@code false}. The server's error body is parsed into its two shapes:
 *
 * <ul>
 *   <li>invalid input (400, 413): {@code {"field": ["message", ...]}}, available as {@link
 *       #fieldErrors()};
 *   <li>any other error: {@code {"error_code": ..., "user_facing_error": ...}}, available as {@link
 *       #errorCode()} and {@link #userFacingError()}; a 429 adds {@link #waitSeconds()}.
 * </ul>
 *
 * <p>When no HTTP answer arrived (connection refused, timeout, interrupted) or a successful answer
 * could not be read, {@link #status()} is the status received, or {@code 0} when there was none,
 * and {@link #getCause()} holds the underlying problem.
 *
 * <p>The message names the method, the path (never the query string) and the server's complaint; it
 * never contains the API key. Instances are immutable.
 */
public final class LatchkeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final Map<String, List<String>> fieldErrors;
  private final String errorCode;
  private final String userFacingError;
  private final Long waitSeconds;
  private final String body;

  LatchkeyException(
      String message,
      int status,
      Map<String, List<String>> fieldErrors,
      String errorCode,
      String userFacingError,
      Long waitSeconds,
      String body,
      Throwable cause) {
    super(message, cause);
    this.status = status;
    this.fieldErrors = fieldErrors == null ? Map.of() : Map.copyOf(fieldErrors);
    this.errorCode = errorCode;
    this.userFacingError = userFacingError;
    this.waitSeconds = waitSeconds;
    this.body = body == null ? "" : body;
  }

  /** The HTTP status the server answered with, or {@code 0} when no answer arrived. */
  public int status() {
    return status;
  }

  /**
   * For invalid input: each named request field with its messages, such as {@code {"email": ["A
   * user with this email already exists"]}}. Empty, never null, for every other error.
   */
  public Map<String, List<String>> fieldErrors() {
    return fieldErrors;
  }

  /** The server's machine-readable {@code error_code}, such as {@code unauthorized}, if sent. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** The server's {@code user_facing_error} sentence, if sent. */
  public Optional<String> userFacingError() {
    return Optional.ofNullable(userFacingError);
  }

  /** For a 429: how many seconds to wait before trying again. */
  public OptionalLong waitSeconds() {
    return waitSeconds == null ? OptionalLong.empty() : OptionalLong.of(waitSeconds);
  }

  /** The raw response body as received; empty, never null, when there was none. */
  public String body() {
    return body;
  }
}
