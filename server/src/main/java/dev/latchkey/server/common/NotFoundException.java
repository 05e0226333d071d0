package dev.latchkey.server.common;

/** 404: the addressed resource does not exist, or is not visible to the caller. */
public final class NotFoundException extends ApiException {
  public NotFoundException(String message) {
    super("not_found", message);
  }

  @Override
  public int status() {
    return 404;
  }
}
