package dev.latchkey.server.app;

import static dev.latchkey.server.app.Access.ANY_CREDENTIAL;
import static dev.latchkey.server.app.Access.MANAGEMENT;
import static dev.latchkey.server.app.Access.PUBLIC;
import static dev.latchkey.server.app.Access.SIGNED;
import static dev.latchkey.server.app.Access.USER;

import dev.latchkey.server.apikey.ApiKeyHandlers;
import dev.latchkey.server.audit.AuditHandlers;
import dev.latchkey.server.crypto.MasterKeyHandlers;
import dev.latchkey.server.identity.IdentityHandlers;
import dev.latchkey.server.keypair.KeypairHandlers;
import dev.latchkey.server.mail.OutboxHandlers;
import dev.latchkey.server.mgmtkey.ManagementKeyHandlers;
import dev.latchkey.server.oauth.AppHandlers;
import dev.latchkey.server.oauth.OAuthHandlers;
import dev.latchkey.server.session.SessionHandlers;
import dev.latchkey.server.token.TokenHandlers;
import dev.latchkey.server.vault.AuthDataHandlers;
import dev.latchkey.server.vault.ByokHandlers;
import dev.latchkey.server.vault.VaultHandlers;
import io.javalin.Javalin;

/**
 * Every route of the server, with who may call it. Order matters where templates overlap: fixed
 * paths such as {@code /user/email} come before {@code /user/{user_id}}.
 */
final class Routes {
  static final String BACKEND = "/api/backend/v1";
  static final String ADMIN = "/api/admin/v1";

  private Routes() {}

  static void register(
      Javalin app,
      OpsHandlers ops,
      IdentityHandlers id,
      ManagementKeyHandlers keys,
      AuditHandlers audit,
      OutboxHandlers outbox,
      TokenHandlers tokens,
      SessionHandlers sessions,
      ApiKeyHandlers apiKeys,
      MasterKeyHandlers masterKey,
      ByokHandlers byok,
      AuthDataHandlers authData,
      VaultHandlers vault,
      KeypairHandlers keypairs,
      AppHandlers apps,
      OAuthHandlers oauth) {
    // The hot paths first: Javalin tries route patterns in registration order, one regular
    // expression each, so a route registered late pays for every one before it.
    String endUserKeys = BACKEND + "/end_user_api_keys";
    app.post(endUserKeys + "/validate", apiKeys::validate, MANAGEMENT);
    app.post(endUserKeys + "/validate_imported", apiKeys::validateImported, MANAGEMENT);

    // so is the check of a keypair-signed request
    app.post("/api/v1/keypairs/verify", keypairs::verify, MANAGEMENT);

    // OAuth client-credentials: the token endpoint is a hot path; clients authenticate in the
    // handlers (HTTP Basic or form), which answer in RFC 6749's error shape
    app.post("/oauth2/token", oauth::token, PUBLIC);
    app.post("/oauth2/introspect", oauth::introspect, PUBLIC);
    app.post("/oauth2/revoke", oauth::revoke, PUBLIC);

    // the vault's resolve is a gateway's hot path too
    app.post("/api/v1/resolve", vault::resolve, MANAGEMENT);
    app.get("/api/v1/byok", byok::list, ANY_CREDENTIAL);
    app.post("/api/v1/byok", byok::create, ANY_CREDENTIAL);
    app.get("/api/v1/byok/{id}", byok::get, ANY_CREDENTIAL);
    app.patch("/api/v1/byok/{id}", byok::update, ANY_CREDENTIAL);
    app.delete("/api/v1/byok/{id}", byok::delete, ANY_CREDENTIAL);
    app.get("/user-auth/auth-data-and-model-association", authData::listGrouped, ANY_CREDENTIAL);
    app.post("/user-auth/auth-data", authData::create, ANY_CREDENTIAL);
    app.get("/user-auth/auth-data/{authId}", authData::get, ANY_CREDENTIAL);
    app.post("/user-auth/auth-data/{authId}", authData::edit, ANY_CREDENTIAL);
    app.delete("/user-auth/auth-data/{authId}", authData::delete, ANY_CREDENTIAL);
    app.post("/user-auth/auth-data/{authId}/mappings", authData::updateMappings, ANY_CREDENTIAL);
    app.get("/api/v1/ai_systems", vault::listSystems, ANY_CREDENTIAL);
    app.post("/api/v1/ai_systems", vault::createSystem, ANY_CREDENTIAL);
    app.get("/api/v1/ai_systems/{id}", vault::getSystem, ANY_CREDENTIAL);
    app.patch("/api/v1/ai_systems/{id}", vault::updateSystem, ANY_CREDENTIAL);
    app.delete("/api/v1/ai_systems/{id}", vault::deleteSystem, ANY_CREDENTIAL);
    app.get("/api/v1/workspaces", vault::listWorkspaces, ANY_CREDENTIAL);
    app.post("/api/v1/workspaces", vault::createWorkspace, ANY_CREDENTIAL);
    app.get("/api/v1/workspaces/{id}", vault::getWorkspace, ANY_CREDENTIAL);
    app.patch("/api/v1/workspaces/{id}", vault::updateWorkspace, ANY_CREDENTIAL);
    app.delete("/api/v1/workspaces/{id}", vault::deleteWorkspace, ANY_CREDENTIAL);

    app.get("/healthz", ops::health, PUBLIC);
    app.get("/readyz", ops::ready, PUBLIC);
    app.get("/metrics", ops::metrics, PUBLIC);

    // PropelAuth backend API: users
    app.get(BACKEND + "/user/email", id::fetchUserByEmail, MANAGEMENT);
    app.get(BACKEND + "/user/username", id::fetchUserByUsername, MANAGEMENT);
    app.get(BACKEND + "/user/query", id::queryUsers, MANAGEMENT);
    app.get(BACKEND + "/user/org/{org_id}", id::usersInOrg, MANAGEMENT);
    app.post(BACKEND + "/user/user_ids", id::batchByIds, MANAGEMENT);
    app.post(BACKEND + "/user/emails", id::batchByEmails, MANAGEMENT);
    app.post(BACKEND + "/user/usernames", id::batchByUsernames, MANAGEMENT);
    app.post(BACKEND + "/user/", id::createUser, MANAGEMENT);
    app.get(BACKEND + "/user/{user_id}", id::fetchUser, MANAGEMENT);
    app.put(BACKEND + "/user/{user_id}", id::updateMetadata, MANAGEMENT);
    app.delete(BACKEND + "/user/{user_id}", id::deleteUser, MANAGEMENT);
    app.put(BACKEND + "/user/{user_id}/email", id::updateEmail, MANAGEMENT);
    app.put(BACKEND + "/user/{user_id}/password", id::updatePassword, MANAGEMENT);
    app.put(BACKEND + "/user/{user_id}/clear_password", id::clearPassword, MANAGEMENT);
    app.post(BACKEND + "/user/{user_id}/disable", id::disableUser, MANAGEMENT);
    app.post(BACKEND + "/user/{user_id}/enable", id::enableUser, MANAGEMENT);
    app.put(
        BACKEND + "/user/{user_id}/can_create_orgs/enable", id::enableCanCreateOrgs, MANAGEMENT);
    app.put(
        BACKEND + "/user/{user_id}/can_create_orgs/disable", id::disableCanCreateOrgs, MANAGEMENT);
    app.post(BACKEND + "/user/{user_id}/disable_2fa", id::disableMfa, MANAGEMENT);
    app.post(BACKEND + "/user/{user_id}/logout_all_sessions", id::logoutAllSessions, MANAGEMENT);
    app.post(BACKEND + "/migrate_user/", id::migrateUser, MANAGEMENT);
    app.post(BACKEND + "/migrate_user/password", id::migratePassword, MANAGEMENT);
    app.post(BACKEND + "/resend_email_confirmation", id::resendConfirmation, MANAGEMENT);

    // PropelAuth backend API: orgs, members, invitations
    app.post(BACKEND + "/org/query", id::queryOrgsByBody, MANAGEMENT);
    app.get(BACKEND + "/org/query", id::queryOrgsByParams, MANAGEMENT);
    app.post(BACKEND + "/org/add_user", id::addUserToOrg, MANAGEMENT);
    app.post(BACKEND + "/org/change_role", id::changeRole, MANAGEMENT);
    app.post(BACKEND + "/org/remove_user", id::removeUserFromOrg, MANAGEMENT);
    app.post(BACKEND + "/org/", id::createOrg, MANAGEMENT);
    app.get(BACKEND + "/org/{org_id}", id::fetchOrg, MANAGEMENT);
    app.put(BACKEND + "/org/{org_id}", id::updateOrg, MANAGEMENT);
    app.delete(BACKEND + "/org/{org_id}", id::deleteOrg, MANAGEMENT);
    app.post(BACKEND + "/org/{org_id}/allow_saml", id::allowSaml, MANAGEMENT);
    app.post(BACKEND + "/org/{org_id}/disallow_saml", id::disallowSaml, MANAGEMENT);
    app.post(BACKEND + "/invite_user", id::inviteUser, MANAGEMENT);
    app.post(BACKEND + "/invite_user_by_id", id::inviteUserById, MANAGEMENT);
    app.get(BACKEND + "/pending_org_invites", id::pendingInvites, MANAGEMENT);
    app.delete(BACKEND + "/pending_org_invites", id::revokeInvite, MANAGEMENT);

    // PropelAuth backend API: end-user API keys (fixed paths before the id template)
    app.post(endUserKeys, apiKeys::create, MANAGEMENT);
    app.get(endUserKeys, apiKeys::current, MANAGEMENT);
    app.get(endUserKeys + "/archived", apiKeys::archived, MANAGEMENT);
    app.get(endUserKeys + "/usage", apiKeys::usage, MANAGEMENT);
    app.post(endUserKeys + "/import", apiKeys::importKey, MANAGEMENT);
    app.get(endUserKeys + "/{api_key_id}", apiKeys::fetch, MANAGEMENT);
    app.patch(endUserKeys + "/{api_key_id}", apiKeys::update, MANAGEMENT);
    app.delete(endUserKeys + "/{api_key_id}", apiKeys::delete, MANAGEMENT);
    app.post(endUserKeys + "/{api_key_id}/reroll", apiKeys::reroll, MANAGEMENT);

    // Tokens: verification metadata (PropelAuth clients), JWKS, backend-created access tokens
    app.get("/api/v1/token_verification_metadata", tokens::verificationMetadata, PUBLIC);
    app.get("/.well-known/jwks.json", tokens::jwks, PUBLIC);
    app.get("/.well-known/oauth-authorization-server", oauth::authorizationServerMetadata, PUBLIC);
    app.get("/.well-known/openid-configuration", oauth::openIdConfiguration, PUBLIC);

    // OAuth client-credentials applications (Union's API keys)
    app.post("/api/v1/apps", apps::create, ANY_CREDENTIAL);
    app.get("/api/v1/apps", apps::list, ANY_CREDENTIAL);
    app.get("/api/v1/apps/{client_id}", apps::get, ANY_CREDENTIAL);
    app.patch("/api/v1/apps/{client_id}", apps::update, ANY_CREDENTIAL);
    app.delete("/api/v1/apps/{client_id}", apps::delete, ANY_CREDENTIAL);
    app.post("/api/v1/apps/{client_id}/rotate_secret", apps::rotateSecret, ANY_CREDENTIAL);
    app.post(BACKEND + "/access_token", tokens::createAccessToken, MANAGEMENT);

    // Login and sessions (JSON API)
    app.post("/api/v1/login", sessions::login, PUBLIC);
    app.post("/api/v1/refresh", sessions::refresh, PUBLIC);
    app.post("/api/v1/logout", sessions::logout, PUBLIC);
    app.get("/api/v1/magic_link", sessions::magicLinkPage, PUBLIC);
    app.post("/api/v1/magic_link", sessions::magicLinkUse, PUBLIC);
    app.get("/api/v1/me", sessions::me, USER);
    app.get("/api/v1/sessions", sessions::mySessions, USER);
    app.delete("/api/v1/sessions/{session_id}", sessions::endMySession, USER);
    app.post("/api/v1/logout_all", sessions::logoutAll, USER);
    app.post("/api/v1/mfa/totp/enroll", sessions::enrollTotp, USER);
    app.post("/api/v1/mfa/totp/confirm", sessions::confirmTotp, USER);
    app.post("/api/v1/mfa/totp/disable", sessions::disableTotp, USER);
    app.post("/api/v1/mfa/recovery_codes", sessions::regenerateRecoveryCodes, USER);
    app.post(BACKEND + "/magic_link", sessions::createMagicLink, MANAGEMENT);
    app.post(BACKEND + "/user/{user_id}/impersonate", sessions::impersonate, MANAGEMENT);
    app.post(BACKEND + "/user/{user_id}/unlock", sessions::unlock, MANAGEMENT);
    app.get(BACKEND + "/user/{user_id}/sessions", sessions::userSessions, MANAGEMENT);

    // Links sent by mail
    app.get("/api/v1/email_confirmation", id::emailConfirmationPage, PUBLIC);
    app.post("/api/v1/email_confirmation", id::confirmEmail, PUBLIC);
    app.get("/api/v1/invitations/accept", id::invitationPage, PUBLIC);
    app.post("/api/v1/invitations/accept", id::acceptInvitation, PUBLIC);

    // Access/secret keypairs and their resource policies (Backend.AI)
    String policies = "/api/v1/keypair_resource_policies";
    app.get(policies, keypairs::listPolicies, MANAGEMENT);
    app.post(policies, keypairs::createPolicy, MANAGEMENT);
    app.get(policies + "/{name}", keypairs::getPolicy, MANAGEMENT);
    app.patch(policies + "/{name}", keypairs::updatePolicy, MANAGEMENT);
    app.delete(policies + "/{name}", keypairs::deletePolicy, MANAGEMENT);
    app.get("/api/v1/keypairs", keypairs::list, MANAGEMENT);
    app.post("/api/v1/keypairs", keypairs::create, MANAGEMENT);
    app.get("/api/v1/keypairs/paginated", keypairs::paginatedList, MANAGEMENT);
    app.get("/api/v1/keypairs/info", keypairs::info, SIGNED);
    app.get("/api/v1/keypairs/{access_key}", keypairs::get, MANAGEMENT);
    app.patch("/api/v1/keypairs/{access_key}", keypairs::update, MANAGEMENT);
    app.delete("/api/v1/keypairs/{access_key}", keypairs::delete, MANAGEMENT);
    app.post("/api/v1/keypairs/{access_key}/activate", keypairs::activate, MANAGEMENT);
    app.post("/api/v1/keypairs/{access_key}/deactivate", keypairs::deactivate, MANAGEMENT);

    // Latchkey administration
    app.get(ADMIN + "/management_keys", keys::list, MANAGEMENT);
    app.post(ADMIN + "/management_keys", keys::create, MANAGEMENT);
    app.delete(ADMIN + "/management_keys/{id}", keys::revoke, MANAGEMENT);
    app.get(ADMIN + "/audit_events", audit::list, MANAGEMENT);
    app.get(ADMIN + "/roles", id::roles, MANAGEMENT);
    app.get(ADMIN + "/dev/outbox", outbox::list, MANAGEMENT);
    app.get(ADMIN + "/signing_keys", tokens::listKeys, MANAGEMENT);
    app.post(ADMIN + "/signing_keys/rotate", tokens::rotate, MANAGEMENT);
    app.get(ADMIN + "/master_key", masterKey::overview, MANAGEMENT);
    app.post(ADMIN + "/master_key/rotate", masterKey::rotate, MANAGEMENT);
    app.post(ADMIN + "/master_key/rewrap", masterKey::rewrap, MANAGEMENT);
    app.post(ADMIN + "/master_key/retire", masterKey::retire, MANAGEMENT);

    // other methods on the OAuth endpoints: 405 in OAuth's shape, last as nobody calls them
    app.get("/oauth2/token", oauth::postOnly, PUBLIC);
    app.put("/oauth2/token", oauth::postOnly, PUBLIC);
    app.patch("/oauth2/token", oauth::postOnly, PUBLIC);
    app.delete("/oauth2/token", oauth::postOnly, PUBLIC);
    app.get("/oauth2/introspect", oauth::postOnly, PUBLIC);
    app.put("/oauth2/introspect", oauth::postOnly, PUBLIC);
    app.patch("/oauth2/introspect", oauth::postOnly, PUBLIC);
    app.delete("/oauth2/introspect", oauth::postOnly, PUBLIC);
    app.get("/oauth2/revoke", oauth::postOnly, PUBLIC);
    app.put("/oauth2/revoke", oauth::postOnly, PUBLIC);
    app.patch("/oauth2/revoke", oauth::postOnly, PUBLIC);
    app.delete("/oauth2/revoke", oauth::postOnly, PUBLIC);
  }
}
