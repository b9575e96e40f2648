package dev.switchboard.messages.boundary;

import dev.switchboard.attachments.boundary.AttachmentView;
import dev.switchboard.attachments.boundary.Attachments;
import dev.switchboard.attachments.control.ContentTypes;
import dev.switchboard.conversations.boundary.ConversationSummary;
import dev.switchboard.conversations.boundary.Conversations;
import dev.switchboard.conversations.control.ConversationAccess;
import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.events.boundary.MessagePosted;
import dev.switchboard.events.control.EventPublisher;
import dev.switchboard.history.boundary.HistoryPage;
import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.history.control.MessageLog;
import dev.switchboard.history.entity.Message;
import dev.switchboard.notifications.boundary.MailJob;
import dev.switchboard.notifications.boundary.Notifications;
import dev.switchboard.notifications.boundary.PushJob;
import dev.switchboard.notifications.control.PushQueue;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Config;
import dev.switchboard.platform.Json;
import dev.switchboard.webhooks.boundary.WebhookRegistry;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceUnit;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The send use case (messages and notes) and the reads of what it stored, authorised for the reader
 * (the log itself, system messages included, is {@link MessageLog}).
 */
@Stateless
public class Messages {

  public static final Duration RATE_WINDOW = Duration.ofSeconds(10);

  @PersistenceContext EntityManager em;

  /** For the sends' own entity managers: outside a transaction, see {@link #postAll}. */
  @PersistenceUnit EntityManagerFactory persistence;

  @EJB Conversations conversations;

  @Inject ConversationAccess access;

  @Inject MessageLog log;

  @Inject EventPublisher publisher;

  @EJB Notifications notifications;

  @Inject PushQueue pushQueue;

  @EJB Attachments attachments;

  @Inject WebhookRegistry webhooks;

  /** Messages (and notes) one participant may send per {@link #RATE_WINDOW}; 0: no limit. */
  @Inject
  @ConfigProperty(name = Config.RATE_LIMIT, defaultValue = "20")
  int rateLimit;

  /** One send of a batch: who sends what. */
  public record Send(Participant sender, SendCommand command) {}

  /** What became of one send of a batch: stored (or found stored, a resend), or refused. */
  public record Outcome(Posted posted, RuntimeException refusal) {

    /** The stored message; the refusal thrown. */
    public Posted get() {
      if (refusal != null) {
        throw refusal;
      }
      return posted;
    }
  }

  /** A message, or a note, as {@link #postAll} stores it. */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public Posted post(Participant sender, SendCommand command) {
    return postAll(List.of(new Send(sender, command))).get(0).get();
  }

  /**
   * Stores messages and publishes them, in the order given, and answers each send: one statement,
   * {@code post_messages} (see its migrations), outside any JTA transaction. The statement is
   * atomic on its own (autocommit), so a lone send costs one database round trip instead of three
   * (BEGIN, the statement, COMMIT) and no transaction manager; it decides every refusal itself, the
   * sender's right to the conversation included, since nothing stored can be taken back after it.
   * It locks the conversations (seq stays gapless; a batch of several takes only the locks it gets
   * at once, and the sends it could not lock are stored again alone, so it never waits holding a
   * lock and cannot deadlock), finds resends (answered as stored, not published again), counts the
   * rate, stores, stamps the conversations and marks the unread mails. A visitor writing into a
   * resolved conversation reopens it (in a transaction of its own), and the batch goes on from that
   * send. A statement that fails stores nothing: its sends and the rest are answered with the
   * failure.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public List<Outcome> postAll(List<Send> sends) {
    // A change the other instances cannot hear of now is refused, before anything is stored.
    publisher.requireBroker();
    // Its own (the container's closes outside a transaction when a bean called here returns).
    try (EntityManager statements = persistence.createEntityManager()) {
      return postAll(sends, statements);
    }
  }

  private List<Outcome> postAll(List<Send> sends, EntityManager statements) {
    var outcomes = new Outcome[sends.size()];
    var pending = new ArrayList<Pending>(sends.size());
    for (int i = 0; i < sends.size(); i++) {
      try {
        pending.add(prepare(i, sends.get(i)));
      } catch (ChatException e) {
        outcomes[i] = new Outcome(null, e);
      }
    }
    var events = new ArrayList<MessagePosted>();
    var mail = new ArrayList<MailJob>();
    var pushes = new ArrayList<PushJob>();
    for (Pending busy : store(statements, pending, outcomes, events, mail, pushes)) {
      // Alone, its one conversation's lock is waited for holding no other: never busy again.
      store(statements, List.of(busy), outcomes, events, mail, pushes);
    }
    publisher.publishToOthers(events);
    webhooks.messagesPosted(events);
    // Most sends mark nothing (a conversation's job is pending already): no bean call for them.
    if (!mail.isEmpty()) {
      notifications.marked(mail);
    }
    pushQueue.enqueueAfterCommit(pushes);
    return List.of(outcomes);
  }

  /**
   * Stores the sends, answering each in {@code outcomes}, with the events, mail and push jobs of
   * those stored; returns those not tried because another transaction held their conversation (a
   * batch of several conversations waits for none: see migration V17).
   */
  private List<Pending> store(
      EntityManager statements,
      List<Pending> sends,
      Outcome[] outcomes,
      List<MessagePosted> events,
      List<MailJob> mail,
      List<PushJob> pushes) {
    var busy = new ArrayList<Pending>();
    List<Pending> rest = sends;
    while (!rest.isEmpty()) {
      List<Object[]> rows;
      try {
        rows = store(statements, rest);
      } catch (RuntimeException e) {
        rest.forEach(p -> outcomes[p.index()] = new Outcome(null, e));
        break;
      }
      int answered = 0;
      for (Object[] row : rows) {
        Pending p = rest.get(answered++);
        var outcome = (String) row[0];
        var audience =
            new Audience(
                (String) row[5],
                (String) row[6],
                (String) row[7],
                Audience.colleagues((String) row[9]));
        switch (outcome) {
          case "stored" -> {
            MessageView view = p.view(row);
            // The sender's instance delivers it to its own sockets with the sender's ack.
            var event = new MessagePosted(audience, view);
            events.add(event);
            if (row[8] != null) {
              mail.add(new MailJob(mailKind((String) row[8]), view.conversationId(), view.seq()));
            }
            if (row[10] != null) {
              pushes.add(
                  new PushJob(
                      p.send().sender().isAgent() ? PushJob.Kind.REPLY : PushJob.Kind.MESSAGE,
                      view.conversationId(),
                      view.seq(),
                      (String) row[10]));
            }
            outcomes[p.index()] =
                new Outcome(new Posted(view, audience, false, event.messageJson()), null);
          }
          case "duplicate" -> {
            var stored = MessageView.of(statements.find(Message.class, row[1]));
            outcomes[p.index()] =
                new Outcome(new Posted(stored, audience, true, Json.write(stored)), null);
          }
          case "busy" -> busy.add(p);
          case "resolved" -> {
            // The statement stopped here; once reopened, the next one goes on from this send.
            try {
              conversations.reopenForVisitor(p.conversationId());
              answered--;
            } catch (ChatException e) {
              outcomes[p.index()] = new Outcome(null, e);
            }
          }
          default -> outcomes[p.index()] = new Outcome(null, refusal(outcome, p));
        }
      }
      rest = rest.subList(answered, rest.size());
    }
    return busy;
  }

  /**
   * A send ready for {@code post_messages}: its place in the batch, its conversation, new id and
   * (checked) attachment.
   */
  private record Pending(
      int index, Send send, String conversationId, String id, AttachmentView attachment) {

    String kind() {
      if (send.command().note()) {
        return Message.NOTE;
      }
      return attachment == null ? Message.TEXT : ContentTypes.kindOf(attachment.mimeType());
    }

    JsonObject json() {
      SendCommand command = send.command();
      Participant sender = send.sender();
      var json =
          Json.PROVIDER
              .createObjectBuilder()
              .add("id", id)
              .add("conversation_id", conversationId)
              .add("client_id", command.clientId())
              .add("sender_type", sender.kind().wire())
              .add("sender_id", sender.id())
              .add("kind", kind());
      addIfPresent(json, "sender_name", sender.name());
      addIfPresent(json, "text", command.text());
      addIfPresent(json, "attachment_id", command.attachmentId());
      addIfPresent(json, "reply_to", command.replyTo());
      if (sender.isAgent()) {
        // What Audience.admits needs: the statement decides whether the agent may write here.
        json.add("sees_all", sender.isSupervisor())
            .add("teams", Json.PROVIDER.createArrayBuilder(sender.teams()));
      }
      return json.build();
    }

    /** The stored message, from what was sent and what {@code post_messages} gave it. */
    MessageView view(Object[] row) {
      SendCommand command = send.command();
      Participant sender = send.sender();
      return new MessageView(
          id,
          conversationId,
          (Long) row[2],
          (Long) row[3],
          command.clientId(),
          new MessageView.Sender(sender.kind().wire(), sender.id(), sender.name()),
          kind(),
          command.text(),
          attachment,
          command.replyTo(),
          DateTimeFormatter.ISO_INSTANT.format(((Timestamp) row[4]).toInstant()));
    }

    private static void addIfPresent(JsonObjectBuilder json, String name, String value) {
      if (value != null) {
        json.add(name, value);
      }
    }
  }

  private Pending prepare(int index, Send send) {
    String conversationId = conversationOf(send);
    String attachmentId = send.command().attachmentId();
    AttachmentView attachment =
        attachmentId == null ? null : attachments.uploadedBy(send.sender(), attachmentId);
    return new Pending(index, send, conversationId, UUID.randomUUID().toString(), attachment);
  }

  /** The sends, from the first, as far as {@code post_messages} went: one row each, in order. */
  @SuppressWarnings("unchecked")
  private List<Object[]> store(EntityManager statements, List<Pending> sends) {
    var batch = Json.PROVIDER.createArrayBuilder();
    sends.forEach(p -> batch.add(p.json()));
    return statements
        .createNativeQuery("select * from post_messages(cast(?1 as jsonb), ?2, ?3)")
        .setParameter(1, batch.build().toString())
        .setParameter(2, rateLimit)
        .setParameter(3, (int) RATE_WINDOW.toSeconds())
        .getResultList();
  }

  private RuntimeException refusal(String outcome, Pending send) {
    return switch (outcome) {
      case "not_found" -> ChatException.notFound("no conversation " + send.conversationId());
      case "forbidden" -> ChatException.forbidden("not your conversation");
      // Refused sends are not counted: after a whole window none of those counted is left in it.
      case "rate_limited" ->
          ChatException.rateLimited(
              "at most " + rateLimit + " messages per " + RATE_WINDOW.toSeconds() + " s; try again",
              RATE_WINDOW);
      case "reply_elsewhere" ->
          ChatException.badRequest("replyTo is not a message of this conversation");
      case "reply_to_note" -> ChatException.badRequest("only a note may reply to a note");
      case "attachment_sent" -> ChatException.conflict("the attachment is already in a message");
      case "attachment_elsewhere" ->
          ChatException.badRequest("the attachment was uploaded to another conversation");
      default -> new IllegalStateException("post_messages answered " + outcome);
    };
  }

  private static MailJob.Kind mailKind(String key) {
    return MailJob.Kind.valueOf(key.toUpperCase(Locale.ROOT));
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

  /**
   * A page of history, authorised for the reader; cursors as in the wire contract (see {@link
   * MessageLog#page}).
   */
  // A read: no transaction of its own (see ConversationAccess.requireVisible).
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public HistoryPage history(
      Participant reader, String conversationId, Long beforeSeq, Long afterSeq, Integer limit) {
    access.requireVisible(reader, conversationId);
    return log.page(reader, conversationId, beforeSeq, afterSeq, limit);
  }

  /**
   * A resume's backlog (the messages after {@code afterSeq}) of a conversation that the reader's
   * own {@code ready} list, read for this sign-in, holds: {@link #history} without asking the
   * database again whether the reader may see it (a round trip for every socket of a reconnect
   * storm).
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public HistoryPage backlog(Participant reader, ConversationSummary listed, long afterSeq) {
    return log.page(reader, listed.id(), null, afterSeq, HistoryPage.MAX_SIZE);
  }

  /**
   * Committed messages with {@code afterSeq < seq < beforeSeq}, ascending: what an instance fills a
   * gap in its fan-out with. No authorisation: the caller is the instance itself.
   */
  public List<MessageView> between(String conversationId, long afterSeq, long beforeSeq) {
    return log.between(conversationId, afterSeq, beforeSeq);
  }

  /** The lowest seq below {@code beforeSeq} stored since {@code since}, if any. */
  public Long firstSeqSince(String conversationId, long beforeSeq, OffsetDateTime since) {
    return log.firstSeqSince(conversationId, beforeSeq, since);
  }
}
