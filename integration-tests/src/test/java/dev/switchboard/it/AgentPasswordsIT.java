package dev.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.participants.boundary.Agents;
import dev.switchboard.participants.boundary.Credentials;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import jakarta.ejb.EJB;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bootstrap configuration and an agent's own password change, in a real Payara Micro. */
@ExtendWith(ArquillianExtension.class)
class AgentPasswordsIT {

  @Deployment
  static WebArchive deployment() {
    return Deployments.war("agent-passwords-it", AgentPasswordsIT.class);
  }

  @EJB Agents agents;

  @EJB Credentials credentials;

  ErrorCode refusal(Runnable call) {
    try {
      call.run();
    } catch (ChatException e) {
      return e.code();
    }
    throw new AssertionError("not refused");
  }

  @Test
  void theBootstrapDoesNotOverwriteAPasswordChangedSince() {
    String username = "boot-" + UUID.randomUUID().toString().substring(0, 8);
    agents.bootstrap(username + ":first-passphrase:agent");
    var login = agents.login(username, "first-passphrase");
    Participant me = credentials.authenticate(login.token(), Participant.Kind.AGENT).orElseThrow();

    agents.bootstrap(username + ":second-passphrase:agent");
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> agents.login(username, "first-passphrase")));
    agents.login(username, "second-passphrase"); // not changed since: the configuration's

    assertEquals(
        ErrorCode.FORBIDDEN,
        refusal(() -> agents.changePassword(me, login.token(), "wrong-one!!", "mine-from-now-on")));
    agents.changePassword(me, login.token(), "second-passphrase", "mine-from-now-on");
    agents.bootstrap(username + ":third-passphrase:agent");
    agents.login(username, "mine-from-now-on");
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(() -> agents.login(username, "third-passphrase")));
  }
}
