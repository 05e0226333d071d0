package dev.latchkey.server.testing;

/** Raw HTTP clients for a server started outside {@link TestServer}. */
public record RawHttpFactory(int port) {
  public RawHttp anonymous() {
    return new RawHttp("http://127.0.0.1:" + port, null);
  }
}
