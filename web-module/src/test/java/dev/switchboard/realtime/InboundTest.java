package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request frames parsed at the edge: each refusal says what was wrong, and keeps the ref. */
class InboundTest {

  static Inbound.Envelope frame(String json) {
    return Inbound.Envelope.parse(json);
  }

  static String refusal(Runnable parse) {
    var e = assertThrows(ChatException.class, parse::run);
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    return e.getMessage();
  }

  @Test
  void anEnvelopeIsOneJsonObjectWithItsTypeAndRef() {
    var frame = frame("{\"type\":\"ping\",\"ref\":\"r1\",\"clientId\":\"c\"}");
    assertEquals("ping", frame.type());
    assertEquals("r1", frame.ref());
    assertEquals("c", frame.clientId());
    assertEquals("malformed JSON", refusal(() -> frame("{\"type\":")));
    assertEquals("a frame is one JSON object", refusal(() -> frame("[1]")));
    assertEquals("ref must be a string", refusal(() -> frame("{\"ref\":1}")));
    var untyped = frame("{\"type\":5,\"ref\":\"r2\",\"clientId\":7}");
    assertNull(untyped.type(), "a type that is not a string is no type");
    assertEquals("r2", untyped.ref());
    assertNull(untyped.clientId());
  }

  @Test
  void nulIsFoundInKeysValuesAndLists() {
    assertTrue(frame("{\"text\":\"a\\u0000b\"}").holdsNul());
    assertTrue(frame("{\"a\\u0000\":1}").holdsNul());
    assertTrue(frame("{\"labels\":[\"x\",{\"y\":\"\\u0000\"}]}").holdsNul());
    assertEquals(false, frame("{\"text\":\"ab\",\"n\":0}").holdsNul());
  }

  @Test
  void fieldsAreCheckedAndTyped() {
    var history =
        Inbound.History.of(
            frame("{\"type\":\"history\",\"conversationId\":\"c\",\"limit\":99999999999}"));
    assertEquals(Integer.MAX_VALUE, history.limit(), "an integer beyond int is clamped");
    assertNull(history.beforeSeq());
    assertEquals(
        "conversationId is required",
        refusal(() -> Inbound.Edit.of(frame("{\"type\":\"edit\",\"conversationId\":\"\"}"))));
    assertEquals(
        "upToSeq must be an integer",
        refusal(
            () ->
                Inbound.Receipt.of(
                    frame("{\"type\":\"read\",\"conversationId\":\"c\",\"upToSeq\":1.5}"))));
    assertEquals(
        "typing must be true or false",
        refusal(
            () ->
                Inbound.Typing.of(
                    frame("{\"type\":\"typing\",\"conversationId\":\"c\",\"typing\":\"yes\"}"))));
    assertEquals(
        "labels must be a list of strings",
        refusal(
            () ->
                Inbound.Label.of(
                    frame("{\"type\":\"label\",\"conversationId\":\"c\",\"labels\":[1]}"))));
    assertNull(
        Inbound.Label.of(frame("{\"type\":\"label\",\"conversationId\":\"c\"}")).labels(),
        "no labels: none");
    var note =
        Inbound.Send.of(
            frame(
                "{\"type\":\"note\",\"ref\":\"r\",\"conversationId\":\"c\",\"clientId\":\"k\",\"text\":\"t\"}"));
    assertTrue(note.command().note());
    assertEquals("r", note.ref());
  }

  @Test
  void aTransferNamesATeamOrElseAnAgent() {
    var toTeam =
        Inbound.Transfer.of(
            frame("{\"type\":\"transfer\",\"conversationId\":\"c\",\"toTeamId\":\"t\"}"));
    assertEquals("t", toTeam.toTeamId());
    assertNull(toTeam.toAgentId());
    assertEquals(
        "toAgentId is required",
        refusal(
            () -> Inbound.Transfer.of(frame("{\"type\":\"transfer\",\"conversationId\":\"c\"}"))));
  }

  @Test
  void anAuthsResumeThatCannotBeReadDoesNotRefuseTheSignIn() {
    var auth =
        Inbound.Auth.of(
            frame(
                "{\"type\":\"auth\",\"token\":\"t\",\"resume\":[{\"conversationId\":\"c\",\"afterSeq\":-3},{\"conversationId\":\"d\"}]}"));
    assertEquals("t", auth.token());
    assertEquals(
        List.of(new Inbound.Resume("c", 0), new Inbound.Resume("d", 0)),
        auth.resume(),
        "no seq, or a negative one, resumes from the start");
    assertNull(auth.resumeRefused());
    var refused = Inbound.Auth.of(frame("{\"type\":\"auth\",\"token\":\"t\",\"resume\":[1]}"));
    assertEquals("t", refused.token());
    assertEquals(List.of(), refused.resume());
    assertEquals("resume entries are objects", refused.resumeRefused().getMessage());
    var tooMany = new StringBuilder("{\"type\":\"auth\",\"resume\":[");
    for (int i = 0; i <= Inbound.Resume.MAX; i++) {
      tooMany.append(i == 0 ? "" : ",").append("{\"conversationId\":\"c").append(i).append("\"}");
    }
    assertEquals(
        "resume is a list of at most 100 entries",
        Inbound.Auth.of(frame(tooMany + "]}")).resumeRefused().getMessage());
    assertEquals(
        "token must be a string",
        refusal(() -> Inbound.Auth.of(frame("{\"type\":\"auth\",\"token\":42}"))));
  }
}
