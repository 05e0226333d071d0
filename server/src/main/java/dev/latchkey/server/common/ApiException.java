package dev.latchkey.server.common;

/**
 * The root of Latchkey's small exception family. Each subclass stands for one HTTP status; the
 * mapping to a response happens in exactly one place ({@code app.ErrorMapping}).
 */
public abstract sealed class ApiException extends RuntimeException
    permits InvalidInputException,
        NotFoundException,
        ConflictException,
        UnauthorizedException,
        ForbiddenException,
        TooManyRequestsException,
        UpstreamException {

  private final String code;

  protected ApiException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /** A stable machine-readable code such as {@code not_found}. */
  public String code() {
    return code;
  }

  public abstract int status();
}
