package dev.switchboard.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.events.boundary.ChatEventsTest;
import dev.switchboard.events.boundary.MessagePosted;
import dev.switchboard.events.boundary.TopicEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopicBatchTest {

  static EventOutlet.Event posted(String text) {
    return new EventOutlet.Event(
        "MessagePosted", null, TopicEvents.write(ChatEventsTest.posted(text)));
  }

  @Test
  void eventsComeBackAsTheyWentWhateverTheirTextHolds() {
    List<EventOutlet.Event> events =
        List.of(
            posted("two\nlines\r\nand a tab\t"),
            posted("quotes \" and \\ and a space"),
            posted("\u2028 \u2029 \u0085 \uD83D\uDE00 \u0000"),
            new EventOutlet.Event(
                "MessagePosted",
                "7d7e61a2-instance",
                TopicEvents.write(ChatEventsTest.posted("sent on 7d7e61a2"))),
            new EventOutlet.Event("TokenRevoked", null, "{\"tokenHash\":\"abc\"}"));
    List<EventOutlet.Event> decoded = TopicBatch.decode(TopicBatch.encode(events));
    assertEquals(events, decoded);
    assertEquals(
        "two\nlines\r\nand a tab\t",
        MessagePosted.fromTopic(decoded.get(0).json()).message().text());
  }

  @Test
  void aMessageHoldsAtMostItsCountAndSizeButAlwaysOneEvent() {
    var many = new ArrayList<EventOutlet.Event>();
    IntStream.range(0, 150).forEach(i -> many.add(posted("m" + i)));
    assertEquals(many.subList(0, TopicBatch.MAX_EVENTS), TopicBatch.head(many));

    var large = posted("x".repeat(TopicBatch.MAX_CHARS / 3));
    var five = List.of(large, large, large, large, large);
    assertEquals(2, TopicBatch.head(five).size());

    var huge = posted("y".repeat(TopicBatch.MAX_CHARS * 2));
    assertEquals(List.of(huge), TopicBatch.head(List.of(huge, large)));
    assertEquals(List.of(), TopicBatch.head(List.of()));
  }

  /**
   * A message says whether its sender delivered its events already (the broker then keeps it from
   * that instance), so such events never share a message with ones every instance must deliver.
   */
  @Test
  void eventsDeliveredByTheirSenderGoInMessagesOfTheirOwn() {
    var own = new EventOutlet.Event("MessagePosted", "instance-a", "{}");
    var all = new EventOutlet.Event("TypingChanged", null, "{}");
    List<EventOutlet.Event> queue = List.of(own, own, all, own, all, all);
    var messages = new ArrayList<List<EventOutlet.Event>>();
    for (int i = 0; i < queue.size(); ) {
      List<EventOutlet.Event> head = TopicBatch.head(queue.subList(i, queue.size()));
      messages.add(head);
      i += head.size();
    }
    assertEquals(
        List.of(List.of(own, own), List.of(all), List.of(own), List.of(all, all)), messages);
    assertEquals(
        List.of(true, false, true, false), messages.stream().map(TopicBatch::own).toList());
  }

  @Test
  void aLineThatIsNoEventIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> TopicBatch.decode("MessagePosted"));
    assertThrows(
        IllegalArgumentException.class, () -> TopicBatch.decode("TokenRevoked {}\nnothing"));
    assertThrows(
        IllegalArgumentException.class, () -> TopicBatch.decode("MessagePosted origin-only"));
  }
}
