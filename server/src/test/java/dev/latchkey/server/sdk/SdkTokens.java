package dev.latchkey.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.server.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Helpers of the SDK's token and route-guard tests: tokens from the real server, plain HTTP. */
final class SdkTokens {
  /** The issuer of the test servers' tokens (their LATCHKEY_PUBLIC_URL). */
  static final String TEST_ISSUER = "http://127.0.0.1:1";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private SdkTokens() {}

  /** {@code create_access_token} for the user, valid for {@code minutes}. */
  static String accessToken(RawHttp http, String userId, int minutes) {
    return accessToken(http, userId, minutes, null);
  }

  /** {@code create_access_token} for the user with an active org (null: all orgs). */
  static String accessToken(RawHttp http, String userId, int minutes, String activeOrgId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user_id", userId);
    body.put("duration_in_minutes", minutes);
    if (activeOrgId != null) {
      body.put("active_org_id", activeOrgId);
    }
    var r = http.post("/api/backend/v1/access_token", RawHttp.json(body));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  record Response(int status, String body, HttpHeaders headers) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  /** GET with exactly the given Authorization header values (none, one, or several). */
  static Response get(String url, String... authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    for (String value : authorization) {
      b.header("Authorization", value);
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  /** A port nothing listens on (it was free a moment ago). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Forwards a chosen local port to a target, so that a server can "come up" at an address the SDK
   * was already configured with.
   */
  static final class PortForwarder implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    PortForwarder(int listenPort, int targetPort) throws IOException {
      server = new ServerSocket(listenPort, 50, java.net.InetAddress.getLoopbackAddress());
      Thread.ofVirtual()
          .start(
              () -> {
                while (!server.isClosed()) {
                  try {
                    Socket client = server.accept();
                    Socket upstream = new Socket("127.0.0.1", targetPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    pipe(client, upstream);
                    pipe(upstream, client);
                  } catch (IOException e) {
                    return;
                  }
                }
              });
    }

    private static void pipe(Socket from, Socket to) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                  in.transferTo(out);
                } catch (IOException ignored) {
                  // the other side went away
                }
              });
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}
