package dev.switchboard.realtime;

import dev.switchboard.conversations.boundary.ConversationSummary;
import dev.switchboard.events.boundary.ReceiptChanged;
import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.platform.ChatException;
import dev.switchboard.presence.boundary.Presence;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.util.List;

/** The server-to-client frames of the wire contract, written with JSON-B (nulls left out). */
public final class Frames {

  public record You(String type, String id, String name) {}

  public record Ready(
      String type, You you, List<ConversationSummary> conversations, String serverTime) {
    Ready(You you, List<ConversationSummary> conversations) {
      this("ready", you, conversations, now());
    }
  }

  public record Ack(String type, String ref, String clientId, MessageView message) {
    Ack(String ref, MessageView message) {
      this("ack", ref, message.clientId(), message);
    }
  }

  public record Message(String type, MessageView message) {
    Message(MessageView message) {
      this("message", message);
    }
  }

  /** The answer to {@code edit} or {@code delete}: the message's new state. */
  public record Revised(String type, String ref, MessageView message) {
    Revised(String ref, MessageView message) {
      this("message", ref, message);
    }
  }

  public record History(
      String type, String ref, String conversationId, List<MessageView> messages, boolean hasMore) {
    History(String ref, String conversationId, List<MessageView> messages, boolean hasMore) {
      this("history", ref, conversationId, messages, hasMore);
    }
  }

  public record Typing(
      String type, String conversationId, MessageView.Sender sender, boolean typing) {
    Typing(String conversationId, MessageView.Sender sender, boolean typing) {
      this("typing", conversationId, sender, typing);
    }
  }

  public record Profile(String type, String ref, String visitorId, String nickname, String email) {
    Profile(String ref, dev.switchboard.events.boundary.ProfileChanged changed) {
      this("profile", ref, changed.visitorId(), changed.nickname(), changed.email());
    }
  }

  /** A supervisor erased a visitor's data: the console drops these conversations. */
  public record Erased(String type, String visitorId, List<String> conversationIds) {
    Erased(dev.switchboard.events.boundary.VisitorErased erased) {
      this("erased", erased.visitorId(), erased.conversationIds());
    }
  }

  /**
   * The conversation left this agent's view (transferred to a team or agent they do not see it
   * through): the console drops it.
   */
  public record Withdrawn(String type, String ref, String conversationId) {
    Withdrawn(String ref, String conversationId) {
      this("withdrawn", ref, conversationId);
    }
  }

  /** A supervisor changed this agent's role or teams: what they see changes from now on. */
  public record Access(String type, String role, java.util.Set<String> teams) {
    Access(dev.switchboard.events.boundary.AgentChanged changed) {
      this("access", changed.role(), changed.teams());
    }
  }

  public record Conversation(String type, String ref, ConversationSummary conversation) {
    Conversation(String ref, ConversationSummary conversation) {
      this("conversation", ref, conversation);
    }
  }

  public record Receipt(
      String type,
      String conversationId,
      ConversationSummary.Reader reader,
      String kind,
      long upToSeq) {
    Receipt(ReceiptChanged changed) {
      this(
          "receipt", changed.conversationId(), changed.reader(), changed.kind(), changed.upToSeq());
    }
  }

  /** What visitors learn of presence; {@code lastAgentSeenAt} is written even when null. */
  public record VisitorPresence(
      String type, int agentsOnline, @JsonbNillable String lastAgentSeenAt) {
    VisitorPresence(Presence.Snapshot snapshot) {
      this("presence", snapshot.agentsOnline(), snapshot.lastAgentSeenAt());
    }
  }

  public record AgentPresence(String type, String ref, List<Presence.AgentStatus> agents) {
    AgentPresence(String ref, Presence.Snapshot snapshot) {
      this("presence", ref, snapshot.agents());
    }
  }

  public record Pong(String type, String ref, String serverTime) {
    Pong(String ref) {
      this("pong", ref, now());
    }
  }

  /**
   * {@code retryAfter}: seconds after which the refused frame is let through (left out: unsaid).
   */
  public record Error(
      String type, String ref, String clientId, String code, String message, Long retryAfter) {
    Error(String ref, String clientId, ChatException e) {
      this(
          "error",
          ref,
          clientId,
          e.code().wire(),
          e.getMessage(),
          e.retryAfterSeconds() > 0 ? e.retryAfterSeconds() : null);
    }
  }

  static String now() {
    return Instant.now().toString();
  }

  private Frames() {}
}
