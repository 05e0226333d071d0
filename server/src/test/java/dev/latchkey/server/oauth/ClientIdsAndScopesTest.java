package dev.latchkey.server.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientIdsAndScopesTest {
  @Test
  void normalize_followsUnion_lowerCaseAndDashes_trimmedAndBounded() {
    assertThat(ClientIds.normalize("My API Key")).isEqualTo("my-api-key");
    assertThat(ClientIds.normalize("ci_pipeline.v2")).isEqualTo("ci-pipeline-v2");
    assertThat(ClientIds.normalize("--Über Bot!!")).isEqualTo("ber-bot");
    assertThat(ClientIds.normalize("!!!")).isEmpty();
    assertThat(ClientIds.normalize("a".repeat(70) + " b")).hasSize(64).doesNotEndWith("-");
    assertThat(ClientIds.normalize("x".repeat(63) + " yz")).isEqualTo("x".repeat(63));
  }

  @Test
  void candidate_isTheBaseThenNumberedSuffixes() {
    assertThat(ClientIds.candidate("ci", 1)).isEqualTo("ci");
    assertThat(ClientIds.candidate("ci", 2)).isEqualTo("ci-2");
  }

  @Test
  void grant_withAList_onlyListedScopes_noneAskedMeansAll() {
    List<String> allowed = List.of("read", "write");
    assertThat(Scopes.grant(null, allowed)).containsExactly("read", "write");
    assertThat(Scopes.grant("write  read write", allowed)).containsExactly("write", "read");
    assertThat(Scopes.grant("read admin", allowed)).isNull();
    assertThat(Scopes.grant("", allowed)).isEmpty();
  }

  @Test
  void grant_withoutAList_anyWellFormedScope() {
    assertThat(Scopes.grant(null, null)).isEmpty();
    assertThat(Scopes.grant("a:b c/d", null)).containsExactly("a:b", "c/d");
    assertThat(Scopes.grant("bad\\slash", null)).isNull();
    assertThat(Scopes.grant("quo\"te", null)).isNull();
    assertThat(Scopes.grant("tab\there", null)).isNull();
    assertThat(Scopes.grant("x".repeat(101), null)).isNull();
    assertThat(Scopes.grant("a ".repeat(3000), null)).isNull();
  }
}
