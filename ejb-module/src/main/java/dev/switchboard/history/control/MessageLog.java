package dev.switchboard.history.control;

import dev.switchboard.conversations.entity.Conversation;
import dev.switchboard.events.boundary.MessagePosted;
import dev.switchboard.events.control.EventPublisher;
import dev.switchboard.history.boundary.HistoryPage;
import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.history.entity.Message;
import dev.switchboard.participants.entity.Participant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A conversation's messages as stored: the system messages written under a conversation's lock and
 * the reads of the log (history pages, gaps, what a mail covers). No authorisation here: the
 * boundaries that call it decide who may read what. It runs in the caller's transaction, if any.
 */
@ApplicationScoped
public class MessageLog {

  @PersistenceContext EntityManager em;

  @Inject EventPublisher publisher;

  /**
   * A system message (assigned, resolved, …) in a conversation whose row the caller has locked in
   * its transaction.
   */
  public MessageView postSystem(Conversation locked, String text) {
    Message message = Message.system(locked.id(), locked.nextSeq(), text);
    em.persist(message);
    em.flush();
    var view = MessageView.of(message);
    publisher.publish(new MessagePosted(locked.audience(), view));
    return view;
  }

  /**
   * A page of history; cursors as in the wire contract. Agents also get the notes that sit among
   * the page's messages (placed after the message they follow); the page size counts messages only.
   */
  public HistoryPage page(
      Participant reader, String conversationId, Long beforeSeq, Long afterSeq, Integer limit) {
    int size =
        limit == null
            ? HistoryPage.DEFAULT_SIZE
            : Math.max(1, Math.min(HistoryPage.MAX_SIZE, limit));
    List<MessageView> page;
    boolean hasMore;
    long notesFrom;
    long notesTo;
    if (afterSeq != null) {
      List<Message> rows =
          em.createNamedQuery(Message.BETWEEN, Message.class)
              .setParameter(1, conversationId)
              .setParameter(2, afterSeq)
              .setParameter(3, beforeSeq == null ? Long.MAX_VALUE : beforeSeq)
              .setParameter(4, size + 1)
              .getResultList();
      hasMore = rows.size() > size;
      page = views(rows, size, false);
      // Notes at the cursor itself may be new to a client that resumes from there.
      notesFrom = afterSeq;
      notesTo = hasMore ? page.get(page.size() - 1).seq() - 1 : upTo(beforeSeq);
    } else {
      List<Message> rows =
          em.createNamedQuery(Message.NEWEST_BEFORE, Message.class)
              .setParameter(1, conversationId)
              .setParameter(2, beforeSeq == null ? Long.MAX_VALUE : beforeSeq)
              .setParameter(3, size + 1)
              .getResultList();
      hasMore = rows.size() > size;
      page = views(rows, size, true);
      notesFrom = hasMore ? page.get(0).seq() : 0;
      notesTo = upTo(beforeSeq);
    }
    if (reader.isAgent()) {
      page = withNotes(conversationId, page, notesFrom, notesTo);
    }
    return new HistoryPage(conversationId, page, hasMore);
  }

  private static long upTo(Long beforeSeq) {
    return beforeSeq == null ? Long.MAX_VALUE : beforeSeq - 1;
  }

  private List<MessageView> withNotes(
      String conversationId, List<MessageView> page, long fromSeq, long toSeq) {
    List<MessageView> notes =
        em.createNamedQuery(Message.NOTES_BETWEEN, Message.class)
            .setParameter(1, conversationId)
            .setParameter(2, fromSeq)
            .setParameter(3, toSeq)
            .setParameter(4, HistoryPage.MAX_SIZE * 10)
            .getResultStream()
            .map(MessageView::of)
            .toList();
    if (notes.isEmpty()) {
      return page;
    }
    var merged = new ArrayList<MessageView>(page.size() + notes.size());
    merged.addAll(page);
    merged.addAll(notes);
    // Stable: notes keep their order of writing; a note comes after the message it follows.
    merged.sort(Comparator.comparingLong(MessageView::position).thenComparing(MessageView::isNote));
    return merged;
  }

  private static List<MessageView> views(List<Message> rows, int size, boolean descending) {
    var views = new ArrayList<MessageView>(Math.min(rows.size(), size));
    for (Message m : rows.subList(0, Math.min(rows.size(), size))) {
      views.add(MessageView.of(m));
    }
    if (descending) {
      Collections.reverse(views);
    }
    return views;
  }

  /** Committed messages with {@code afterSeq < seq < beforeSeq}, ascending, at most a thousand. */
  public List<MessageView> between(String conversationId, long afterSeq, long beforeSeq) {
    return em.createNamedQuery(Message.BETWEEN, Message.class)
        .setParameter(1, conversationId)
        .setParameter(2, afterSeq)
        .setParameter(3, beforeSeq)
        .setParameter(4, 1000)
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
