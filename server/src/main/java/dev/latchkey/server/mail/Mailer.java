package dev.latchkey.server.mail;

/**
 * Sends mail. {@link SmtpMailer} delivers over SMTP; without SMTP configured, {@link DevOutbox}
 * keeps messages where the API can read them. Failures are logged, never thrown to the caller: the
 * change that caused the mail has already committed, and the user can ask for it again.
 */
public interface Mailer {
  void send(Mail mail);
}
