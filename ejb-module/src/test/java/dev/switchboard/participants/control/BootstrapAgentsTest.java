package dev.switchboard.participants.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapAgentsTest {

  @Test
  void parsesUsersPasswordsAndRoles() {
    assertEquals(
        List.of(
            new BootstrapAgents.Spec("alice", "s3cret:with-colon?", "agent", null),
            new BootstrapAgents.Spec("bob", "pw", "supervisor", null)),
        BootstrapAgents.parse(" alice:s3cret:with-colon?:agent , bob:pw:supervisor ,"));
    assertEquals(
        List.of(new BootstrapAgents.Spec("carol", "pw", "agent", null)),
        BootstrapAgents.parse("carol:pw"));
    assertEquals(
        List.of(new BootstrapAgents.Spec("dan", "pw:king", "agent", null)),
        BootstrapAgents.parse("dan:pw:king"));
    assertEquals(List.of(), BootstrapAgents.parse(""));
    assertEquals(List.of(), BootstrapAgents.parse(null));
  }

  @Test
  void takesAnEmailAfterTheRole() {
    assertEquals(
        List.of(
            new BootstrapAgents.Spec("erin", "p:w", "supervisor", "erin@example.com"),
            new BootstrapAgents.Spec("fay", "pw:x@y", "agent", null)),
        BootstrapAgents.parse("erin:p:w:supervisor:erin@example.com, fay:pw:x@y"));
  }

  @Test
  void refusesWhatItCannotUnderstand() {
    assertThrows(IllegalArgumentException.class, () -> BootstrapAgents.parse("alice"));
    assertThrows(IllegalArgumentException.class, () -> BootstrapAgents.parse(":pw"));
    assertThrows(IllegalArgumentException.class, () -> BootstrapAgents.parse("alice:"));
  }
}
