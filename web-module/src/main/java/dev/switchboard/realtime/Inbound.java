package dev.switchboard.realtime;

import dev.switchboard.messages.boundary.SendCommand;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The client-to-server frames of the wire contract, parsed at the edge: what every frame has
 * ({@link Envelope}: its type and ref, read first so that any refusal still echoes the ref), then
 * one record per request type, its fields checked and typed, for the handler of its family ({@link
 * MessageRequests}, {@link ConversationRequests}, {@link ParticipantRequests}, {@link SignIn}).
 */
final class Inbound {

  private Inbound() {}

  /** A frame's JSON object with its type and ref. */
  record Envelope(String type, String ref, JsonObject body) {

    static Envelope parse(String text) {
      JsonObject object;
      try (var reader = Json.PROVIDER.createReader(new StringReader(text))) {
        if (!(reader.readValue() instanceof JsonObject o)) {
          throw ChatException.badRequest("a frame is one JSON object");
        }
        object = o;
      } catch (JsonException e) {
        throw ChatException.badRequest("malformed JSON");
      }
      // The ref first: an error about the type (checked by Requests) still echoes it.
      String ref = optionalString(object, "ref");
      return new Envelope(
          object.get("type") instanceof JsonString s ? s.getString() : null, ref, object);
    }

    /** The frame's clientId, if it is a string: echoed by an error, whatever else was wrong. */
    String clientId() {
      return body.get("clientId") instanceof JsonString s ? s.getString() : null;
    }

    /** Whether any string or key holds NUL, which PostgreSQL does not store. */
    boolean holdsNul() {
      return holdsNul(body);
    }

    private static boolean holdsNul(JsonValue value) {
      if (value instanceof JsonString s) {
        return s.getString().indexOf('\0') >= 0;
      }
      if (value instanceof JsonObject o) {
        for (var entry : o.entrySet()) {
          if (entry.getKey().indexOf('\0') >= 0 || holdsNul(entry.getValue())) {
            return true;
          }
        }
      } else if (value instanceof JsonArray a) {
        for (var item : a) {
          if (holdsNul(item)) {
            return true;
          }
        }
      }
      return false;
    }

    String optionalString(String name) {
      return optionalString(body, name);
    }

    String requiredString(String name) {
      return requiredString(body, name);
    }

    Long optionalLong(String name) {
      return optionalLong(body, name);
    }

    long requiredLong(String name) {
      Long value = optionalLong(name);
      if (value == null) {
        throw ChatException.badRequest(name + " is required");
      }
      return value;
    }

    Integer optionalInt(String name) {
      Long value = optionalLong(name);
      return value == null
          ? null
          : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    boolean requiredBoolean(String name) {
      var value = body.get(name);
      if (value != null && value.getValueType() == JsonValue.ValueType.TRUE) {
        return true;
      }
      if (value != null && value.getValueType() == JsonValue.ValueType.FALSE) {
        return false;
      }
      throw ChatException.badRequest(name + " must be true or false");
    }

    /** A list of strings (at most 100), or null when absent. */
    List<String> strings(String name) {
      var value = body.get(name);
      if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
        return null;
      }
      if (!(value instanceof JsonArray array) || array.size() > 100) {
        throw ChatException.badRequest(name + " must be a list of at most 100 strings");
      }
      var out = new ArrayList<String>(array.size());
      for (var item : array) {
        if (!(item instanceof JsonString s)) {
          throw ChatException.badRequest(name + " must be a list of strings");
        }
        out.add(s.getString());
      }
      return out;
    }

    private static String optionalString(JsonObject object, String name) {
      var value = object.get(name);
      if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
        return null;
      }
      if (value instanceof JsonString s) {
        return s.getString();
      }
      throw ChatException.badRequest(name + " must be a string");
    }

    private static String requiredString(JsonObject object, String name) {
      String value = optionalString(object, name);
      if (value == null || value.isEmpty()) {
        throw ChatException.badRequest(name + " is required");
      }
      return value;
    }

    private static Long optionalLong(JsonObject object, String name) {
      var value = object.get(name);
      if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
        return null;
      }
      if (value instanceof JsonNumber n && n.isIntegral()) {
        return n.longValue();
      }
      throw ChatException.badRequest(name + " must be an integer");
    }
  }

  /**
   * {@code auth}: the token and what the client resumes. A {@code resume} that cannot be read does
   * not refuse the sign-in: the client is told why nothing was resumed ({@code resumeRefused}).
   */
  record Auth(String ref, String token, List<Resume> resume, ChatException resumeRefused) {

    static Auth of(Envelope frame) {
      return of(frame.ref(), frame.optionalString("token"), frame.body().get("resume"));
    }

    static Auth of(String ref, String token, JsonValue resume) {
      try {
        return new Auth(ref, token, Resume.listOf(resume), null);
      } catch (ChatException e) {
        return new Auth(ref, token, List.of(), e);
      }
    }
  }

  /** One entry of {@code auth.resume}: the last seq the client holds of a conversation. */
  record Resume(String conversationId, long afterSeq) {
    static final int MAX = 100;

    static List<Resume> listOf(JsonValue value) {
      if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
        return List.of();
      }
      if (!(value instanceof JsonArray array) || array.size() > MAX) {
        throw ChatException.badRequest("resume is a list of at most " + MAX + " entries");
      }
      var entries = new ArrayList<Resume>(array.size());
      for (var item : array) {
        if (!(item instanceof JsonObject o)) {
          throw ChatException.badRequest("resume entries are objects");
        }
        Long afterSeq = Envelope.optionalLong(o, "afterSeq");
        entries.add(
            new Resume(
                Envelope.requiredString(o, "conversationId"),
                afterSeq == null ? 0 : Math.max(0, afterSeq)));
      }
      return entries;
    }
  }

  /** {@code send}, or an agent's {@code note}. */
  record Send(String ref, SendCommand command) {
    static Send of(Envelope frame) {
      return new Send(
          frame.ref(),
          new SendCommand(
              frame.optionalString("conversationId"),
              frame.optionalString("clientId"),
              frame.optionalString("text"),
              frame.optionalString("attachmentId"),
              frame.optionalString("replyTo"),
              "note".equals(frame.type()),
              frame.optionalString("team")));
    }
  }

  /** {@code edit}: a message's new text. */
  record Edit(String ref, String conversationId, String messageId, String text) {
    static Edit of(Envelope frame) {
      return new Edit(
          frame.ref(),
          frame.requiredString("conversationId"),
          frame.requiredString("messageId"),
          frame.optionalString("text"));
    }
  }

  /** {@code delete}: a message taken back. */
  record Delete(String ref, String conversationId, String messageId) {
    static Delete of(Envelope frame) {
      return new Delete(
          frame.ref(), frame.requiredString("conversationId"), frame.requiredString("messageId"));
    }
  }

  /** {@code delivered} or {@code read}, up to a seq. */
  record Receipt(String kind, String conversationId, long upToSeq) {
    static Receipt of(Envelope frame) {
      return new Receipt(
          frame.type(), frame.requiredString("conversationId"), frame.requiredLong("upToSeq"));
    }
  }

  /** {@code history}: a page before or after a seq. */
  record History(String ref, String conversationId, Long beforeSeq, Long afterSeq, Integer limit) {
    static History of(Envelope frame) {
      return new History(
          frame.ref(),
          frame.requiredString("conversationId"),
          frame.optionalLong("beforeSeq"),
          frame.optionalLong("afterSeq"),
          frame.optionalInt("limit"));
    }
  }

  /** A change to a conversation that names nothing else: claim, resolve, reopen, leave. */
  record Change(String ref, String type, String conversationId) {
    static Change of(Envelope frame) {
      return new Change(frame.ref(), frame.type(), frame.requiredString("conversationId"));
    }
  }

  /** {@code transfer}: to a team ({@code toTeamId}), or else to an agent ({@code toAgentId}). */
  record Transfer(String ref, String conversationId, String toTeamId, String toAgentId) {
    static Transfer of(Envelope frame) {
      String conversationId = frame.requiredString("conversationId");
      String toTeamId = frame.optionalString("toTeamId");
      return new Transfer(
          frame.ref(),
          conversationId,
          toTeamId,
          toTeamId == null ? frame.requiredString("toAgentId") : null);
    }
  }

  /** {@code invite}: another agent into the conversation. */
  record Invite(String ref, String conversationId, String agentId) {
    static Invite of(Envelope frame) {
      return new Invite(
          frame.ref(), frame.requiredString("conversationId"), frame.requiredString("agentId"));
    }
  }

  /** {@code label}: the conversation's labels (null or empty: none). */
  record Label(String ref, String conversationId, List<String> labels) {
    static Label of(Envelope frame) {
      return new Label(
          frame.ref(), frame.requiredString("conversationId"), frame.strings("labels"));
    }
  }

  /** {@code rate}: the visitor's score and comment. */
  record Rate(String ref, String conversationId, long score, String comment) {
    static Rate of(Envelope frame) {
      return new Rate(
          frame.ref(),
          frame.requiredString("conversationId"),
          frame.requiredLong("score"),
          frame.optionalString("comment"));
    }
  }

  /** {@code transcript}: whether the visitor wants the transcript mailed. */
  record Transcript(String ref, String conversationId, boolean wanted) {
    static Transcript of(Envelope frame) {
      return new Transcript(
          frame.ref(), frame.requiredString("conversationId"), frame.requiredBoolean("wanted"));
    }
  }

  /** {@code typing}: started or stopped. */
  record Typing(String conversationId, boolean typing) {
    static Typing of(Envelope frame) {
      return new Typing(frame.requiredString("conversationId"), frame.requiredBoolean("typing"));
    }
  }

  /** {@code visibility}: whether an agent's console is in view. */
  record Visibility(boolean visible) {
    static Visibility of(Envelope frame) {
      return new Visibility(frame.requiredBoolean("visible"));
    }
  }

  /** {@code status}: an agent's availability (null: back to the default). */
  record Status(String ref, String status) {
    static Status of(Envelope frame) {
      return new Status(frame.ref(), frame.optionalString("status"));
    }
  }

  /** {@code profile}: a visitor's nickname and email. */
  record Profile(String ref, String nickname, String email) {
    static Profile of(Envelope frame) {
      return new Profile(
          frame.ref(), frame.optionalString("nickname"), frame.optionalString("email"));
    }
  }
}
