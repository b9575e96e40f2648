package dev.switchboard.messages.boundary;

import dev.switchboard.conversations.boundary.Conversations;
import dev.switchboard.conversations.entity.Conversation;
import dev.switchboard.events.boundary.MessagePosted;
import dev.switchboard.events.control.EventPublisher;
import dev.switchboard.messages.entity.Message;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The send use case and the reads that go with it. */
@Stateless
public class Messages {

  public static final int MAX_PAGE = 100;
  public static final int DEFAULT_PAGE = 50;

  @PersistenceContext EntityManager em;

  @EJB Conversations conversations;

  @Inject EventPublisher publisher;

  /**
   * Stores a message and publishes it in one transaction: the conversation row lock makes seq
   * gapless, the (conversation, clientId) lookup under that lock makes a resend return the stored
   * message without publishing it again.
   */
  public Posted post(Participant sender, SendCommand command) {
    String conversationId = command.conversationId();
    if (conversationId == null) {
      if (!sender.isVisitor()) {
        throw ChatException.badRequest("conversationId is required");
      }
      conversationId = conversations.openFor(sender.id());
    }
    Conversation conversation =
        em.find(Conversation.class, conversationId, LockModeType.PESSIMISTIC_WRITE);
    if (conversation == null) {
      throw ChatException.notFound("no conversation " + conversationId);
    }
    if (!conversation.isVisibleTo(sender)) {
      throw ChatException.forbidden("not your conversation");
    }
    Message existing =
        em.createNamedQuery(Message.BY_CLIENT_ID, Message.class)
            .setParameter("conversationId", conversationId)
            .setParameter("clientId", command.clientId())
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (existing != null) {
      return new Posted(MessageView.of(existing), conversation.visitorId(), true);
    }
    var message =
        new Message(
            conversationId, conversation.nextSeq(), command.clientId(), sender, command.text());
    em.persist(message);
    em.flush();
    var view = MessageView.of(message);
    publisher.publish(new MessagePosted(conversation.visitorId(), view));
    return new Posted(view, conversation.visitorId(), false);
  }

  /** A page of history, authorised for the reader; cursors as in the wire contract. */
  public HistoryPage history(
      Participant reader, String conversationId, Long beforeSeq, Long afterSeq, Integer limit) {
    conversations.requireVisible(reader, conversationId);
    int size = limit == null ? DEFAULT_PAGE : Math.max(1, Math.min(MAX_PAGE, limit));
    if (afterSeq != null) {
      List<Message> rows =
          em.createNamedQuery(Message.BETWEEN, Message.class)
              .setParameter("conversationId", conversationId)
              .setParameter("afterSeq", afterSeq)
              .setParameter("beforeSeq", beforeSeq == null ? Long.MAX_VALUE : beforeSeq)
              .setMaxResults(size + 1)
              .getResultList();
      return page(conversationId, rows, size, false);
    }
    List<Message> rows =
        em.createNamedQuery(Message.NEWEST_BEFORE, Message.class)
            .setParameter("conversationId", conversationId)
            .setParameter("beforeSeq", beforeSeq == null ? Long.MAX_VALUE : beforeSeq)
            .setMaxResults(size + 1)
            .getResultList();
    return page(conversationId, rows, size, true);
  }

  private static HistoryPage page(
      String conversationId, List<Message> rows, int size, boolean descending) {
    boolean hasMore = rows.size() > size;
    var views = new ArrayList<MessageView>(Math.min(rows.size(), size));
    for (Message m : rows.subList(0, Math.min(rows.size(), size))) {
      views.add(MessageView.of(m));
    }
    if (descending) {
      Collections.reverse(views);
    }
    return new HistoryPage(conversationId, views, hasMore);
  }

  /**
   * Committed messages with {@code afterSeq < seq < beforeSeq}, ascending: what an instance fills a
   * gap in its fan-out with. No authorisation: the caller is the instance itself.
   */
  public List<MessageView> between(String conversationId, long afterSeq, long beforeSeq) {
    return em.createNamedQuery(Message.BETWEEN, Message.class)
        .setParameter("conversationId", conversationId)
        .setParameter("afterSeq", afterSeq)
        .setParameter("beforeSeq", beforeSeq)
        .setMaxResults(1000)
        .getResultStream()
        .map(MessageView::of)
        .toList();
  }

  /** The lowest seq below {@code beforeSeq} stored since {@code since}, if any. */
  public Long firstSeqSince(String conversationId, long beforeSeq, OffsetDateTime since) {
    return em.createQuery(
            "select min(m.seq) from Message m where m.conversationId = :c"
                + " and m.seq < :before and m.createdAt >= :since",
            Long.class)
        .setParameter("c", conversationId)
        .setParameter("before", beforeSeq)
        .setParameter("since", since)
        .getSingleResult();
  }
}
