/**
 * Route protection for Javalin 6: {@link dev.latchkey.client.javalin.LatchkeyJavalin} makes {@link
 * dev.latchkey.client.javalin.LatchkeyHandler}s and reads the current user and organization.
 *
 * <p>The SDK declares {@code io.javalin:javalin} as an optional dependency; an application that
 * uses this package has it already.
 */
package dev.latchkey.client.javalin;
