package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link LatchkeyApiKeys} without a server: the builder's checks, the header rules and the offline
 * token check (a refused value makes no request, so a client pointed nowhere suffices), and the
 * cache's expiry and bound. Validation against a real server is tested in the server module.
 */
class LatchkeyApiKeysTest {
  static final LatchkeyClient NOWHERE =
      LatchkeyClient.builder().baseUrl("http://127.0.0.1:1").apiKey("mgmt-key-for-tests").build();

  /** A token in the issued format with a correct checksum. */
  static String wellFormed(String random27) {
    String head = "lk_" + random27;
    return head + ApiKeyTokens.checksum(head);
  }

  @Test
  void tokenFormat_acceptsACorrectChecksum_andRefusesAnyChange() {
    String token = wellFormed("AAAAAAAAAAAAAAAAAAAAAAAAAAb");

    assertThat(ApiKeyTokens.wellFormed(token)).isTrue();
    assertThat(ApiKeyTokens.wellFormed(token.replace("AAAAb", "AAAAc"))).isFalse();
    assertThat(ApiKeyTokens.wellFormed(token.substring(0, token.length() - 1))).isFalse();
    assertThat(ApiKeyTokens.wellFormed("Lk" + token.substring(2))).isFalse();
    assertThat(ApiKeyTokens.wellFormed("")).isFalse();
    assertThat(ApiKeyTokens.wellFormed(wellFormed("AAAAAAAAAAAAAAAAAAAAAAAAAA-"))).isFalse();
  }

  @Test
  void validateHeader_refusesMissingAndMalformedHeaders_withoutARequest() {
    LatchkeyApiKeys keys = LatchkeyApiKeys.builder(NOWHERE).build();

    for (String header :
        new String[] {
          null,
          "",
          "Bearer",
          "Bearer ",
          "Basic abc",
          "Bearer  x",
          "Bearer a b",
          "lk_abc",
          "Bearer lk_abc",
          "Bearer " + wellFormed("AAAAAAAAAAAAAAAAAAAAAAAAAAb").replace('b', 'c')
        }) {
      UnauthorizedException e =
          catchThrowableOfType(UnauthorizedException.class, () -> keys.validateHeader(header));
      assertThat(e).as(String.valueOf(header)).isNotNull();
      assertThat(e.status()).isEqualTo(401);
    }
  }

  @Test
  void aWellFormedKeyThatCannotBeChecked_is503_withTheCause() {
    LatchkeyApiKeys keys = LatchkeyApiKeys.builder(NOWHERE).build();
    String token = wellFormed("AAAAAAAAAAAAAAAAAAAAAAAAAAb");

    LatchkeyException e =
        catchThrowableOfType(LatchkeyException.class, () -> keys.validateHeader("bearer " + token));
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.getCause()).isInstanceOf(LatchkeyException.class);
    assertThat(e.getMessage()).doesNotContain(token);
  }

  @Test
  void customHeader_takesTheBareKey() {
    LatchkeyApiKeys keys = LatchkeyApiKeys.builder(NOWHERE).header("X-API-Key").build();

    assertThat(keys.header()).isEqualTo("X-API-Key");
    assertThat(keys.bearer()).isFalse();
    assertThat(
            catchThrowableOfType(
                    UnauthorizedException.class,
                    () ->
                        keys.validateHeader("Bearer " + wellFormed("AAAAAAAAAAAAAAAAAAAAAAAAAAb")))
                .status())
        .isEqualTo(401);
    assertThat(LatchkeyApiKeys.builder(NOWHERE).header("authorization").build().bearer()).isTrue();
  }

  @Test
  void builder_checksItsValues() {
    LatchkeyApiKeys.Builder b = LatchkeyApiKeys.builder(NOWHERE);

    assertThatThrownBy(() -> b.header("X API Key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X API Key");
    assertThatThrownBy(() -> b.cache(Duration.ofMillis(500), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 second and PT10M");
    assertThatThrownBy(() -> b.cache(Duration.ofHours(1), 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.cache(Duration.ofSeconds(30), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0");
    assertThatThrownBy(() -> LatchkeyApiKeys.builder(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.clientAddress(null)).isInstanceOf(NullPointerException.class);
    assertThat(b.build().toString())
        .isEqualTo(
            "LatchkeyApiKeys[header=Authorization, cache=off, clientAddress=remote address]");
    assertThat(b.clientAddress(r -> null).build().toString()).endsWith("clientAddress=function]");
  }

  /** A request as a guard presents it: a remote address and headers. */
  record FakeRequest(String remoteAddress, Map<String, String> headers)
      implements LatchkeyApiKeys.ClientRequest {
    @Override
    public String header(String name) {
      return headers.get(name);
    }
  }

  @Test
  void plausibleAddresses_areIpLiterals_withoutBracketsOrZone() {
    assertThat(ClientAddresses.plausible("203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(ClientAddresses.plausible(" 2001:DB8::7 ")).isEqualTo("2001:DB8::7");
    assertThat(ClientAddresses.plausible("[::1]")).isEqualTo("::1");
    assertThat(ClientAddresses.plausible("fe80::1%eth0")).isEqualTo("fe80::1");
    assertThat(ClientAddresses.plausible("::ffff:192.0.2.1")).isEqualTo("::ffff:192.0.2.1");
    for (String bad :
        new String[] {
          null,
          "",
          " ",
          "[]",
          "unknown",
          "localhost",
          "abc",
          "10.0.0.1, 10.0.0.2",
          "10.0.0.1\r\nX-Evil: 1",
          "1.2.3.4:8080x",
          "%eth0",
          "1".repeat(60) + ":" + "1".repeat(10)
        }) {
      assertThat(ClientAddresses.plausible(bad)).as(String.valueOf(bad)).isNull();
    }
    assertThat(ClientAddresses.required(null)).isNull();
  }

  @Test
  void clientAddress_isTheRemoteAddressByDefault_andNeverAHeader() {
    LatchkeyApiKeys keys = LatchkeyApiKeys.builder(NOWHERE).build();

    assertThat(
            keys.clientAddress(
                new FakeRequest("[2001:db8::1]", Map.of("X-Forwarded-For", "198.51.100.1"))))
        .isEqualTo("2001:db8::1");
    assertThat(keys.clientAddress(new FakeRequest("unix:/run/app.sock", Map.of()))).isNull();
    assertThat(keys.clientAddress(new FakeRequest(null, Map.of()))).isNull();
  }

  @Test
  void clientAddressFunction_wins_butFallsBackToTheRemoteAddressWhenItNamesNoIp() {
    LatchkeyApiKeys keys =
        LatchkeyApiKeys.builder(NOWHERE).clientAddress(r -> r.header("X-Client")).build();

    assertThat(keys.clientAddress(new FakeRequest("10.0.0.1", Map.of("X-Client", " 203.0.113.7"))))
        .isEqualTo("203.0.113.7");
    assertThat(keys.clientAddress(new FakeRequest("10.0.0.1", Map.of()))).isEqualTo("10.0.0.1");
    assertThat(keys.clientAddress(new FakeRequest("10.0.0.1", Map.of("X-Client", "evil"))))
        .isEqualTo("10.0.0.1");
    assertThat(keys.clientAddress(new FakeRequest("bogus", Map.of("X-Client", "evil")))).isNull();
  }

  @Test
  void anImplausibleClientAddress_isRefusedBeforeAnyRequest() {
    LatchkeyApiKeys keys = LatchkeyApiKeys.builder(NOWHERE).build();
    String token = wellFormed("AAAAAAAAAAAAAAAAAAAAAAAAAAb");

    // NOWHERE answers every request with 503: an IllegalArgumentException means none was made
    for (String bad : new String[] {"", "localhost", "10.0.0.1\nX: y", "10.0.0.1, 10.0.0.2"}) {
      assertThatThrownBy(() -> keys.validate(token, bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("clientAddress must be an IPv4 or IPv6 address")
          .hasMessageNotContaining("\n");
      assertThatThrownBy(() -> keys.validateHeader("Bearer " + token, bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> NOWHERE.validateApiKey(token, bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> NOWHERE.validatePersonalApiKey(token, bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> NOWHERE.validateOrgApiKey(token, bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> NOWHERE.validateImportedApiKey(token, bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    LatchkeyException unreachable =
        catchThrowableOfType(LatchkeyException.class, () -> keys.validate(token, "[::1]"));
    assertThat(unreachable.status()).as("a good address goes on to the request").isEqualTo(503);
  }

  @Test
  void cache_expiresAfterItsTtl_andDropsTheLeastRecentlyUsedBeyondItsSize() {
    KeyServer.TestClock clock = new KeyServer.TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    ValidationCache cache = new ValidationCache(Duration.ofSeconds(10), 2, clock);
    ApiKeyValidation a = validation("a");
    ApiKeyValidation b = validation("b");

    cache.put("token-a", a);
    cache.put("token-b", b);
    assertThat(cache.get("token-a")).isSameAs(a);
    cache.put("token-c", validation("c"));
    assertThat(cache.get("token-b")).as("least recently used").isNull();
    assertThat(cache.get("token-a")).isSameAs(a);
    assertThat(cache.size()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(9));
    assertThat(cache.get("token-a")).isSameAs(a);
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.get("token-a")).isNull();
    cache.remove("token-c");
    assertThat(cache.size()).isZero();
  }

  static ApiKeyValidation validation(String id) {
    return new ApiKeyValidation(id, null, Optional.empty(), Optional.empty(), Optional.empty());
  }
}
