package dev.switchboard.participants.boundary;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentBootstrapTest {

  @Test
  void weakBootstrapPasswordsStopTheStart() {
    var refused =
        assertThrows(
            IllegalStateException.class,
            () ->
                AgentBootstrap.refuseWeakPasswords(
                    "ok:a-long-passphrase,admin:admin:supervisor", Set.of()));
    assertTrue(refused.getMessage().contains("admin"), refused.getMessage());
    assertThrows(
        IllegalStateException.class,
        () -> AgentBootstrap.refuseWeakPasswords("admin:change-me-admin:supervisor", Set.of()));
    assertDoesNotThrow(
        () ->
            AgentBootstrap.refuseWeakPasswords(
                "dana:a-long-passphrase:supervisor:d@x.example", Set.of()));
    assertDoesNotThrow(
        () -> AgentBootstrap.refuseWeakPasswords("admin:admin:supervisor", Set.of("admin")),
        "admin has changed the password since: the bootstrap leaves it alone");
  }
}
