package dev.switchboard.conversations.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.history.boundary.MessageView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether a resume at a seq has anything to catch up on, from the list its sign-in read. */
class ConversationSummaryTest {

  @Test
  void aConversationWithoutMessagesHasNothingAfterAnySeq() {
    assertTrue(withLast(null).nothingAfter(0));
  }

  @Test
  void onlyASeqBelowTheLastMessagesHasSomethingAfterIt() {
    var summary = withLast(5L);
    assertTrue(summary.nothingAfter(5));
    assertTrue(summary.nothingAfter(7), "a client ahead of the list: what it lacks comes live");
    assertFalse(summary.nothingAfter(4));
    assertFalse(summary.nothingAfter(0));
  }

  private static ConversationSummary withLast(Long seq) {
    var last =
        seq == null
            ? null
            : new MessageView(
                "m",
                "c",
                seq,
                null,
                null,
                new MessageView.Sender("agent", "a", "Alice"),
                "text",
                "hi",
                null,
                null,
                "2026-12-06T00:00:00Z",
                null,
                false);
    return new ConversationSummary(
        "c",
        "open",
        null,
        null,
        last,
        0,
        List.of(),
        false,
        null,
        null,
        null,
        null,
        List.of(),
        "2026-12-06T00:00:00Z",
        "2026-12-06T00:00:00Z");
  }
}
