package dev.latchkey.server.common;

/** 429: the caller must wait {@link #waitSeconds()} before trying again. */
public final class TooManyRequestsException extends ApiException {
  private final long waitSeconds;

  public TooManyRequestsException(String message, long waitSeconds) {
    super("rate_limited", message);
    this.waitSeconds = Math.max(1, waitSeconds);
  }

  public long waitSeconds() {
    return waitSeconds;
  }

  @Override
  public int status() {
    return 429;
  }
}
