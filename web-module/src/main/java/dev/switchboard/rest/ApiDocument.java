package dev.switchboard.rest;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * What every operation shares, added to the document Payara writes from the resources' annotations
 * and types (configured as {@code mp.openapi.filter}): a failure is {@link Failures.Body} under
 * {@code default}; a success the generator left as {@code default} (a resource returning its
 * entity) is the 200 it is; every operation but the two that hand out tokens needs one; and the
 * schemas that only a {@code Response} carries (so the generator never saw them); the upload's
 * multipart body, which the resource reads from the servlet request.
 */
public class ApiDocument implements OASFilter {

  /** Operations anyone may call: they are how a token is obtained. */
  static final Set<String> PUBLIC =
      Set.of(
          "registerVisitor",
          "login",
          "companySignInOptions",
          "startCompanySignIn",
          "finishCompanySignIn",
          "redeemSignInTicket",
          "pushKey");

  static final String FAILURE = "Failure";

  static final String UPLOAD = "uploadAttachment";

  /**
   * Payara writes every attribute of a {@code @Schema} annotation, those not given as their
   * defaults: {@code maxProperties: 0} would allow an object no property at all.
   */
  @Override
  public Schema filterSchema(Schema schema) {
    if (Integer.valueOf(0).equals(schema.getMaxProperties())) {
      schema.setMaxProperties(null);
    }
    if (Integer.valueOf(0).equals(schema.getMinProperties())) {
      schema.setMinProperties(null);
    }
    if (Integer.valueOf(0).equals(schema.getMinLength())) {
      schema.setMinLength(null);
    }
    if (Boolean.FALSE.equals(schema.getExclusiveMaximum())) {
      schema.setExclusiveMaximum(null);
    }
    if (Boolean.FALSE.equals(schema.getExclusiveMinimum())) {
      schema.setExclusiveMinimum(null);
    }
    if (Boolean.FALSE.equals(schema.getUniqueItems())) {
      schema.setUniqueItems(null);
    }
    if (Boolean.FALSE.equals(schema.getNullable())) {
      schema.setNullable(null);
    }
    if (Boolean.FALSE.equals(schema.getReadOnly())) {
      schema.setReadOnly(null);
    }
    if (Boolean.FALSE.equals(schema.getWriteOnly())) {
      schema.setWriteOnly(null);
    }
    if (Boolean.FALSE.equals(schema.getDeprecated())) {
      schema.setDeprecated(null);
    }
    return schema;
  }

  @Override
  public void filterOpenAPI(OpenAPI api) {
    api.getComponents()
        .addSchema(
            FAILURE,
            object(
                    Map.of(
                        "code",
                        string(
                            "bad_request, unauthorized, forbidden, not_found, conflict, too_large,"
                                + " unsupported_type, rate_limited or unavailable"),
                        "message",
                        string("What was wrong, for a person"),
                        "type",
                        string("POST /api/frames: error, as the socket's error frame"),
                        "ref",
                        string("POST /api/frames: the request's ref"),
                        "clientId",
                        string("POST /api/frames: the send's clientId"),
                        "retryAfter",
                        OASFactory.createSchema()
                            .type(Schema.SchemaType.INTEGER)
                            .description(
                                "POST /api/frames, rate_limited: seconds until the frame is let"
                                    + " through again (as Retry-After)")))
                .required(List.of("code", "message")))
        .addSchema(
            "Registration",
            object(
                    Map.of(
                        "visitorId", string("The visitor"),
                        "token", string("Their Bearer token, for the API and the socket")))
                .required(List.of("visitorId", "token")))
        .addSchema(
            "Subscribed",
            object(Map.of("id", string("The subscription, to remove it with")))
                .required(List.of("id")))
        .addSchema(
            "Ticket",
            object(
                    Map.of(
                        "ticket",
                        string("Opens one stream: ?ticket= of /sse/visitor or /sse/agent")))
                .required(List.of("ticket")))
        .addSchema(
            "Frame",
            object(
                    Map.of(
                        "type",
                        string("The reply's type (ack, history, conversation, error …)"),
                        "ref",
                        string("The request's ref, when it had one")))
                .required(List.of("type"))
                .additionalPropertiesBoolean(true))
        .addSchema(
            "Left",
            object(
                    Map.of(
                        "conversationId",
                        string("The visitor's conversation, in the team's queue"),
                        "message",
                        OASFactory.createSchema().ref("#/components/schemas/MessageView")))
                .required(List.of("conversationId", "message")));
    // A removed message keeps its place, its text and file gone: both null (MessageView's JSON).
    Schema message = api.getComponents().getSchemas().get("MessageView");
    if (message != null) {
      message.getProperties().get("text").nullable(true);
      // AttachmentView's properties, not a reference: OpenAPI 3.0 cannot make a reference null.
      Schema attachment = api.getComponents().getSchemas().get("AttachmentView");
      message.addProperty(
          "attachment",
          OASFactory.createSchema()
              .type(Schema.SchemaType.OBJECT)
              .nullable(true)
              .properties(attachment == null ? Map.of() : attachment.getProperties()));
    }
    for (PathItem item : api.getPaths().getPathItems().values()) {
      for (Operation operation : item.getOperations().values()) {
        APIResponses responses = operation.getResponses();
        APIResponse generated = responses.getDefaultValue();
        if (generated != null) {
          responses.removeAPIResponse(APIResponses.DEFAULT);
          responses.addAPIResponse("200", generated.description("OK"));
        }
        responses.setDefaultValue(
            OASFactory.createAPIResponse()
                .description(
                    "A failure, with its status (429 and 503 with Retry-After when it is known)")
                .content(json(OASFactory.createSchema().ref("#/components/schemas/" + FAILURE))));
        if (UPLOAD.equals(operation.getOperationId())) {
          operation.setRequestBody(
              OASFactory.createRequestBody()
                  .required(true)
                  .content(
                      OASFactory.createContent()
                          .addMediaType(
                              "multipart/form-data",
                              OASFactory.createMediaType()
                                  .schema(
                                      object(
                                              Map.of(
                                                  "file",
                                                  string("The file").format("binary"),
                                                  "conversationId",
                                                  string("Its conversation (or the query's)"),
                                                  "durationMs",
                                                  OASFactory.createSchema()
                                                      .type(Schema.SchemaType.INTEGER)
                                                      .description("A voice message's length")))
                                          .required(List.of("file"))))));
        }
        operation.setSecurity(
            PUBLIC.contains(operation.getOperationId())
                ? List.of()
                : List.of(OASFactory.createSecurityRequirement().addScheme(Api.BEARER)));
      }
    }
  }

  private static Content json(Schema schema) {
    return OASFactory.createContent()
        .addMediaType("application/json", OASFactory.createMediaType().schema(schema));
  }

  private static Schema object(Map<String, Schema> properties) {
    var schema = OASFactory.createSchema().type(Schema.SchemaType.OBJECT);
    properties.forEach(schema::addProperty);
    return schema;
  }

  private static Schema string(String description) {
    return OASFactory.createSchema().type(Schema.SchemaType.STRING).description(description);
  }
}
