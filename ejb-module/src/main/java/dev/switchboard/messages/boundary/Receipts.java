package dev.switchboard.messages.boundary;

import dev.switchboard.conversations.boundary.ConversationSummary;
import dev.switchboard.conversations.control.ConversationAccess;
import dev.switchboard.conversations.entity.Conversation;
import dev.switchboard.events.boundary.ReceiptChanged;
import dev.switchboard.events.control.EventPublisher;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * How far each participant has received and read a conversation. A receipt only moves forward (two
 * tabs or two instances may report out of order) and is stored per participant, so unread counts
 * and ticks survive a reload.
 */
@Stateless
public class Receipts {

  public static final String DELIVERED = "delivered";
  public static final String READ = "read";

  @PersistenceContext EntityManager em;

  @Inject ConversationAccess access;

  @Inject EventPublisher publisher;

  /**
   * Records {@code kind} up to {@code upToSeq} (at most the last seq); tells others if it moved.
   */
  public void mark(Participant reader, String conversationId, String kind, long upToSeq) {
    if (upToSeq < 0) {
      throw ChatException.badRequest("upToSeq must not be negative");
    }
    Conversation conversation = access.requireVisible(reader, conversationId);
    long seq = Math.min(upToSeq, conversation.lastSeq());
    if (seq == 0) {
      return;
    }
    // Reading implies having received.
    String change =
        READ.equals(kind)
            ? "read_seq = excluded.read_seq,"
                + " delivered_seq = greatest(receipt.delivered_seq, excluded.read_seq)"
                + " , updated_at = now() where receipt.read_seq < excluded.read_seq"
            : "delivered_seq = excluded.delivered_seq, updated_at = now()"
                + " where receipt.delivered_seq < excluded.delivered_seq";
    int moved =
        em.createNativeQuery(
                "insert into receipt (conversation_id, reader_id, reader_type, delivered_seq,"
                    + " read_seq, updated_at) values (?1, ?2, ?3, ?4, ?5, now())"
                    + " on conflict (conversation_id, reader_id) do update set "
                    + change)
            .setParameter(1, conversationId)
            .setParameter(2, reader.id())
            .setParameter(3, reader.kind().wire())
            .setParameter(4, seq)
            .setParameter(5, READ.equals(kind) ? seq : 0L)
            .executeUpdate();
    if (moved == 1) {
      publisher.publish(
          new ReceiptChanged(
              conversationId,
              conversation.audience(),
              new ConversationSummary.Reader(reader.kind().wire(), reader.id()),
              kind,
              seq));
    }
  }
}
