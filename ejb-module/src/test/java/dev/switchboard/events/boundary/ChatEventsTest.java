package dev.switchboard.events.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.attachments.boundary.AttachmentView;
import dev.switchboard.conversations.boundary.ConversationSummary;
import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.platform.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every event the topic carries comes back equal from its JSON, as the receiving instance reads it
 * (JSON-B builds a record only through a single canonical constructor; a posted message is read by
 * a streaming parser).
 */
public class ChatEventsTest {

  static final Audience AUDIENCE = new Audience("v1", "team-1", "a1", List.of("a2", "a3"));

  static final List<ChatEvent> EVENTS =
      List.of(
          posted("hello"),
          new MessageChanged(AUDIENCE, everything(), "s1"),
          new MessageChanged(AUDIENCE, tombstone(), null),
          new ConversationChanged(
              "c1", AUDIENCE, new Audience("v1", "team-0", null, List.of()), "s1"),
          new ConversationChanged("c1", AUDIENCE, null, null),
          new TypingChanged("c1", AUDIENCE, new MessageView.Sender("agent", "a1", "Al"), true),
          new ReceiptChanged(
              "c1", AUDIENCE, new ConversationSummary.Reader("agent", "a1"), "read", 3),
          new AgentChanged("a1", "supervisor", Set.of("team-1", "team-2")),
          new PresenceChanged(null),
          new TokenRevoked("abc"),
          new VisitorErased("v1", List.of("c1")),
          new WebhooksChanged("w1"),
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
    for (ChatEvent event : EVENTS) {
      String type = event.getClass().getSimpleName();
      assertEquals(event, TopicEvents.read(type, TopicEvents.write(event)), event.toString());
    }
    assertEquals(
        TopicEvents.TYPES.size(), EVENTS.stream().map(Object::getClass).distinct().count());
  }

  /** What JSON-B wrote of a posted message before it carried its JSON (and what it would now). */
  public record AsJsonbWritesIt(Audience audience, MessageView message) {}

  /**
   * A message with every member set, text the parser must unescape across its buffer's end, and an
   * attachment.
   */
  static MessageView everything() {
    return new MessageView(
        "m1",
        "c1",
        3L,
        2L,
        "k1",
        new MessageView.Sender("agent", "a1", "Al \"the\" Agent"),
        "text",
        "quotes \" \\ \n\u2028 \uD83D\uDE00 \u0000 " + "long ".repeat(3000),
        new AttachmentView(
            "f1", "a \"b\".png", 12_345_678_901L, "image/png", "/u", "/u/preview", 4_000),
        "m0",
        "2026-11-24T00:00:00Z",
        "2026-11-24T00:01:00Z",
        false);
  }

  /** A removed message, as everyone is sent it. */
  static MessageView tombstone() {
    return new MessageView(
        "m2",
        "c1",
        4L,
        null,
        "k2",
        new MessageView.Sender("visitor", "v1", "Ann"),
        "image",
        null,
        null,
        null,
        "2026-11-24T00:00:00Z",
        null,
        true);
  }

  /** What JSON-B writes of a message without the writer of its own: the wire before issue 26. */
  public record Plain(
      String id,
      String conversationId,
      Long seq,
      Long afterSeq,
      String clientId,
      MessageView.Sender sender,
      String kind,
      String text,
      AttachmentView attachment,
      String replyTo,
      String createdAt) {}

  /**
   * A message never changed is written as before (and as JSON-B would); a tombstone says what it is
   * with explicit nulls, and comes back as it went.
   */
  @Test
  void aMessageIsWrittenAsJsonbWouldAndATombstoneWithItsNulls() {
    var m = posted("plain").message();
    assertEquals(
        Json.write(
            new Plain(
                m.id(),
                m.conversationId(),
                m.seq(),
                m.afterSeq(),
                m.clientId(),
                m.sender(),
                m.kind(),
                m.text(),
                m.attachment(),
                m.replyTo(),
                m.createdAt())),
        Json.write(m));
    var e = everything();
    assertEquals(
        Json.write(
                new Plain(
                    e.id(),
                    e.conversationId(),
                    e.seq(),
                    e.afterSeq(),
                    e.clientId(),
                    e.sender(),
                    e.kind(),
                    e.text(),
                    e.attachment(),
                    e.replyTo(),
                    e.createdAt()))
            .replace(
                "\"createdAt\":\"2026-11-24T00:00:00Z\",",
                "\"createdAt\":\"2026-11-24T00:00:00Z\",\"editedAt\":\"2026-11-24T00:01:00Z\","),
        Json.write(e));
    String tombstone = Json.write(tombstone());
    assertTrue(tombstone.contains("\"attachment\":null"), tombstone);
    assertTrue(tombstone.contains("\"text\":null"), tombstone);
    assertTrue(tombstone.contains("\"deleted\":true"), tombstone);
    var event = new MessagePosted(AUDIENCE, tombstone());
    assertEquals(event, MessagePosted.fromTopic(event.toTopic()));
  }

  /**
   * Instances of this release and the one before read each other's message events: the topic's JSON
   * is JSON-B's of the pair, and the message's JSON comes back as it went, unknown members (a later
   * release's) included.
   */
  @Test
  void aPostedMessageIsJsonbsPairAndItsJsonComesBackAsItWent() throws Exception {
    for (MessageView message : List.of(everything(), posted("hi").message(), tombstone())) {
      for (Audience audience : List.of(AUDIENCE, new Audience("v1", null, null, List.of()))) {
        var event = new MessagePosted(audience, message);
        assertEquals(Json.write(new AsJsonbWritesIt(audience, message)), event.toTopic());
        assertEquals(event, MessagePosted.fromTopic(event.toTopic()));
        assertEquals(Json.write(message), event.messageJson());
      }
    }
    // Every member is set, so one added to the records without its reader fails here.
    for (Object part : List.of(everything(), everything().sender(), everything().attachment())) {
      for (var component : part.getClass().getRecordComponents()) {
        assertNotNull(component.getAccessor().invoke(part), component.toString());
      }
    }

    String later =
        "{\"message\":{\"id\":\"m2\",\"reactions\":[{\"x\":[1]}],\"seq\":4,\"meta\":{\"a\":{}},"
            + "\"edited\":true,\"sender\":{\"type\":\"visitor\",\"avatar\":null}},"
            + "\"audience\":{\"visitorId\":\"v1\",\"region\":\"eu\"},\"trace\":[1,2]}";
    var read = MessagePosted.fromTopic(later);
    assertEquals(new Audience("v1", null, null, List.of()), read.audience());
    assertEquals(4L, read.message().seq());
    assertEquals("visitor", read.message().sender().type());
    assertEquals(
        "{\"id\":\"m2\",\"reactions\":[{\"x\":[1]}],\"seq\":4,\"meta\":{\"a\":{}},"
            + "\"edited\":true,\"sender\":{\"type\":\"visitor\",\"avatar\":null}}",
        read.messageJson());
  }

  @Test
  void aBrokenPostedMessageIsRefused() {
    for (String broken :
        List.of(
            "{\"audience\":{\"visitorId\":\"v1\"}}",
            "{\"message\":{\"seq\":\"three\"},\"audience\":{}}",
            "{\"message\":[],\"audience\":{}}",
            "{\"audience\":{\"visitorId\":\"v1\"},\"message\":{\"id\":",
            "[]")) {
      assertThrows(RuntimeException.class, () -> MessagePosted.fromTopic(broken), broken);
    }
  }
}
