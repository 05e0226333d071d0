/**
 * Route protection for Jakarta Servlet: {@link dev.latchkey.client.servlet.LatchkeyFilter} and
 * {@link dev.latchkey.client.servlet.LatchkeyServlet}.
 *
 * <p>The SDK declares {@code jakarta.servlet:jakarta.servlet-api} as an optional dependency: an
 * application that uses this package has it from its container already, and one that does not never
 * loads these classes.
 */
package dev.latchkey.client.servlet;
