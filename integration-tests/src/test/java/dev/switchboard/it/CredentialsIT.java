package dev.switchboard.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.participants.boundary.Agents;
import dev.switchboard.participants.boundary.Credentials;
import dev.switchboard.participants.boundary.Visitors;
import dev.switchboard.participants.entity.Participant;
import jakarta.ejb.EJB;
import java.util.Optional;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A token signs in its holder (the token and the holder read in one query), of its own kind only;
 * HTTP's header takes either kind; anything else signs nobody in. In a real Payara Micro.
 */
@ExtendWith(ArquillianExtension.class)
class CredentialsIT {

  @Deployment
  static WebArchive deployment() {
    return Deployments.war("credentials-it", CredentialsIT.class);
  }

  @EJB Agents agents;

  @EJB Visitors visitors;

  @EJB Credentials credentials;

  @Test
  void aTokenSignsInItsHolderOfItsKindOnly() {
    var visitor = visitors.register("Vera", null);
    var signedIn = credentials.signIn(visitor.token(), Participant.Kind.VISITOR).orElseThrow();
    assertEquals(visitor.visitorId(), signedIn.participant().id());
    assertEquals("Vera", signedIn.participant().name());
    assertTrue(signedIn.expiresAt().isAfter(java.time.Instant.now()));
    assertEquals(Optional.empty(), credentials.signIn(visitor.token(), Participant.Kind.AGENT));

    String username = "cred-" + UUID.randomUUID().toString().substring(0, 8);
    agents.bootstrap(username + ":a-long-passphrase:agent");
    var login = agents.login(username, "a-long-passphrase");
    assertEquals(
        login.agentId(),
        credentials.signIn(login.token(), Participant.Kind.AGENT).orElseThrow().participant().id());
    assertEquals(Optional.empty(), credentials.signIn(login.token(), Participant.Kind.VISITOR));

    Participant any = credentials.authenticateAny(visitor.token()).orElseThrow();
    assertEquals(Participant.Kind.VISITOR, any.kind());
    any = credentials.authenticateAny(login.token()).orElseThrow();
    assertEquals(Participant.Kind.AGENT, any.kind());
    assertEquals(login.agentId(), any.id());
  }

  @Test
  void unknownBlankOrOverlongTokensSignNobodyIn() {
    for (String token : new String[] {UUID.randomUUID().toString(), "", " ", "x".repeat(201)}) {
      assertEquals(Optional.empty(), credentials.authenticateAny(token), token);
      assertEquals(Optional.empty(), credentials.signIn(token, Participant.Kind.VISITOR), token);
      assertEquals(Optional.empty(), credentials.signIn(token, Participant.Kind.AGENT), token);
    }
    assertEquals(Optional.empty(), credentials.authenticateAny(null));
  }

  @Test
  void aDisabledAgentsTokenSignsNobodyIn() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    agents.bootstrap("sup-" + suffix + ":a-long-passphrase:supervisor");
    Participant supervisor =
        credentials
            .authenticateAny(agents.login("sup-" + suffix, "a-long-passphrase").token())
            .orElseThrow();
    agents.bootstrap("gone-" + suffix + ":a-long-passphrase:agent");
    var login = agents.login("gone-" + suffix, "a-long-passphrase");
    agents.setDisabled(supervisor, login.agentId(), true);
    assertEquals(Optional.empty(), credentials.signIn(login.token(), Participant.Kind.AGENT));
    assertEquals(Optional.empty(), credentials.authenticateAny(login.token()));
  }
}
