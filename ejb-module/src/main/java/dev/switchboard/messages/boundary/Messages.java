package dev.switchboard.messages.boundary;

import dev.switchboard.attachments.boundary.Attachments;
import dev.switchboard.attachments.control.ContentTypes;
import dev.switchboard.attachments.entity.Attachment;
import dev.switchboard.conversations.boundary.Conversations;
import dev.switchboard.conversations.entity.Conversation;
import dev.switchboard.events.boundary.MessagePosted;
import dev.switchboard.events.control.EventPublisher;
import dev.switchboard.messages.entity.Message;
import dev.switchboard.notifications.boundary.Notifications;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Config;
import dev.switchboard.platform.ErrorCode;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The send use case (messages, notes, system messages) and the reads that go with it. */
@Stateless
public class Messages {

  public static final int MAX_PAGE = 100;
  public static final int DEFAULT_PAGE = 50;
  public static final Duration RATE_WINDOW = Duration.ofSeconds(10);

  @PersistenceContext EntityManager em;

  @EJB Conversations conversations;

  @Inject EventPublisher publisher;

  @EJB Notifications notifications;

  @EJB Attachments attachments;

  /** Messages (and notes) one participant may send per {@link #RATE_WINDOW}; 0: no limit. */
  @Inject
  @ConfigProperty(name = Config.RATE_LIMIT, defaultValue = "20")
  int rateLimit;

  /** One send of a batch: who sends what. */
  public record Send(Participant sender, SendCommand command) {}

  /** A message, or a note, as {@link #postAll} stores it; alone in its transaction. */
  public Posted post(Participant sender, SendCommand command) {
    return postAll(List.of(new Send(sender, command))).get(0);
  }

  /**
   * Stores messages and publishes them in one transaction, in the order given; any refusal refuses
   * the whole batch (the caller may then post each alone to learn which). Each conversation's row
   * lock makes seq gapless; the rows are locked in the order of their ids, so batches on several
   * instances cannot deadlock on each other. The (conversation, clientId) lookup under those locks
   * makes a resend return the stored message without publishing it again. A visitor writing into a
   * resolved conversation reopens it. The batch's reads come first and its writes are flushed
   * together at the end.
   */
  public List<Posted> postAll(List<Send> sends) {
    var conversationIds = new ArrayList<String>(sends.size());
    for (Send send : sends) {
      conversationIds.add(conversationOf(send));
    }
    Map<String, Conversation> locked = conversations.lockAll(new TreeSet<>(conversationIds));
    Map<List<String>, Message> stored = storedByClientId(locked.keySet(), sends);
    Map<String, Long> recent = recentlySent(sends);
    var results = new ArrayList<Posted>(sends.size());
    var visible = new ArrayList<Notifications.Stored>(sends.size());
    for (int i = 0; i < sends.size(); i++) {
      Participant sender = sends.get(i).sender();
      SendCommand command = sends.get(i).command();
      Conversation conversation = locked.get(conversationIds.get(i));
      if (!conversation.isVisibleTo(sender)) {
        throw ChatException.forbidden("not your conversation");
      }
      var key = List.of(conversation.id(), command.clientId());
      Message existing = stored.get(key);
      if (existing != null) {
        results.add(new Posted(MessageView.of(existing), conversation.audience(), true));
        continue;
      }
      checkRate(sender, recent);
      checkReplyTo(conversation.id(), command);
      Message message = message(sender, command, conversation);
      stored.put(key, message);
      MessageView view = store(message, conversation);
      if (!command.note()) {
        visible.add(new Notifications.Stored(conversation, view));
      }
      results.add(new Posted(view, conversation.audience(), false));
    }
    notifications.posted(visible);
    em.flush();
    return results;
  }

  /** The send's conversation; a visitor's first message opens one. */
  private String conversationOf(Send send) {
    if (send.command().note() && !send.sender().isAgent()) {
      throw ChatException.forbidden("only agents write notes");
    }
    String conversationId = send.command().conversationId();
    if (conversationId != null) {
      return conversationId;
    }
    if (!send.sender().isVisitor()) {
      throw ChatException.badRequest("conversationId is required");
    }
    return conversations.openFor(send.sender().id(), send.command().team());
  }

  /** The batch's messages stored before (resends), by conversation and clientId. */
  private Map<List<String>, Message> storedByClientId(
      Collection<String> conversationIds, List<Send> sends) {
    var stored = new HashMap<List<String>, Message>();
    em.createNamedQuery(Message.BY_CLIENT_IDS, Message.class)
        .setParameter("conversationIds", conversationIds)
        .setParameter("clientIds", sends.stream().map(s -> s.command().clientId()).toList())
        .getResultStream()
        .forEach(m -> stored.put(List.of(m.conversationId(), m.clientId()), m));
    return stored;
  }

  /** How many messages each of the batch's senders stored in the last {@link #RATE_WINDOW}. */
  private Map<String, Long> recentlySent(List<Send> sends) {
    var counts = new HashMap<String, Long>();
    if (rateLimit <= 0) {
      return counts;
    }
    em.createNamedQuery(Message.SENT_SINCE, Object[].class)
        .setParameter("senderIds", sends.stream().map(s -> s.sender().id()).distinct().toList())
        .setParameter("since", OffsetDateTime.now(ZoneOffset.UTC).minus(RATE_WINDOW))
        .getResultStream()
        .forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
    return counts;
  }

  /** The new message (not yet stored), reopening the conversation for its visitor. */
  private Message message(Participant sender, SendCommand command, Conversation conversation) {
    String conversationId = conversation.id();
    Attachment attachment =
        command.attachmentId() == null
            ? null
            : attachments.forMessage(sender, conversationId, command.attachmentId());
    if (conversation.isResolved() && sender.isVisitor()) {
      conversations.reopenForVisitor(conversation);
    }
    if (command.note()) {
      return Message.note(
          conversationId,
          conversation.lastSeq(),
          command.clientId(),
          sender,
          command.text(),
          command.replyTo());
    }
    if (attachment != null) {
      return Message.withAttachment(
          conversationId,
          conversation.nextSeq(),
          command.clientId(),
          sender,
          ContentTypes.kindOf(attachment.mimeType()),
          attachment,
          command.text(),
          command.replyTo());
    }
    return Message.text(
        conversationId,
        conversation.nextSeq(),
        command.clientId(),
        sender,
        command.text(),
        command.replyTo());
  }

  /**
   * A system message (assigned, resolved, …) in a conversation whose row the caller has locked in
   * its transaction.
   */
  public MessageView postSystem(Conversation locked, String text) {
    MessageView view = store(Message.system(locked.id(), locked.nextSeq(), text), locked);
    em.flush();
    return view;
  }

  private MessageView store(Message message, Conversation conversation) {
    em.persist(message);
    var view = MessageView.of(message);
    publisher.publish(new MessagePosted(conversation.audience(), view));
    return view;
  }

  private void checkRate(Participant sender, Map<String, Long> recent) {
    if (rateLimit <= 0) {
      return;
    }
    long sent = recent.merge(sender.id(), 1L, Long::sum);
    if (sent > rateLimit) {
      throw new ChatException(
          ErrorCode.RATE_LIMITED,
          "at most " + rateLimit + " messages per " + RATE_WINDOW.toSeconds() + " s; try again");
    }
  }

  /** A reply names a message of the same conversation; a visible message never points at a note. */
  private void checkReplyTo(String conversationId, SendCommand command) {
    if (command.replyTo() == null) {
      return;
    }
    Message target = em.find(Message.class, command.replyTo());
    if (target == null || !target.conversationId().equals(conversationId)) {
      throw ChatException.badRequest("replyTo is not a message of this conversation");
    }
    if (target.isNote() && !command.note()) {
      throw ChatException.badRequest("only a note may reply to a note");
    }
  }

  /**
   * A page of history, authorised for the reader; cursors as in the wire contract. Agents also get
   * the notes that sit among the page's messages (placed after the message they follow); the page
   * size counts messages only.
   */
  public HistoryPage history(
      Participant reader, String conversationId, Long beforeSeq, Long afterSeq, Integer limit) {
    conversations.requireVisible(reader, conversationId);
    int size = limit == null ? DEFAULT_PAGE : Math.max(1, Math.min(MAX_PAGE, limit));
    List<MessageView> page;
    boolean hasMore;
    long notesFrom;
    long notesTo;
    if (afterSeq != null) {
      List<Message> rows =
          em.createNamedQuery(Message.BETWEEN, Message.class)
              .setParameter("conversationId", conversationId)
              .setParameter("afterSeq", afterSeq)
              .setParameter("beforeSeq", beforeSeq == null ? Long.MAX_VALUE : beforeSeq)
              .setMaxResults(size + 1)
              .getResultList();
      hasMore = rows.size() > size;
      page = views(rows, size, false);
      // Notes at the cursor itself may be new to a client that resumes from there.
      notesFrom = afterSeq;
      notesTo = hasMore ? page.get(page.size() - 1).seq() - 1 : upTo(beforeSeq);
    } else {
      List<Message> rows =
          em.createNamedQuery(Message.NEWEST_BEFORE, Message.class)
              .setParameter("conversationId", conversationId)
              .setParameter("beforeSeq", beforeSeq == null ? Long.MAX_VALUE : beforeSeq)
              .setMaxResults(size + 1)
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
            .setParameter("conversationId", conversationId)
            .setParameter("fromSeq", fromSeq)
            .setParameter("toSeq", toSeq)
            .setMaxResults(MAX_PAGE * 10)
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
