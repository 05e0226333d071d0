package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatchkeyClientBuilderTest {
  static final String KEY = "lk_mgmt_secret_value_0123456789";

  @Test
  void build_withBaseUrlAndKey_namesTheServerButNeverTheKey() {
    LatchkeyClient client =
        LatchkeyClient.builder().baseUrl("https://auth.example.com/").apiKey(KEY).build();

    assertThat(client.toString()).contains("https://auth.example.com").doesNotContain(KEY);
  }

  @Test
  void baseUrl_keepsAPathPrefix_withoutTrailingSlashes() {
    LatchkeyClient client =
        LatchkeyClient.builder()
            .baseUrl(URI.create("HTTP://127.0.0.1:8080/latchkey//"))
            .apiKey(KEY)
            .build();

    assertThat(client.toString()).contains("http://127.0.0.1:8080/latchkey]");
  }

  @Test
  void baseUrl_withOtherScheme_failsNamingTheValueAndTheRule() {
    assertThatThrownBy(() -> LatchkeyClient.builder().baseUrl("ftp://auth.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http or https")
        .hasMessageContaining("ftp://auth.example.com");
  }

  @Test
  void baseUrl_relativeOrWithoutHost_fails() {
    assertThatThrownBy(() -> LatchkeyClient.builder().baseUrl("auth.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auth.example.com");
    assertThatThrownBy(() -> LatchkeyClient.builder().baseUrl("https:///path"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatchkeyClient.builder().baseUrl("http://exa mple.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exa mple");
  }

  @Test
  void baseUrl_withQueryOrFragment_fails() {
    assertThatThrownBy(() -> LatchkeyClient.builder().baseUrl("https://a.example.com/?x=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query");
    assertThatThrownBy(() -> LatchkeyClient.builder().baseUrl("https://a.example.com/#top"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fragment");
  }

  @Test
  void baseUrl_withUserInfo_failsWithoutRepeatingIt() {
    assertThatThrownBy(() -> LatchkeyClient.builder().baseUrl("https://bob:hunter2@a.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user info")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void apiKey_blank_fails() {
    assertThatThrownBy(() -> LatchkeyClient.builder().apiKey("   "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apiKey must not be blank");
  }

  @Test
  void apiKey_withWhitespaceOrControlCharacters_failsWithoutRepeatingTheKey() {
    String bad = "lk_mgmt_abc\r\nX-Evil: 1";
    assertThatThrownBy(() -> LatchkeyClient.builder().apiKey(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whitespace or control characters")
        .hasMessageNotContaining("lk_mgmt_abc");
  }

  @Test
  void build_withoutBaseUrlOrKey_failsNamingWhatIsMissing() {
    assertThatThrownBy(() -> LatchkeyClient.builder().apiKey(KEY).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("baseUrl is required");
    assertThatThrownBy(() -> LatchkeyClient.builder().baseUrl("https://a.example.com").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apiKey is required");
  }

  @Test
  void timeout_zeroOrNegative_failsNamingTheValue() {
    assertThatThrownBy(() -> LatchkeyClient.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive, got PT0S");
    assertThatThrownBy(() -> LatchkeyClient.builder().timeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullArguments_failFastNamingTheParameter() {
    assertThatThrownBy(() -> LatchkeyClient.builder().baseUrl((String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("baseUrl");
    assertThatThrownBy(() -> LatchkeyClient.builder().apiKey(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("apiKey");
    assertThatThrownBy(() -> LatchkeyClient.builder().httpClient(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("httpClient");
  }

  @Test
  void methods_withNullIds_failBeforeAnyRequest() {
    LatchkeyClient client =
        LatchkeyClient.builder().baseUrl("http://127.0.0.1:1").apiKey(KEY).build();

    assertThatThrownBy(() -> client.fetchUserMetadataByUserId(null, false))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("userId");
    assertThatThrownBy(() -> client.deleteOrg(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("orgId");
  }

  @Test
  void methods_withMalformedIds_answerNotFoundWithoutAnyRequest() {
    LatchkeyClient unreachable =
        LatchkeyClient.builder().baseUrl("http://127.0.0.1:1").apiKey(KEY).build();

    assertThat(unreachable.fetchUserMetadataByUserId("42", false)).isEmpty();
    assertThat(unreachable.fetchOrg("acme")).isEmpty();
    assertThat(unreachable.deleteUser("../org/x")).isFalse();
    assertThat(unreachable.revokeManagementKey("bootstrap")).isFalse();
    assertThat(unreachable.fetchUsersInOrg(UsersInOrgQuery.builder("acme").build()).users())
        .isEmpty();
  }
}
