package dev.latchkey.server.session;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

final class RawHttpCookies {
  private RawHttpCookies() {}

  /** Status of a body-less POST that carries one cookie. */
  static int post(String url, String cookie) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Cookie", cookie)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
