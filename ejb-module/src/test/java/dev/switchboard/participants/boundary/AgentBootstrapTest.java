package dev.switchboard.participants.boundary;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AgentBootstrapTest {

  @Test
  void weakBootstrapPasswordsStopTheStart() {
    var refused =
        assertThrows(
            IllegalStateException.class,
            () ->
                AgentBootstrap.refuseWeakPasswords("ok:a-long-passphrase,admin:admin:supervisor"));
    assertTrue(refused.getMessage().contains("admin"), refused.getMessage());
    assertThrows(
        IllegalStateException.class,
        () -> AgentBootstrap.refuseWeakPasswords("admin:change-me-admin:supervisor"));
    assertDoesNotThrow(
        () -> AgentBootstrap.refuseWeakPasswords("dana:a-long-passphrase:supervisor:d@x.example"));
  }
}
