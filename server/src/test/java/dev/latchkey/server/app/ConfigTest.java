package dev.latchkey.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void defaults_portDataDirSqliteAndPublicUrl() {
    Config c = Config.from(List.of(), Map.of());
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.dataDir().toString()).endsWith("data");
    assertThat(c.databaseUrl()).startsWith("jdbc:sqlite:").endsWith("latchkey.db");
    assertThat(c.issuer()).isEqualTo("http://localhost:8080");
    assertThat(c.smtpUrl()).isNull();
  }

  @Test
  void flags_winOverEnvironment() {
    Config c =
        Config.from(
            List.of("--port", "9001", "--data-dir=/tmp/x"), Map.of("LATCHKEY_PORT", "9000"));
    assertThat(c.port()).isEqualTo(9001);
    assertThat(c.dataDir().toString()).isEqualTo("/tmp/x");
    assertThat(c.databaseUrl()).isEqualTo("jdbc:sqlite:/tmp/x/latchkey.db");
  }

  @Test
  void issuer_isTheOriginWithoutTrailingSlashOrDefaultPort() {
    assertThat(
            Config.from(List.of(), Map.of("LATCHKEY_PUBLIC_URL", "https://auth.example.com:443/"))
                .issuer())
        .isEqualTo("https://auth.example.com");
    assertThat(
            Config.from(List.of(), Map.of("LATCHKEY_PUBLIC_URL", "http://127.0.0.1:8123/"))
                .issuer())
        .isEqualTo("http://127.0.0.1:8123");
  }

  @Test
  void badValues_failWithMessagesNamingTheSetting() {
    assertThatThrownBy(() -> Config.from(List.of("--port", "99999"), Map.of()))
        .hasMessageContaining("--port")
        .hasMessageContaining("99999");
    assertThatThrownBy(() -> Config.from(List.of("--port", "abc"), Map.of()))
        .hasMessageContaining("whole number");
    assertThatThrownBy(
            () -> Config.from(List.of(), Map.of("LATCHKEY_DATABASE_URL", "jdbc:mysql://x")))
        .hasMessageContaining("LATCHKEY_DATABASE_URL");
    assertThatThrownBy(() -> Config.from(List.of(), Map.of("LATCHKEY_PUBLIC_URL", "ftp://x")))
        .hasMessageContaining("LATCHKEY_PUBLIC_URL");
    assertThatThrownBy(() -> Config.from(List.of(), Map.of("LATCHKEY_BOOTSTRAP_API_KEY", "short")))
        .hasMessageContaining("at least 24");
    assertThatThrownBy(
            () -> Config.from(List.of(), Map.of("LATCHKEY_SMTP_URL", "mail.example.com")))
        .hasMessageContaining("smtp://");
    assertThatThrownBy(() -> Config.from(List.of("--bogus", "1"), Map.of()))
        .hasMessageContaining("unknown flag --bogus");
  }
}
