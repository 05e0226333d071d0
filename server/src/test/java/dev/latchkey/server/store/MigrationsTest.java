package dev.latchkey.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Both dialects have the same migrations, and the start-up shortcut knows the newest one. */
class MigrationsTest {
  private static final Pattern VERSION = Pattern.compile("^V(\\d+)__.*\\.sql$");

  private static List<String> files(String dialect) throws IOException {
    try (Stream<Path> s = Files.list(Path.of("src/main/resources/db/migration", dialect))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void sqliteAndPostgresql_haveTheSameMigrationNames() throws IOException {
    assertThat(files("sqlite")).isEqualTo(files("postgresql")).isNotEmpty();
  }

  @Test
  void schemaVersion_isTheNewestMigration() throws IOException {
    int newest = 0;
    for (String name : files("sqlite")) {
      Matcher m = VERSION.matcher(name);
      assertThat(m.matches()).as(name).isTrue();
      newest = Math.max(newest, Integer.parseInt(m.group(1)));
    }
    assertThat(Database.SCHEMA_VERSION).isEqualTo(newest);
  }
}
