package dev.latchkey.server.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.server.apikey.ApiKeyFeature;
import dev.latchkey.server.apikey.ApiKeyHandlers;
import dev.latchkey.server.audit.AuditHandlers;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Changes;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.crypto.MasterKeyHandlers;
import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.identity.Identity;
import dev.latchkey.server.identity.IdentityHandlers;
import dev.latchkey.server.identity.Roles;
import dev.latchkey.server.keypair.KeypairFeature;
import dev.latchkey.server.keypair.KeypairHandlers;
import dev.latchkey.server.mail.DevOutbox;
import dev.latchkey.server.mail.Mailer;
import dev.latchkey.server.mail.OutboxHandlers;
import dev.latchkey.server.mail.SmtpMailer;
import dev.latchkey.server.mgmtkey.ManagementKeyHandlers;
import dev.latchkey.server.mgmtkey.ManagementKeys;
import dev.latchkey.server.oauth.OAuthFeature;
import dev.latchkey.server.session.Login;
import dev.latchkey.server.session.LoginService;
import dev.latchkey.server.session.SessionHandlers;
import dev.latchkey.server.store.Database;
import dev.latchkey.server.token.AccessTokens;
import dev.latchkey.server.token.SigningKeys;
import dev.latchkey.server.token.TokenHandlers;
import dev.latchkey.server.vault.AuthDataHandlers;
import dev.latchkey.server.vault.ByokHandlers;
import dev.latchkey.server.vault.VaultFeature;
import dev.latchkey.server.vault.VaultHandlers;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The composition root: {@link #create} builds every part of the server from a {@link Config} and a
 * {@link Clock}, unstarted; {@link #start} opens the port. Tests build the same app with a
 * temporary data directory and their own clock.
 */
public final class App implements AutoCloseable {
  private final Config config;
  private final Database db;
  private final Javalin javalin;
  private final Optional<Secret> generatedKey;
  private final JvmGcMetrics gcMetrics;
  private final ManagementKeys managementKeys;
  private final ApiKeyFeature apiKeys;
  private final VaultFeature vault;
  private final KeypairFeature keypairs;

  private App(
      Config config,
      Database db,
      Javalin javalin,
      Optional<Secret> generatedKey,
      JvmGcMetrics gcMetrics,
      ManagementKeys managementKeys,
      ApiKeyFeature apiKeys,
      VaultFeature vault,
      KeypairFeature keypairs) {
    this.config = config;
    this.db = db;
    this.javalin = javalin;
    this.generatedKey = generatedKey;
    this.gcMetrics = gcMetrics;
    this.managementKeys = managementKeys;
    this.apiKeys = apiKeys;
    this.vault = vault;
    this.keypairs = keypairs;
  }

  public static App create(Config config, Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);

    ObjectMapper json = Json.mapper();
    Storage storage = Storage.open(config, registry);
    Database db = storage.db();
    try {
      ServerKeys keys = storage.keys();
      MasterKeys sealer = storage.masterKeys();
      AuditLog audit = new AuditLog(clock, json);
      DevOutbox outbox = config.smtpUrl() == null ? new DevOutbox(db.jdbi(), clock) : null;
      Mailer mailer = outbox != null ? outbox : new SmtpMailer(config.smtpUrl(), config.mailFrom());
      ManagementKeys managementKeys = new ManagementKeys(db, keys, audit, clock);
      Optional<Secret> generated = managementKeys.bootstrap(config.bootstrapApiKey());
      Roles roles =
          config.rolesFile() == null ? Roles.defaults() : Roles.load(config.rolesFile(), json);
      Changes changes = new Changes();
      Identity identity =
          new Identity(
              db,
              roles,
              audit,
              mailer,
              keys,
              clock,
              config.publicBase(),
              config.inviteTtl(),
              config.emailConfirmationTtl(),
              changes,
              sealer);

      SigningKeys signingKeys =
          new SigningKeys(db, sealer, audit, clock, config.accessTokenMaxLifetime());
      AccessTokens accessTokens =
          new AccessTokens(
              signingKeys,
              identity.users(),
              db,
              audit,
              json,
              clock,
              config.issuer(),
              config.accessTokenMaxLifetime());

      Http http = new Http(json);
      Login login =
          new Login(
              db,
              keys,
              audit,
              identity,
              accessTokens,
              clock,
              new LoginService.Settings(
                  config.sessionAccessTokenLifetime(),
                  config.sessionLifetime(),
                  5,
                  50,
                  Duration.ofMinutes(15),
                  config.loginMaxFailures(),
                  config.lockoutDuration(),
                  "Latchkey " + config.publicUrl().getHost()),
              config.publicBase(),
              config.allowedRedirectOrigins());
      ApiKeyFeature apiKeys =
          new ApiKeyFeature(
              db,
              keys,
              audit,
              identity,
              changes,
              clock,
              json,
              config.apiKeyPrefix(),
              config.apiKeyCacheSize(),
              config.usageFlushInterval());
      VaultFeature vault =
          new VaultFeature(
              db,
              sealer,
              audit,
              identity.users(),
              changes,
              clock,
              new VaultFeature.LiveCheckSettings(
                  config.providerLiveCheck(),
                  config.providerBaseUrls(),
                  config.providerCheckTimeout()));
      KeypairFeature keypairs =
          new KeypairFeature(
              db,
              sealer,
              audit,
              identity.users(),
              changes,
              clock,
              json,
              config.apiKeyCacheSize(),
              config.usageFlushInterval());
      KeypairHandlers keypairHandlers = new KeypairHandlers(keypairs, http);
      OAuthFeature oauth =
          new OAuthFeature(
              db,
              keys,
              signingKeys,
              audit,
              identity.users(),
              changes,
              clock,
              http,
              key -> managementKeys.authenticate(key).map(k -> k.keyId()),
              new OAuthFeature.Settings(
                  config.issuer(),
                  config.publicBase(),
                  config.publicUrl(),
                  config.oauthTokenLifetime(),
                  config.oauthClientCacheSize()));
      Access.Gate gate =
          new Access.Gate(
              managementKeys, accessTokens, apiKeys::owner, keypairHandlers::verifySigned);
      SessionHandlers sessionHandlers =
          new SessionHandlers(
              login,
              accessTokens,
              identity.users(),
              http,
              config.publicUrl().getScheme().equals("https"),
              config.sessionLifetime(),
              config.defaultRedirectUrl());
      Javalin javalin =
          Javalin.create(
              c -> {
                c.showJavalinBanner = false;
                // Jetty's own pool of platform threads, not virtual threads: on the 2-core
                // benchmark machine it serves 40 % more requests per second at the same tail
                // latency (bench/README.md), and the blocking it would save is the database's,
                // which waits for a pooled connection either way.
                c.useVirtualThreads = false;
                c.http.maxRequestSize = config.maxBodyBytes();
                c.http.defaultContentType = "application/json";
                // Javalin copies every answer into the response through a buffer of this size,
                // allocated per request (32 KiB by default, most of a request's garbage here);
                // Jetty's own output buffer, which aggregates the writes, is not changed by it.
                c.http.responseBufferSize = 4096;
                c.router.ignoreTrailingSlashes = true;
                c.jsonMapper(new BytesJsonMapper(json));
                c.jetty.modifyServer(server -> server.setStopTimeout(2_000));
                // Jetty's header cache otherwise matches values case-insensitively, so on a
                // kept-alive connection a credential differing only in letter case from an
                // earlier one would arrive as the earlier value.
                c.jetty.modifyHttpConfiguration(h -> h.setHeaderCacheCaseSensitive(true));
                Observability.configure(c, registry);
              });
      Observability.install(javalin);
      javalin.beforeMatched(gate::check);
      javalin.beforeMatched(Http::refuseNulInQuery);
      ErrorMapping.install(javalin);
      Routes.register(
          javalin,
          new OpsHandlers(db, registry),
          new IdentityHandlers(identity, http, sessionHandlers::signInAfterConfirmation),
          new ManagementKeyHandlers(managementKeys, http),
          new AuditHandlers(audit, db.jdbi()),
          new OutboxHandlers(outbox),
          new TokenHandlers(signingKeys, accessTokens, http, config.issuer()),
          sessionHandlers,
          new ApiKeyHandlers(apiKeys, http),
          new MasterKeyHandlers(sealer, db, audit, http),
          new ByokHandlers(vault, http),
          new AuthDataHandlers(vault, http),
          new VaultHandlers(vault, http),
          keypairHandlers,
          oauth.apps(),
          oauth.oauth());
      return new App(config, db, javalin, generated, gc, managementKeys, apiKeys, vault, keypairs);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  public App start() {
    javalin.start(config.host(), config.port());
    return this;
  }

  public int port() {
    return javalin.port();
  }

  public Config config() {
    return config;
  }

  /** The management key generated at first start, if this start generated one. */
  public Optional<Secret> generatedManagementKey() {
    return generatedKey;
  }

  /** The provider-key vault (tests wait for its background wipes). */
  public VaultFeature vault() {
    return vault;
  }

  /** The keypair feature (tests flush its usage counts). */
  public KeypairFeature keypairs() {
    return keypairs;
  }

  ManagementKeys managementKeys() {
    return managementKeys;
  }

  @Override
  public void close() {
    javalin.stop();
    apiKeys.close();
    vault.close();
    keypairs.close();
    gcMetrics.close();
    db.close();
  }
}
