package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.attachments.boundary.AttachmentView;
import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.platform.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A message frame made of the message's JSON as it came is the frame JSON-B writes. */
class OutgoingTest {

  @Test
  void aMessageFrameAroundItsJsonIsJsonbsFrame() {
    var sender = new MessageView.Sender("visitor", "v1", "Ann \"A\"");
    for (var message :
        List.of(
            new MessageView(
                "m1", "c1", 3L, null, "k1", sender, "text", "hi \u2028\n", null, null, "t"),
            new MessageView(
                "m2",
                "c1",
                null,
                3L,
                null,
                sender,
                "note",
                null,
                new AttachmentView("f", "f.png", 1, "image/png", "/u", null, null),
                "m1",
                "t"))) {
      var expected = Connection.Outgoing.of(new Frames.Message(message));
      var made = Connection.Outgoing.message(message, Json.write(message));
      assertEquals(expected.json(), made.json());
      assertArrayEquals(expected.wire(), made.wire());
      assertEquals(expected.frame(), made.frame());
    }
  }
}
