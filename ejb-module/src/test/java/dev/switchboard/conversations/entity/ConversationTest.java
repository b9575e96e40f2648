package dev.switchboard.conversations.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.participants.entity.Participant;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

class ConversationTest {

  static Conversation of(String visitorId) throws Exception {
    var constructor = Conversation.class.getDeclaredConstructor();
    constructor.setAccessible(true);
    Conversation c = constructor.newInstance();
    Field visitor = Conversation.class.getDeclaredField("visitorId");
    visitor.setAccessible(true);
    visitor.set(c, visitorId);
    return c;
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
  void onlyItsVisitorAndAgentsMaySeeIt() throws Exception {
    Conversation c = of("v1");
    assertTrue(c.isVisibleTo(new Participant(Participant.Kind.VISITOR, "v1", "Ann", "visitor")));
    assertFalse(c.isVisibleTo(new Participant(Participant.Kind.VISITOR, "v2", "Bo", "visitor")));
    assertTrue(c.isVisibleTo(new Participant(Participant.Kind.AGENT, "a1", "Al", "agent")));
  }
}
