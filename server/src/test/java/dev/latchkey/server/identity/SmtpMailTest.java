package dev.latchkey.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.latchkey.server.testing.Fixtures;
import dev.latchkey.server.testing.RawHttp;
import dev.latchkey.server.testing.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With {@code LATCHKEY_SMTP_URL} set, mail really goes out over SMTP (GreenMail, in process). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmtpMailTest {
  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP);

  TestServer server;

  @BeforeAll
  void start() {
    server =
        TestServer.start(
            "sqlite",
            Map.of(
                "LATCHKEY_SMTP_URL", "smtp://127.0.0.1:" + ServerSetupTest.SMTP.getPort(),
                "LATCHKEY_MAIL_FROM", "Latchkey <auth@example.com>",
                "LATCHKEY_PUBLIC_URL", "https://auth.example.com"));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void confirmationAndInvitationMails_areSentOverSmtp_withPublicUrlLinks() throws Exception {
    RawHttp http = server.http();
    String email = Fixtures.email();
    Fixtures.createUser(http, Map.of("email", email));
    String org = Fixtures.createOrg(http, Fixtures.unique("Mail "));
    String invitee = Fixtures.email();
    assertThat(
            http.post(
                    "/api/backend/v1/invite_user",
                    RawHttp.json(Map.of("org_id", org, "email", invitee, "role", "Member")))
                .status())
        .isEqualTo(200);
    assertThat(greenMail.waitForIncomingEmail(5_000, 2)).isTrue();
    MimeMessage[] messages = greenMail.getReceivedMessages();
    assertThat(messages).hasSize(2);
    assertThat(messages[0].getAllRecipients()[0].toString()).isEqualTo(email);
    assertThat(messages[0].getFrom()[0].toString()).contains("auth@example.com");
    assertThat(GreenMailUtil.getBody(messages[0]))
        .contains("https://auth.example.com/api/v1/email_confirmation?token=");
    assertThat(messages[1].getAllRecipients()[0].toString()).isEqualTo(invitee);
    assertThat(GreenMailUtil.getBody(messages[1]))
        .contains("https://auth.example.com/api/v1/invitations/accept?token=");
    assertThat(http.get("/api/admin/v1/dev/outbox").status())
        .as("no dev outbox when SMTP is configured")
        .isEqualTo(404);
  }
}
