package dev.latchkey.server.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

final class RawHttpSupport {
  private RawHttpSupport() {}

  /** Status of a GET with one custom header. */
  static int withHeader(String url, String name, String value) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).header(name, value).GET().build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
