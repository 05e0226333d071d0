package dev.latchkey.server.common;

/** 502: a service Latchkey must ask (a provider checking a key) could not answer. */
public final class UpstreamException extends ApiException {
  public UpstreamException(String code, String message) {
    super(code, message);
  }

  @Override
  public int status() {
    return 502;
  }
}
