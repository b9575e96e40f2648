package dev.switchboard.conversations.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.participants.entity.Participant;
import java.lang.reflect.Field;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConversationTest {

  static Conversation of(String visitorId) throws Exception {
    var constructor = Conversation.class.getDeclaredConstructor();
    constructor.setAccessible(true);
    Conversation c = constructor.newInstance();
    set(c, "visitorId", visitorId);
    set(c, "teamId", "it");
    return c;
  }

  private static void set(Conversation c, String name, Object value) throws Exception {
    Field field = Conversation.class.getDeclaredField(name);
    field.setAccessible(true);
    field.set(c, value);
  }

  @Test
  void seqCountsUpWithoutGaps() throws Exception {
    Conversation c = of("v1");
    assertEquals(1, c.nextSeq());
    assertEquals(2, c.nextSeq());
    assertEquals(3, c.nextSeq());
    assertEquals(3, c.lastSeq());
  }

  @Test
  void itsVisitorItsTeamItsAssigneeAndSupervisorsMaySeeIt() throws Exception {
    Conversation c = of("v1");
    assertTrue(c.isVisibleTo(new Participant(Participant.Kind.VISITOR, "v1", "Ann", "visitor")));
    assertFalse(c.isVisibleTo(new Participant(Participant.Kind.VISITOR, "v2", "Bo", "visitor")));
    var inTeam = new Participant(Participant.Kind.AGENT, "a1", "Al", "agent", Set.of("hr", "it"));
    var outside = new Participant(Participant.Kind.AGENT, "a2", "Bea", "agent", Set.of("hr"));
    var supervisor = new Participant(Participant.Kind.AGENT, "s1", "Sue", "supervisor");
    assertTrue(c.isVisibleTo(inTeam));
    assertFalse(c.isVisibleTo(outside));
    assertTrue(c.isVisibleTo(supervisor));
    c.assignTo("a2");
    assertTrue(c.isVisibleTo(outside), "the assignee, whatever their teams");
    c.moveToTeam("hr");
    assertTrue(c.isVisibleTo(outside));
    assertFalse(c.isVisibleTo(inTeam.withAccess("agent", Set.of("it"))));
    assertTrue(c.isQueued());
  }
}
