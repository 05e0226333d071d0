package dev.latchkey.server.mail;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers mail to the SMTP server of {@code LATCHKEY_SMTP_URL} ({@code
 * smtp[s]://user:pass@host:port}).
 */
public final class SmtpMailer implements Mailer {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpMailer.class);
  private final Session session;
  private final String from;
  private final String host;

  public SmtpMailer(String smtpUrl, String from) {
    URI uri = URI.create(smtpUrl);
    boolean ssl = "smtps".equals(uri.getScheme());
    this.host = uri.getHost();
    int port = uri.getPort() > 0 ? uri.getPort() : (ssl ? 465 : 25);
    Properties props = new Properties();
    String p = ssl ? "mail.smtps." : "mail.smtp.";
    props.put(p + "host", host);
    props.put(p + "port", String.valueOf(port));
    props.put(p + "connectiontimeout", "5000");
    props.put(p + "timeout", "10000");
    props.put(p + "writetimeout", "10000");
    props.put("mail.transport.protocol", ssl ? "smtps" : "smtp");
    String userInfo = uri.getRawUserInfo();
    Authenticator auth = null;
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user =
          URLDecoder.decode(
              colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8);
      String pass =
          colon < 0 ? "" : URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8);
      props.put(p + "auth", "true");
      if (!ssl) {
        props.put("mail.smtp.starttls.enable", "true");
      }
      auth =
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(user, pass);
            }
          };
    }
    this.session = Session.getInstance(props, auth);
    this.from = from;
  }

  @Override
  public void send(Mail mail) {
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(from));
      message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to()));
      message.setSubject(mail.subject(), "UTF-8");
      message.setText(mail.body(), "UTF-8");
      Transport.send(message);
    } catch (MessagingException e) {
      // the body holds a link with a token: never log it, only the subject and the cause
      LOG.error("mail '{}' could not be sent via {}: {}", mail.subject(), host, e.getMessage());
    }
  }
}
