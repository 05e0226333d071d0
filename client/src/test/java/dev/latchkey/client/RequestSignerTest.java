package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signer against a vector computed with Python's {@code hmac} following Backend.AI's client
 * ({@code generate_signature}), with AWS's documentation keys.
 */
class RequestSignerTest {
  @Test
  void headers_matchPythonsComputation() {
    RequestSigner signer =
        RequestSigner.builder("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
            .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00.123456Z"), ZoneOffset.UTC))
            .build();
    Map<String, String> h =
        signer.headers(
            "post",
            URI.create("https://api.example.com:8081/v4/func/session?x=1&y=%20z"),
            "application/json; charset=UTF-8");
    assertThat(h)
        .containsEntry("Date", "2026-01-01T00:00:00.123456+00:00")
        .containsEntry("X-BackendAI-Version", "v4.20190615")
        .containsEntry("Content-Type", "application/json; charset=UTF-8")
        .containsEntry(
            "Authorization",
            "BackendAI signMethod=HMAC-SHA256, credential=AKIAIOSFODNN7EXAMPLE:"
                + "48917154935142fcd86680f4b394bc9f1517c4b0b0a8495489d51945eef0559f");
    assertThat(signer.toString()).doesNotContain("EXAMPLEKEY");
  }

  @Test
  void anExplicitDefaultPort_isSignedAsTheHostWithoutIt_asJavaNetHttpSendsHost() {
    // java.net.http sends "Host: api.example.com" for https://api.example.com:443/..., so that is
    // the host the server checks the signature with
    RequestSigner signer =
        RequestSigner.builder("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
            .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00.123456Z"), ZoneOffset.UTC))
            .build();
    String https = auth(signer, "https://api.example.com/v1/run");
    assertThat(auth(signer, "https://api.example.com:443/v1/run")).isEqualTo(https);
    assertThat(auth(signer, "HTTPS://api.example.com:443/v1/run")).isEqualTo(https);
    String http = auth(signer, "http://api.example.com/v1/run");
    assertThat(auth(signer, "http://api.example.com:80/v1/run")).isEqualTo(http);
    assertThat(auth(signer, "http://api.example.com:443/v1/run")).isNotEqualTo(http);
    assertThat(auth(signer, "https://api.example.com:80/v1/run")).isNotEqualTo(https);
    assertThat(RequestSigner.host(URI.create("https://api.example.com:8443/x")))
        .isEqualTo("api.example.com:8443");
  }

  private static String auth(RequestSigner signer, String uri) {
    return signer.headers("GET", URI.create(uri), null).get("Authorization");
  }
}
