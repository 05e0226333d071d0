package dev.latchkey.server.identity;

import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.Secret;
import io.javalin.http.Context;

/**
 * Minimal pages for links sent by mail. Opening a link only shows a button; the change happens on
 * the POST, so that mail scanners that prefetch links do not use them up.
 */
final class LinkPages {
  private LinkPages() {}

  static Secret token(Context ctx) {
    String token = ctx.formParam("token");
    if (token == null) {
      token = ctx.queryParam("token");
    }
    if (token == null || token.isBlank() || token.length() > 200) {
      throw InvalidInputException.of("token", "is required");
    }
    return Secret.of(token);
  }

  static void confirmForm(Context ctx, String title, String button) {
    String token = token(ctx).reveal();
    if (!token.matches("[A-Za-z0-9]+")) {
      throw InvalidInputException.of("token", "is not a valid link token");
    }
    ctx.header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer");
    ctx.html(
        page(
            title,
            "<form method=\"post\"><input type=\"hidden\" name=\"token\" value=\""
                + token
                + "\"><button type=\"submit\">"
                + escape(button)
                + "</button></form>"));
  }

  static void result(Context ctx, int status, String title, String message) {
    ctx.header("Cache-Control", "no-store");
    ctx.status(status).html(page(title, "<p>" + escape(message) + "</p>"));
  }

  private static String page(String title, String body) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
        + escape(title)
        + "</title></head><body><h1>"
        + escape(title)
        + "</h1>"
        + body
        + "</body></html>";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
