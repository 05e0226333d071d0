package dev.latchkey.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one exception family of the SDK: the server answered with an error status, no usable answer
 * arrived at all, or an access token was refused.
 *
 * <p>From {@link LatchkeyClient}, it is thrown for every status of 400 and above, except a 404 that
 * a method documents as an empty {@code Optional} or {@code false}. The server's error body is
 * parsed into its two shapes:
 *
 * <ul>
 *   <li>invalid input (400, 413): {@code {"field": ["message", ...]}}, available as {@link
 *       #fieldErrors()};
 *   <li>any other error: {@code {"error_code": ..., "user_facing_error": ...}}, available as {@link
 *       #errorCode()} and {@link #userFacingError()}; a 429 adds {@link #waitSeconds()}.
 * </ul>
 *
 * <p>The provider-key vault's routes answer in the envelopes of the APIs they are compatible with,
 * and both are read into the same accessors:
 *
 * <ul>
 *   <li>OpenRouter's, on {@code /api/v1/byok}, {@code /api/v1/ai_systems}, {@code
 *       /api/v1/workspaces} and {@code /api/v1/resolve}: {@code {"error": {"code": 400, "message":
 *       ..., "metadata": {"error_code": ..., "field_errors": {...}}}}};
 *   <li>NestJS's, on {@code /user-auth/...}: {@code {"statusCode": 400, "message": ..., "error":
 *       "Bad Request", "error_code": ..., "field_errors": {...}}}.
 * </ul>
 *
 * <p>There, {@link #errorCode()} is the {@code error_code}, {@link #userFacingError()} the {@code
 * message}, {@link #fieldErrors()} the {@code field_errors} (for a 400), and a 429's {@link
 * #waitSeconds()} comes from its {@code Retry-After} header.
 *
 * <p>When no HTTP answer arrived (connection refused, timeout, interrupted) or a successful answer
 * could not be read, {@link #status()} is the status received, or {@code 0} when there was none,
 * and {@link #getCause()} holds the underlying problem.
 *
 * <p>From {@link LatchkeyAuth}, token validation throws the two subclasses {@link
 * UnauthorizedException} (401: no valid access token) and {@link ForbiddenException} (403: a valid
 * token whose user does not meet an organization requirement), and this class itself with status
 * {@code 503} when the keys that verify tokens could not be fetched. From {@link LatchkeyApiKeys},
 * API-key validation throws {@link UnauthorizedException} (401), this class with status 429 and
 * {@link #waitSeconds()} when the server rate-limits, and with status 503 when it cannot answer.
 * The status is what a route should answer.
 *
 * <p>The message names the method, the path (never the query string) and the server's complaint; it
 * never contains the API key, an access token or an issued API key. Instances are immutable.
 */
public sealed class LatchkeyException extends RuntimeException
    permits UnauthorizedException, ForbiddenException {
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

  /** An error raised by the SDK itself, with no server body. */
  LatchkeyException(String message, int status, Throwable cause) {
    this(message, status, null, null, null, null, "", cause);
  }

  /**
   * The HTTP status the server answered with, or {@code 0} when no answer arrived; for token
   * validation, the status a protected route answers with (401, 403 or 503).
   */
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

  /**
   * The server's {@code user_facing_error} sentence, if sent; on the vault's routes, the envelope's
   * {@code message}.
   */
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
