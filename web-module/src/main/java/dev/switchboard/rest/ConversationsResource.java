package dev.switchboard.rest;

import dev.switchboard.conversations.boundary.ConversationSummary;
import dev.switchboard.conversations.boundary.Conversations;
import dev.switchboard.history.boundary.HistoryPage;
import dev.switchboard.history.boundary.MessageView;
import dev.switchboard.messages.boundary.Messages;
import dev.switchboard.messages.boundary.Revisions;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Tag(name = "Conversations")
@Path("conversations")
@Produces(MediaType.APPLICATION_JSON)
public class ConversationsResource {

  @EJB Conversations conversations;

  @EJB Messages messages;

  @EJB Revisions revisions;

  @Inject Bearer bearer;

  @Context HttpHeaders headers;

  @GET
  @Operation(
      operationId = "listConversations",
      summary = "The conversations the caller sees, filtered by status, assignee or label")
  public List<ConversationSummary> list(
      @QueryParam("status") String status,
      @QueryParam("assignee") String assignee,
      @QueryParam("label") String label) {
    return conversations.list(bearer.require(headers), status, assignee, label);
  }

  /** One conversation as the caller sees it (a search result's, say). */
  @GET
  @Path("{id}")
  @Operation(operationId = "getConversation", summary = "One conversation as the caller sees it")
  public ConversationSummary get(@PathParam("id") String id) {
    return conversations.summary(bearer.require(headers), id);
  }

  /** An agent sets the conversation's labels (ids or names; none clears them). */
  @PUT
  @Path("{id}/labels")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "setConversationLabels",
      summary = "Sets a conversation's labels (agents)")
  public ConversationSummary labels(@PathParam("id") String id, List<String> labels) {
    var agent = bearer.require(headers);
    conversations.setLabels(agent, id, labels, null);
    return conversations.summary(agent, id);
  }

  /** The body of an invitation: the agent invited. */
  public record Invitation(String agentId) {}

  /** An agent invites a colleague into the conversation: 200 with the summary. */
  @POST
  @Path("{id}/colleagues")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "inviteColleague",
      summary = "Invites a colleague into a conversation (its assignee or a supervisor)")
  public ConversationSummary invite(@PathParam("id") String id, Invitation invitation) {
    var agent = bearer.require(headers);
    conversations.invite(agent, id, invitation == null ? null : invitation.agentId(), null);
    return conversations.summary(agent, id);
  }

  /** An invited agent leaves the conversation: 204. */
  @DELETE
  @Path("{id}/colleagues/me")
  @Operation(
      operationId = "leaveConversation",
      summary = "An invited colleague leaves the conversation")
  @APIResponse(responseCode = "204", description = "Left")
  public void leave(@PathParam("id") String id) {
    conversations.leave(bearer.require(headers), id, null);
  }

  @GET
  @Path("{id}/messages")
  @Operation(
      operationId = "listMessages",
      summary = "A page of a conversation's history (cursors beforeSeq / afterSeq)")
  public HistoryPage messages(
      @PathParam("id") String id,
      @QueryParam("beforeSeq") Long beforeSeq,
      @QueryParam("afterSeq") Long afterSeq,
      @QueryParam("limit") Integer limit) {
    return messages.history(bearer.require(headers), id, beforeSeq, afterSeq, limit);
  }

  /** The body of a change: the message's new text. */
  public record Edit(String text) {}

  @PATCH
  @Path("{id}/messages/{messageId}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "editMessage",
      summary = "Edits a message (its sender, within the edit window)")
  public MessageView edit(
      @PathParam("id") String id, @PathParam("messageId") String messageId, Edit edit) {
    return revisions.edit(
        bearer.require(headers), id, messageId, edit == null ? null : edit.text(), null);
  }

  @DELETE
  @Path("{id}/messages/{messageId}")
  @Operation(
      operationId = "deleteMessage",
      summary = "Removes a message (its sender within the edit window, or a supervisor)")
  public MessageView delete(@PathParam("id") String id, @PathParam("messageId") String messageId) {
    return revisions.delete(bearer.require(headers), id, messageId, null);
  }
}
