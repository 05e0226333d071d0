package dev.latchkey.server.keypair;

import dev.latchkey.server.common.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filter and order expressions of the paginated keypair list, compiled to SQL with every value
 * a bound parameter and every column from a fixed list.
 *
 * <pre>
 * filter     := or
 * or         := and ( "|" and )*
 * and        := primary ( "&amp;" primary )*
 * primary    := "(" or ")" | comparison
 * comparison := field op value
 * op         := "==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "ilike"
 * value      := "double-quoted string" (\" and \\ escape) | integer | true | false | null
 * order      := [ "+" | "-" ] field ( "," [ "+" | "-" ] field )*
 * </pre>
 *
 * Text fields take strings ({@code ilike} patterns use {@code %} and {@code _}); numbers take
 * integers; booleans take {@code true}/{@code false}; times take an ISO-8601 instant in quotes or
 * epoch seconds; {@code null} only with {@code ==}/{@code !=} on {@code last_used}. A filter is at
 * most 2000 characters, 32 comparisons and 16 levels of parentheses.
 */
final class FilterGrammar {
  static final int MAX_LENGTH = 2000;
  static final int MAX_COMPARISONS = 32;
  static final int MAX_DEPTH = 16;

  enum Type {
    TEXT,
    INTEGER,
    BOOLEAN,
    TIME
  }

  record Field(String column, Type type, boolean nullable) {}

  static final Map<String, Field> FIELDS = fields();

  private static Map<String, Field> fields() {
    Map<String, Field> f = new LinkedHashMap<>();
    f.put("access_key", new Field("k.access_key", Type.TEXT, false));
    f.put("user_id", new Field("k.user_id", Type.TEXT, false));
    f.put("email", new Field("u.email", Type.TEXT, false));
    f.put("is_active", new Field("k.is_active", Type.BOOLEAN, false));
    f.put("is_admin", new Field("k.is_admin", Type.BOOLEAN, false));
    f.put("resource_policy", new Field("k.resource_policy", Type.TEXT, false));
    f.put("rate_limit", new Field("k.rate_limit", Type.INTEGER, false));
    f.put("num_queries", new Field("k.num_queries", Type.INTEGER, false));
    f.put("created_at", new Field("k.created_at", Type.TIME, false));
    f.put("updated_at", new Field("k.updated_at", Type.TIME, false));
    f.put("last_used", new Field("k.last_used", Type.TIME, true));
    return Map.copyOf(f);
  }

  /** A compiled condition: SQL text with {@code :f0, :f1, ...} and their values. */
  record Where(String sql, Map<String, Object> binds) {}

  private FilterGrammar() {}

  static Where filter(String text) {
    if (text.length() > MAX_LENGTH) {
      throw error("filter", "must be at most " + MAX_LENGTH + " characters, got " + text.length());
    }
    Parser p = new Parser(text);
    String sql = p.or(0);
    p.skipSpace();
    if (p.pos < text.length()) {
      throw p.fail("unexpected '" + text.charAt(p.pos) + "'");
    }
    return new Where(sql, p.binds);
  }

  /** {@code +field,-field}: the ORDER BY list, always ending with the access key. */
  static String order(String text) {
    if (text.length() > 200) {
      throw error("order", "must be at most 200 characters, got " + text.length());
    }
    List<String> parts = new ArrayList<>();
    int pos = 0;
    for (String item : text.split(",", -1)) {
      String s = item.strip();
      String direction = "ASC";
      if (s.startsWith("+") || s.startsWith("-")) {
        direction = s.startsWith("-") ? "DESC" : "ASC";
        s = s.substring(1).strip();
      }
      Field f = FIELDS.get(s);
      if (f == null) {
        throw error(
            "order",
            "unknown field '"
                + abbreviate(s)
                + "' at position "
                + pos
                + "; fields: "
                + String.join(", ", FIELDS.keySet().stream().sorted().toList()));
      }
      // never-used (null) sorts as the oldest on both databases: SQLite puts NULL first
      // ascending by itself, PostgreSQL last
      parts.add(
          f.column()
              + " "
              + direction
              + (f.nullable() ? (direction.equals("ASC") ? " NULLS FIRST" : " NULLS LAST") : ""));
      pos += item.length() + 1;
    }
    parts.add("k.access_key ASC");
    return String.join(", ", parts);
  }

  private static InvalidInputException error(String field, String message) {
    return InvalidInputException.of(field, message);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private static final class Parser {
    private final String text;
    private int pos;
    private int comparisons;
    private final Map<String, Object> binds = new LinkedHashMap<>();

    Parser(String text) {
      this.text = text;
    }

    InvalidInputException fail(String message) {
      return error("filter", message + " at position " + pos);
    }

    void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    boolean eat(char c) {
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    String or(int depth) {
      List<String> terms = new ArrayList<>();
      terms.add(and(depth));
      while (eat('|')) {
        terms.add(and(depth));
      }
      return terms.size() == 1 ? terms.get(0) : "(" + String.join(" OR ", terms) + ")";
    }

    String and(int depth) {
      List<String> terms = new ArrayList<>();
      terms.add(primary(depth));
      while (eat('&')) {
        terms.add(primary(depth));
      }
      return terms.size() == 1 ? terms.get(0) : "(" + String.join(" AND ", terms) + ")";
    }

    String primary(int depth) {
      skipSpace();
      if (eat('(')) {
        if (depth >= MAX_DEPTH) {
          throw fail("more than " + MAX_DEPTH + " levels of parentheses");
        }
        String inner = or(depth + 1);
        if (!eat(')')) {
          throw fail(pos >= text.length() ? "missing ')'" : "expected ')'");
        }
        return "(" + inner + ")";
      }
      return comparison();
    }

    String comparison() {
      skipSpace();
      int start = pos;
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      if (start == pos) {
        throw fail(
            pos >= text.length() ? "expected a field name, got the end" : "expected a field name");
      }
      String name = text.substring(start, pos);
      Field field = FIELDS.get(name);
      if (field == null) {
        pos = start;
        throw fail(
            "unknown field '"
                + abbreviate(name)
                + "'; fields: "
                + String.join(", ", FIELDS.keySet().stream().sorted().toList()));
      }
      if (++comparisons > MAX_COMPARISONS) {
        pos = start;
        throw fail("more than " + MAX_COMPARISONS + " comparisons");
      }
      skipSpace();
      int opAt = pos;
      String op = operator();
      skipSpace();
      int valueAt = pos;
      Object value = value();
      return compile(field, name, op, opAt, value, valueAt);
    }

    String operator() {
      for (String op : List.of("==", "!=", "<=", ">=", "<", ">")) {
        if (text.startsWith(op, pos)) {
          pos += op.length();
          return op;
        }
      }
      if (text.regionMatches(true, pos, "ilike", 0, 5)
          && (pos + 5 >= text.length() || !Character.isLetterOrDigit(text.charAt(pos + 5)))) {
        pos += 5;
        return "ilike";
      }
      throw fail("expected an operator (==, !=, <, <=, >, >=, ilike)");
    }

    /** A String, Long, Boolean, or {@link #NULL}. */
    Object value() {
      if (pos >= text.length()) {
        throw fail("expected a value, got the end");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < text.length()) {
          char ch = text.charAt(pos++);
          if (ch == '"') {
            return sb.toString();
          }
          if (ch == '\\') {
            if (pos >= text.length()) {
              break;
            }
            char next = text.charAt(pos++);
            if (next != '"' && next != '\\') {
              pos -= 2;
              throw fail("unknown escape '\\" + next + "' (only \\\" and \\\\)");
            }
            sb.append(next);
          } else if (Character.isISOControl(ch)) {
            // PostgreSQL's text type refuses a NUL, and no stored value has a control character
            pos--;
            throw fail("control characters are not allowed in strings");
          } else {
            sb.append(ch);
          }
        }
        throw fail("unterminated string");
      }
      int start = pos;
      if (c == '-' || Character.isDigit(c)) {
        pos++;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
        }
        try {
          return Long.parseLong(text.substring(start, pos));
        } catch (NumberFormatException e) {
          pos = start;
          throw fail("expected an integer");
        }
      }
      while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
        pos++;
      }
      String word = text.substring(start, pos);
      switch (word) {
        case "true":
          return Boolean.TRUE;
        case "false":
          return Boolean.FALSE;
        case "null":
          return NULL;
        default:
          pos = start;
          throw fail("expected a value: a \"quoted string\", an integer, true, false or null");
      }
    }

    String compile(Field field, String name, String op, int opAt, Object value, int valueAt) {
      int after = pos;
      pos = valueAt;
      if (value == NULL) {
        if (!field.nullable()) {
          throw fail(name + " is never null");
        }
        if (!op.equals("==") && !op.equals("!=")) {
          pos = opAt;
          throw fail("null compares only with == or !=");
        }
        pos = after;
        return field.column() + (op.equals("==") ? " IS NULL" : " IS NOT NULL");
      }
      if (op.equals("ilike") && field.type() != Type.TEXT) {
        pos = opAt;
        throw fail("ilike applies only to text fields");
      }
      Object bound =
          switch (field.type()) {
            case TEXT -> {
              if (!(value instanceof String)) {
                throw fail(name + " takes a \"quoted string\"");
              }
              yield value;
            }
            case INTEGER -> {
              if (!(value instanceof Long)) {
                throw fail(name + " takes an integer");
              }
              yield value;
            }
            case BOOLEAN -> {
              if (!(value instanceof Boolean)) {
                throw fail(name + " takes true or false");
              }
              if (!op.equals("==") && !op.equals("!=")) {
                pos = opAt;
                throw fail(name + " compares only with == or !=");
              }
              yield value;
            }
            case TIME -> {
              if (value instanceof Long) {
                yield value;
              }
              if (value instanceof String s) {
                try {
                  yield Instant.parse(s).getEpochSecond();
                } catch (DateTimeParseException e) {
                  throw fail(name + " takes an ISO-8601 instant such as \"2026-01-01T00:00:00Z\"");
                }
              }
              throw fail(name + " takes a quoted ISO-8601 instant or epoch seconds");
            }
          };
      pos = after;
      String param = "f" + binds.size();
      binds.put(param, bound);
      if (op.equals("ilike")) {
        return "lower(" + field.column() + ") LIKE lower(:" + param + ")";
      }
      String sqlOp = op.equals("==") ? "=" : op.equals("!=") ? "<>" : op;
      return field.column() + " " + sqlOp + " :" + param;
    }
  }

  private static final Object NULL = new Object();
}
