package dev.switchboard.events.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.events.control.EventOutlet;
import dev.switchboard.platform.Instance;
import dev.switchboard.platform.Json;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Each event reaches an instance's sockets one way: its own sends it delivered when sent. */
class ChatEventsListenerTest {

  /** What the listener fires, in order. */
  static final class Fired implements Event<ChatEvent> {
    final List<ChatEvent> events = new ArrayList<>();

    @Override
    public void fire(ChatEvent event) {
      events.add(event);
    }

    @Override
    public <U extends ChatEvent> CompletionStage<U> fireAsync(U event) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <U extends ChatEvent> CompletionStage<U> fireAsync(
        U event, NotificationOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Event<ChatEvent> select(Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <U extends ChatEvent> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <U extends ChatEvent> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
      throw new UnsupportedOperationException();
    }
  }

  static EventOutlet.Event onTopic(ChatEvent event, String origin) {
    return new EventOutlet.Event(event.getClass().getSimpleName(), origin, Json.write(event));
  }

  @Test
  void anInstanceSkipsWhatItDeliveredWhenItWasSentAndFiresTheRestInOrder() {
    var listener = new ChatEventsListener();
    listener.instance = new Instance();
    var fired = new Fired();
    listener.events = fired;
    var mine = ChatEventsTest.posted("sent here");
    var theirs = ChatEventsTest.posted("sent on another instance");
    var revoked = new TokenRevoked("abc");
    var system = ChatEventsTest.posted("a system message of this instance");

    listener.fire(
        List.of(
            onTopic(mine, listener.instance.node()),
            onTopic(theirs, new Instance().node()),
            onTopic(revoked, null),
            onTopic(system, null)));

    assertEquals(List.of(theirs, revoked, system), fired.events);
  }
}
