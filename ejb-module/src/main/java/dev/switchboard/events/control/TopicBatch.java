package dev.switchboard.events.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How events travel the topic: several to a broker message, one per line, each its record type, a
 * space, for an event its own instance has delivered already that instance's origin and a space,
 * and its JSON (which starts with a brace). JSON-B writes no line breaks (inside a string they are
 * escaped), so a line is an event. The broker message is the lines' UTF-8 bytes: Artemis builds a
 * text message a character at a time (11 % of the sending instance's CPU in a profile at 1,000
 * msg/s). Several to a message because a commit of several sends publishes several events at once,
 * and each broker message costs the sender, the broker and every instance a round of work.
 */
public final class TopicBatch {

  /** Events in one broker message at most. */
  static final int MAX_EVENTS = 100;

  /**
   * Characters in one broker message at most (a single larger event goes alone): the message is
   * their UTF-8 bytes, at most three to a character, and Artemis handles messages over 100 KiB as
   * large messages, on disk.
   */
  static final int MAX_CHARS = 32_000;

  private TopicBatch() {}

  /**
   * The first events, in order, that go in one message: at least one, when there is one. Either all
   * of them were delivered by their own instance already or none was: the message says which
   * ({@link #own}; its origin is theirs), so that the broker keeps the first kind from that
   * instance.
   */
  static List<EventOutlet.Event> head(Collection<EventOutlet.Event> events) {
    var head = new ArrayList<EventOutlet.Event>(Math.min(events.size(), MAX_EVENTS));
    int chars = 0;
    for (EventOutlet.Event event : events) {
      if (!head.isEmpty() && own(head) != (event.origin() != null)) {
        break;
      }
      chars += event.type().length() + event.json().length() + 2;
      if (event.origin() != null) {
        chars += event.origin().length() + 1;
      }
      if (head.size() == MAX_EVENTS || (!head.isEmpty() && chars > MAX_CHARS)) {
        break;
      }
      head.add(event);
    }
    return head;
  }

  /** Whether a {@link #head}'s events were delivered by the instance that sends them. */
  static boolean own(List<EventOutlet.Event> head) {
    return head.get(0).origin() != null;
  }

  static String encode(List<EventOutlet.Event> events) {
    var body = new StringBuilder();
    for (EventOutlet.Event event : events) {
      if (!body.isEmpty()) {
        body.append('\n');
      }
      body.append(event.type()).append(' ');
      if (event.origin() != null) {
        body.append(event.origin()).append(' ');
      }
      body.append(event.json());
    }
    return body.toString();
  }

  public static List<EventOutlet.Event> decode(String body) {
    var events = new ArrayList<EventOutlet.Event>();
    for (int start = 0; start < body.length(); ) {
      int end = body.indexOf('\n', start);
      if (end < 0) {
        end = body.length();
      }
      int space = body.indexOf(' ', start);
      if (space < 0 || space > end) {
        throw new IllegalArgumentException("not an event: " + body.substring(start, end));
      }
      String type = body.substring(start, space);
      String origin = null;
      if (space + 1 < end && body.charAt(space + 1) != '{') {
        int second = body.indexOf(' ', space + 1);
        if (second < 0 || second > end) {
          throw new IllegalArgumentException("not an event: " + body.substring(start, end));
        }
        origin = body.substring(space + 1, second);
        space = second;
      }
      events.add(new EventOutlet.Event(type, origin, body.substring(space + 1, end)));
      start = end + 1;
    }
    return events;
  }
}
