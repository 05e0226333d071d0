package dev.latchkey.server.common;

/** 409: the request is well formed but clashes with the current state. */
public final class ConflictException extends ApiException {
  public ConflictException(String message) {
    super("conflict", message);
  }

  @Override
  public int status() {
    return 409;
  }
}
