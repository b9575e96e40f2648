package dev.switchboard.rest;

import dev.switchboard.audit.boundary.AuditEntry;
import dev.switchboard.audit.boundary.AuditLog;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit log, newest first, for supervisors; page with {@code beforeId}. */
@Tag(name = "Audit")
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

  @EJB AuditLog audit;

  @Inject Bearer bearer;

  @Context HttpHeaders headers;

  @GET
  @Operation(
      operationId = "readAudit",
      summary = "The audit log, newest first (supervisors); page with beforeId")
  public List<AuditEntry> read(
      @QueryParam("beforeId") Long beforeId, @QueryParam("limit") Integer limit) {
    return audit.read(bearer.require(headers), beforeId, limit);
  }
}
