package dev.latchkey.server.vault;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a provider's API key looks like, so that a mistyped or truncated key is refused at write
 * with a message naming the rule, and how a stored key is shown (masked). Unknown providers get the
 * generic rule: 8 to 4096 printable characters without spaces.
 */
final class ProviderRules {
  static final int MAX_KEY = 4096;
  private static final Pattern PRINTABLE = Pattern.compile("^[\\x21-\\x7e]+$");

  /** A rule: the expected form in words, and the pattern that checks it. */
  record Rule(String description, Pattern pattern) {}

  private static Rule rule(String description, String regex) {
    return new Rule(description, Pattern.compile(regex));
  }

  private static final Map<String, Rule> RULES =
      Map.ofEntries(
          Map.entry(
              "openai",
              rule(
                  "an OpenAI key: 'sk-' then 20 to 300 letters, digits, '-' or '_'",
                  "^sk-[A-Za-z0-9_-]{20,300}$")),
          Map.entry(
              "anthropic",
              rule(
                  "an Anthropic key: 'sk-ant-' then 20 to 300 letters, digits, '-' or '_'",
                  "^sk-ant-[A-Za-z0-9_-]{20,300}$")),
          Map.entry(
              "azure",
              rule("an Azure OpenAI key: 32 to 100 letters and digits", "^[A-Za-z0-9]{32,100}$")),
          Map.entry("mistral", rule("a Mistral key: 32 letters and digits", "^[A-Za-z0-9]{32}$")),
          Map.entry(
              "togetherai",
              rule(
                  "a Together AI key: 32 to 128 letters, digits or '_'", "^[A-Za-z0-9_]{32,128}$")),
          Map.entry(
              "together",
              rule(
                  "a Together AI key: 32 to 128 letters, digits or '_'", "^[A-Za-z0-9_]{32,128}$")),
          Map.entry(
              "lambdalabs",
              rule(
                  "a Lambda key: 'secret_' then 20 to 200 characters",
                  "^secret_[A-Za-z0-9_.-]{20,200}$")),
          Map.entry(
              "databricks",
              rule(
                  "a Databricks token: 'dapi' then 32 hexadecimal digits (and an optional '-' suffix)",
                  "^dapi[0-9a-f]{32}(-[0-9]+)?$")),
          Map.entry(
              "gemini",
              rule("a Google AI Studio key: 'AIza' then 35 characters", "^AIza[0-9A-Za-z_-]{35}$")),
          Map.entry(
              "google-ai-studio",
              rule("a Google AI Studio key: 'AIza' then 35 characters", "^AIza[0-9A-Za-z_-]{35}$")),
          Map.entry(
              "groq",
              rule(
                  "a Groq key: 'gsk_' then 20 to 200 letters and digits",
                  "^gsk_[A-Za-z0-9]{20,200}$")),
          Map.entry(
              "xai",
              rule(
                  "an xAI key: 'xai-' then 20 to 200 letters and digits",
                  "^xai-[A-Za-z0-9]{20,200}$")),
          Map.entry(
              "deepseek",
              rule(
                  "a DeepSeek key: 'sk-' then 20 to 200 letters and digits",
                  "^sk-[A-Za-z0-9]{20,200}$")),
          Map.entry(
              "perplexity",
              rule(
                  "a Perplexity key: 'pplx-' then 20 to 200 letters and digits",
                  "^pplx-[A-Za-z0-9]{20,200}$")),
          Map.entry(
              "fireworks",
              rule(
                  "a Fireworks key: 'fw_' then 20 to 200 letters and digits",
                  "^fw_[A-Za-z0-9]{20,200}$")),
          Map.entry(
              "bedrock",
              rule(
                  "an Amazon Bedrock credential: an API key ('ABSK...') or 'ACCESS_KEY_ID:SECRET_ACCESS_KEY'",
                  "^(ABSK[A-Za-z0-9+/=]{20,2000}|(AKIA|ASIA)[A-Z0-9]{16}:[A-Za-z0-9/+=]{40})$")),
          Map.entry(
              "amazon-bedrock",
              rule(
                  "an Amazon Bedrock credential: an API key ('ABSK...') or 'ACCESS_KEY_ID:SECRET_ACCESS_KEY'",
                  "^(ABSK[A-Za-z0-9+/=]{20,2000}|(AKIA|ASIA)[A-Z0-9]{16}:[A-Za-z0-9/+=]{40})$")));

  /** DynamoAI's provider types (ProviderTypeEnum); OpenRouter slugs are any lower-case slug. */
  static final java.util.List<String> DYNAMO_PROVIDERS =
      java.util.List.of(
          "azure",
          "openai",
          "anthropic",
          "mistral",
          "togetherai",
          "lambdalabs",
          "databricks",
          "bedrock",
          "gemini",
          "custom_model");

  /** DynamoAI provider names that OpenRouter spells differently; the store keeps OpenRouter's. */
  private static final Map<String, String> DYNAMO_TO_CANONICAL =
      Map.of("bedrock", "amazon-bedrock", "gemini", "google-ai-studio", "togetherai", "together");

  private static final Map<String, String> CANONICAL_TO_DYNAMO =
      Map.of("amazon-bedrock", "bedrock", "google-ai-studio", "gemini", "together", "togetherai");

  /**
   * The stored spelling of a provider named in either view (lower-cased, DynamoAI names mapped).
   */
  static String canonical(String provider) {
    String p = provider.strip().toLowerCase(Locale.ROOT);
    return DYNAMO_TO_CANONICAL.getOrDefault(p, p);
  }

  /** How the DynamoAI view names a stored provider. */
  static String dynamoName(String canonical) {
    return CANONICAL_TO_DYNAMO.getOrDefault(canonical, canonical);
  }

  private static final Pattern SLUG =
      Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}(/[a-z0-9][a-z0-9._-]{0,62})?$");

  private ProviderRules() {}

  static boolean validSlug(String provider) {
    return provider != null && SLUG.matcher(provider).matches();
  }

  /** Why {@code key} cannot be a key of {@code provider}, or empty when it has the right form. */
  static Optional<String> problem(String provider, String key) {
    if (key.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (key.length() > MAX_KEY) {
      return Optional.of("must be at most " + MAX_KEY + " characters, got " + key.length());
    }
    if (!PRINTABLE.matcher(key).matches()) {
      return Optional.of("must not contain spaces or control characters");
    }
    Rule rule = RULES.get(provider.toLowerCase(Locale.ROOT));
    if (rule == null) {
      return key.length() < 8 ? Optional.of("must be at least 8 characters") : Optional.empty();
    }
    return rule.pattern().matcher(key).matches()
        ? Optional.empty()
        : Optional.of("must be " + rule.description());
  }

  /** The masked label shown instead of a key: its first three and last four characters. */
  static String mask(String key) {
    if (key.length() <= 10) {
      return "..." + key.substring(Math.max(0, key.length() - 2));
    }
    return key.substring(0, 3) + "..." + key.substring(key.length() - 4);
  }
}
