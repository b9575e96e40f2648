package dev.switchboard.events.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.conversations.boundary.ConversationSummary;
import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.messages.boundary.MessageView;
import dev.switchboard.platform.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every event the topic carries comes back equal from its JSON, as the receiving instance reads it
 * (JSON-B builds a record only through a single canonical constructor).
 */
public class ChatEventsTest {

  static final Audience AUDIENCE = new Audience("v1", "team-1", "a1");

  static final List<Object> EVENTS =
      List.of(
          posted("hello"),
          new ConversationChanged("c1", AUDIENCE, new Audience("v1", "team-0", null), "s1"),
          new ConversationChanged("c1", AUDIENCE, null, null),
          new TypingChanged("c1", AUDIENCE, new MessageView.Sender("agent", "a1", "Al"), true),
          new ReceiptChanged(
              "c1", AUDIENCE, new ConversationSummary.Reader("agent", "a1"), "read", 3),
          new AgentChanged("a1", "supervisor", Set.of("team-1", "team-2")),
          new PresenceChanged(null),
          new TokenRevoked("abc"),
          new VisitorErased("v1", List.of("c1")),
          new ProfileChanged("v1", "Ann", "ann@example.com", "s1", List.of(AUDIENCE)));

  /** A message event with this text (the topic's most common event). */
  public static MessagePosted posted(String text) {
    return new MessagePosted(
        AUDIENCE,
        new MessageView(
            "m1",
            "c1",
            3L,
            null,
            "k1",
            new MessageView.Sender("visitor", "v1", "Ann"),
            "text",
            text,
            null,
            null,
            "2026-11-24T00:00:00Z"));
  }

  @Test
  void everyEventSurvivesTheTopic() {
    for (Object event : EVENTS) {
      assertEquals(event, Json.read(Json.write(event), event.getClass()), event.toString());
    }
    assertEquals(
        ChatEventsListener.TYPES.size(), EVENTS.stream().map(Object::getClass).distinct().count());
  }
}
