package dev.switchboard.participants.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AgentsTest {

  /** A provider's username becomes one the agents' pattern allows, within its length. */
  @Test
  void aProvidersNameBecomesAUsername() {
    assertEquals("erin.smith@corp.example", Agents.usernameFor("erin.smith@corp.example"));
    assertEquals("Erin_Smith__", Agents.usernameFor("Erin Smith ü"));
    assertEquals(100, Agents.usernameFor("x".repeat(300)).length());
  }
}
