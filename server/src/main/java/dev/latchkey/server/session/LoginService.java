package dev.latchkey.server.session;

import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.ForbiddenException;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.Page;
import dev.latchkey.server.common.PageRequest;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.common.TooManyRequestsException;
import dev.latchkey.server.common.UnauthorizedException;
import dev.latchkey.server.crypto.Base32;
import dev.latchkey.server.crypto.Passwords;
import dev.latchkey.server.crypto.RandomTokens;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.identity.Credentials;
import dev.latchkey.server.identity.Credentials.Subject;
import dev.latchkey.server.identity.UserService;
import dev.latchkey.server.identity.Views.UserMetadata;
import dev.latchkey.server.ratelimit.FailureThrottle;
import dev.latchkey.server.token.AccessTokens;
import dev.latchkey.server.token.AccessTokens.Grant;
import dev.latchkey.server.token.AccessTokens.LoginMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Password login (with an optional TOTP or recovery-code second factor and a forced password
 * change), refresh, logout, and TOTP enrollment. Failures are throttled per account and per client
 * address, and enough of them in a row lock the account for a while.
 */
public final class LoginService {
  /**
   * A hash with the current parameters that matches nothing: unknown accounts cost the same time.
   * Made on first use, not at start (an Argon2 hash takes tens of milliseconds).
   */
  private static final class DummyHash {
    static final String VALUE = Passwords.hash(Secret.of(RandomTokens.base62(16)));
  }

  static final int RECOVERY_CODES = 10;

  private final Credentials credentials;
  private final UserService users;
  private final Sessions sessions;
  private final AccessTokens tokens;
  private final ServerKeys keys;
  private final Clock clock;
  private final Settings settings;
  private final FailureThrottle perAccount;
  private final FailureThrottle perAddress;

  /** Login limits and lifetimes, from the configuration. */
  public record Settings(
      Duration accessTokenLifetime,
      Duration sessionLifetime,
      int accountFailuresPerWindow,
      int addressFailuresPerWindow,
      Duration throttleWindow,
      int failuresBeforeLock,
      Duration lockDuration,
      String issuerName) {}

  LoginService(
      Credentials credentials,
      UserService users,
      Sessions sessions,
      AccessTokens tokens,
      ServerKeys keys,
      Clock clock,
      Settings settings) {
    this.credentials = credentials;
    this.users = users;
    this.sessions = sessions;
    this.tokens = tokens;
    this.keys = keys;
    this.clock = clock;
    this.settings = settings;
    this.perAccount =
        new FailureThrottle(settings.accountFailuresPerWindow(), settings.throttleWindow(), clock);
    this.perAddress =
        new FailureThrottle(settings.addressFailuresPerWindow(), settings.throttleWindow(), clock);
  }

  /** The body of {@code POST /api/v1/login}. */
  public record LoginRequest(
      String email, Secret password, String totpCode, Secret recoveryCode, Secret newPassword) {}

  /** Tokens handed out at login and refresh. */
  public record Tokens(
      String accessToken,
      long accessTokenExpiresAt,
      String refreshToken,
      String sessionId,
      String userId,
      String tokenType) {
    @Override
    public String toString() {
      return "Tokens[session=" + sessionId + ", user=" + userId + "]";
    }
  }

  public Tokens login(LoginRequest r, String address, String userAgent) {
    FieldErrors errors = new FieldErrors();
    String email = errors.email("email", r.email(), true);
    if (r.password() == null) {
      errors.add("password", "is required");
    } else if (r.password().length() > Passwords.MAX_LENGTH) {
      errors.add("password", "must be at most " + Passwords.MAX_LENGTH + " characters");
    }
    errors.throwIfAny();
    String accountKey = "account:" + email;
    String addressKey = "address:" + address;
    throttle(perAddress.retryAfter(addressKey));
    throttle(perAccount.retryAfter(accountKey));

    Subject user = credentials.byEmail(email).orElse(null);
    String hash =
        user == null || user.passwordHash() == null ? DummyHash.VALUE : user.passwordHash();
    boolean passwordOk =
        Passwords.verify(r.password(), hash) && user != null && user.passwordHash() != null;
    long now = clock.instant().getEpochSecond();
    if (user != null && user.lockedAt(now)) {
      throw locked(user, now);
    }
    if (!passwordOk) {
      fail(user, accountKey, addressKey);
      throw new UnauthorizedException("invalid_credentials", "The email or password is incorrect");
    }
    if (!user.enabled()) {
      throw new ForbiddenException("user_disabled", "This account is disabled");
    }
    checkSecondFactor(user, r, accountKey, addressKey);
    if (user.updatePasswordRequired()) {
      changeRequiredPassword(user, r);
    }
    perAccount.reset(accountKey);
    String upgraded =
        Passwords.needsRehash(user.passwordHash()) && !user.updatePasswordRequired()
            ? Passwords.hash(r.password())
            : null;
    credentials.recordSuccess(user.userId(), upgraded);
    Subject current = credentials.byId(user.userId()).orElseThrow();
    return issue(sessions.open(current, LoginMethod.PASSWORD, null, address, userAgent));
  }

  private void checkSecondFactor(
      Subject user, LoginRequest r, String accountKey, String addressKey) {
    if (user.mfaSecret() == null) {
      return;
    }
    if (r.totpCode() != null) {
      OptionalLong step = Totp.match(user.mfaSecret(), r.totpCode(), clock.instant());
      if (step.isPresent() && credentials.useTotpStep(user.userId(), step.getAsLong())) {
        return;
      }
      fail(user, accountKey, addressKey);
      throw new UnauthorizedException(
          "incorrect_mfa_code", "The authentication code is incorrect or was already used");
    }
    if (r.recoveryCode() != null) {
      if (credentials.useRecoveryCode(user.userId(), recoveryDigest(r.recoveryCode()))) {
        return;
      }
      fail(user, accountKey, addressKey);
      throw new UnauthorizedException(
          "incorrect_mfa_code", "The recovery code is incorrect or was already used");
    }
    throw new UnauthorizedException(
        "mfa_required",
        "This account needs an authentication code: send totp_code or recovery_code");
  }

  private void changeRequiredPassword(Subject user, LoginRequest r) {
    if (r.newPassword() == null) {
      throw new ForbiddenException(
          "password_change_required",
          "A new password is required: send new_password with the login");
    }
    if (r.newPassword().length() < Passwords.MIN_LENGTH
        || r.newPassword().length() > Passwords.MAX_LENGTH) {
      throw InvalidInputException.of(
          "new_password",
          "must be between "
              + Passwords.MIN_LENGTH
              + " and "
              + Passwords.MAX_LENGTH
              + " characters");
    }
    if (r.newPassword().matches(r.password())) {
      throw InvalidInputException.of("new_password", "must differ from the current password");
    }
    credentials.changePassword(user.userId(), Passwords.hash(r.newPassword()));
  }

  private void fail(Subject user, String accountKey, String addressKey) {
    perAddress.fail(addressKey);
    perAccount.fail(accountKey);
    if (user != null
        && credentials.recordFailure(
            user.userId(), settings.failuresBeforeLock(), settings.lockDuration())) {
      throw locked(credentials.byId(user.userId()).orElseThrow(), clock.instant().getEpochSecond());
    }
  }

  private static ForbiddenException locked(Subject user, long now) {
    String until =
        user.lockedUntil() == null
            ? "an administrator unlocks it"
            : "in "
                + Math.max(1, user.lockedUntil() - now)
                + " seconds or when an administrator unlocks it";
    return new ForbiddenException(
        "user_locked", "This account is locked after repeated failed logins; it unlocks " + until);
  }

  private static void throttle(OptionalLong retryAfter) {
    if (retryAfter.isPresent()) {
      throw new TooManyRequestsException(
          "Too many failed logins; try again in " + retryAfter.getAsLong() + " seconds",
          retryAfter.getAsLong());
    }
  }

  /** Exchanges a refresh token for the next one and a fresh access token. */
  public Tokens refresh(Secret refreshToken) {
    return issue(sessions.refresh(refreshToken));
  }

  /**
   * Opens a session for a user who proved themselves another way (magic link, confirmation link).
   */
  Tokens openSession(String userId, LoginMethod method, String address, String userAgent) {
    Subject user =
        credentials
            .byId(userId)
            .orElseThrow(() -> new UnauthorizedException("The user no longer exists"));
    long now = clock.instant().getEpochSecond();
    if (!user.enabled()) {
      throw new ForbiddenException("user_disabled", "This account is disabled");
    }
    if (user.lockedAt(now)) {
      throw locked(user, now);
    }
    credentials.recordSuccess(userId, null);
    return issue(sessions.open(user, method, null, address, userAgent));
  }

  private Tokens issue(Sessions.Opened opened) {
    Sessions.Session s = opened.session();
    UserMetadata user =
        users
            .byId(s.userId(), true)
            .orElseThrow(() -> new UnauthorizedException("The user no longer exists"));
    String access =
        tokens.sign(
            new Grant(
                user,
                settings.accessTokenLifetime(),
                null,
                s.loginMethod(),
                s.impersonatorUserId(),
                s.id()));
    long expiresAt = clock.instant().plus(settings.accessTokenLifetime()).getEpochSecond();
    return new Tokens(
        access, expiresAt, opened.refreshToken().reveal(), s.id(), s.userId(), "Bearer");
  }

  /** Ends the session of a refresh token (logout); silently nothing for an unknown token. */
  public void logout(Secret refreshToken) {
    sessions
        .bySessionToken(refreshToken)
        .ifPresent(s -> sessions.revoke(s.id(), "logout", new Actor("user", s.userId())));
  }

  public boolean logoutSession(String userId, String sessionId) {
    return sessions
        .byId(sessionId)
        .filter(s -> s.userId().equals(userId))
        .map(s -> sessions.revoke(sessionId, "logout", new Actor("user", userId)))
        .orElse(false);
  }

  public int logoutAll(String userId, Actor actor) {
    return sessions.revokeAll(userId, "logout_all", actor);
  }

  Page<Sessions.Session> sessionsOf(String userId, boolean activeOnly, PageRequest page) {
    return sessions.list(userId, activeOnly, page);
  }

  public boolean unlock(String userId, Actor actor) {
    boolean found = credentials.unlock(userId, actor);
    credentials.byId(userId).ifPresent(u -> perAccount.reset("account:" + u.email()));
    return found;
  }

  // ---- TOTP enrollment

  /** A new TOTP secret to put in an authenticator app; active only after {@link #confirmTotp}. */
  public record Enrollment(String secret, String otpauthUrl) {
    @Override
    public String toString() {
      return "Enrollment[redacted]";
    }
  }

  public Enrollment beginTotp(String userId) {
    Subject user =
        credentials
            .byId(userId)
            .orElseThrow(() -> new UnauthorizedException("The user no longer exists"));
    if (user.mfaSecret() != null) {
      throw InvalidInputException.of(
          "totp", "Two-factor authentication is already enabled; disable it first");
    }
    byte[] secret = RandomTokens.bytes(20);
    credentials.putPendingTotp(userId, secret);
    String b32 = Base32.encode(secret);
    String label =
        URLEncoder.encode(settings.issuerName() + ":" + user.email(), StandardCharsets.UTF_8)
            .replace("+", "%20");
    String issuer =
        URLEncoder.encode(settings.issuerName(), StandardCharsets.UTF_8).replace("+", "%20");
    return new Enrollment(
        b32,
        "otpauth://totp/"
            + label
            + "?secret="
            + b32
            + "&issuer="
            + issuer
            + "&algorithm=SHA1&digits=6&period=30");
  }

  /**
   * Activates the pending secret when {@code code} matches it; returns the recovery codes, once.
   */
  public List<String> confirmTotp(String userId, String code) {
    byte[] secret =
        credentials
            .pendingTotp(userId)
            .orElseThrow(
                () -> InvalidInputException.of("code", "Start with POST /api/v1/mfa/totp/enroll"));
    OptionalLong step = Totp.match(secret, code, clock.instant());
    if (step.isEmpty()) {
      throw InvalidInputException.of(
          "code", "does not match the new secret; check the device clock");
    }
    List<String> codes = newRecoveryCodes();
    credentials.activateTotp(
        userId, secret, step.getAsLong(), codes.stream().map(this::recoveryDigest).toList());
    return codes;
  }

  /** Turns TOTP off after checking a current code (or a recovery code). */
  public void disableTotp(String userId, String code, Secret recoveryCode) {
    Subject user =
        credentials
            .byId(userId)
            .orElseThrow(() -> new UnauthorizedException("The user no longer exists"));
    if (user.mfaSecret() == null) {
      throw InvalidInputException.of("totp", "Two-factor authentication is not enabled");
    }
    requireSecondFactor(user, code, recoveryCode);
    credentials.removeTotp(userId, new Actor("user", userId));
  }

  public List<String> regenerateRecoveryCodes(String userId, String code) {
    Subject user =
        credentials
            .byId(userId)
            .orElseThrow(() -> new UnauthorizedException("The user no longer exists"));
    if (user.mfaSecret() == null) {
      throw InvalidInputException.of("totp", "Two-factor authentication is not enabled");
    }
    requireSecondFactor(user, code, null);
    List<String> codes = newRecoveryCodes();
    credentials.replaceRecoveryCodes(userId, codes.stream().map(this::recoveryDigest).toList());
    return codes;
  }

  private void requireSecondFactor(Subject user, String code, Secret recoveryCode) {
    if (code != null) {
      OptionalLong step = Totp.match(user.mfaSecret(), code, clock.instant());
      if (step.isPresent() && credentials.useTotpStep(user.userId(), step.getAsLong())) {
        return;
      }
      throw InvalidInputException.of("code", "is incorrect or was already used");
    }
    if (recoveryCode != null
        && credentials.useRecoveryCode(user.userId(), recoveryDigest(recoveryCode))) {
      return;
    }
    throw InvalidInputException.of(
        recoveryCode == null ? "code" : "recovery_code",
        recoveryCode == null ? "is required" : "is incorrect or was already used");
  }

  private static List<String> newRecoveryCodes() {
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < RECOVERY_CODES; i++) {
      String raw = RandomTokens.base62(8).toLowerCase(Locale.ROOT);
      codes.add(raw.substring(0, 5) + "-" + raw.substring(5, 10));
    }
    return codes;
  }

  private String recoveryDigest(String code) {
    return keys.digest(Secret.of(code.strip().toLowerCase(Locale.ROOT).replace("-", "")));
  }

  private String recoveryDigest(Secret code) {
    return recoveryDigest(code.reveal());
  }
}
