/**
 * The Latchkey Java SDK: {@link dev.latchkey.client.LatchkeyClient} (the backend API) and the
 * records it sends and returns, {@link dev.latchkey.client.LatchkeyAuth} (in-process access token
 * validation) with the {@link dev.latchkey.client.User} and {@link
 * dev.latchkey.client.OrgMemberInfo} it yields, and {@link dev.latchkey.client.LatchkeyApiKeys}
 * (issued API keys presented to the application, with an optional local cache). {@code
 * LatchkeyClient} also reaches the provider-key vault ({@link dev.latchkey.client.ByokKey}, {@link
 * dev.latchkey.client.AuthData}, {@link dev.latchkey.client.AiSystem}, {@link
 * dev.latchkey.client.Workspace}, {@link dev.latchkey.client.ResolvedProviderKeys}). Route guards
 * for Jakarta Servlet and Javalin are in {@code dev.latchkey.client.servlet} and {@code
 * dev.latchkey.client.javalin}.
 *
 * <p>Guarantees throughout this package: records are immutable and thread-safe, their collections
 * are unmodifiable and never null (free-form JSON such as metadata included), and a field that is
 * documented as nullable is the only kind that can be null. Request records leave null fields out
 * of the request. Records that hold a secret (a password, a password hash, a new management key, an
 * issued or imported API key, a provider key sent to or resolved from the vault) leave it out of
 * {@code toString()}. Every failure of a call is a {@link dev.latchkey.client.LatchkeyException}; a
 * refused access token is one of its two subclasses, {@link
 * dev.latchkey.client.UnauthorizedException} (401) and {@link
 * dev.latchkey.client.ForbiddenException} (403).
 *
 * <p>Types in {@code dev.latchkey.client.internal} are not API.
 */
package dev.latchkey.client;
