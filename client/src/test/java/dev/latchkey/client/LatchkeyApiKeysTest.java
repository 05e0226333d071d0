package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
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
    assertThat(b.build().toString()).isEqualTo("LatchkeyApiKeys[header=Authorization, cache=off]");
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
