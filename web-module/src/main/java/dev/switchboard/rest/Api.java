package dev.switchboard.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The HTTP API, described at {@code /openapi} (see {@link ApiDocument}). */
@ApplicationPath("/api")
@OpenAPIDefinition(
    info =
        @Info(
            title = "Switchboard",
            version = "1",
            description =
                "The HTTP API of Switchboard's live support chat. The chat itself runs over the"
                    + " WebSockets /ws/visitor and /ws/agent (the wire contract: PROTOCOL.md and"
                    + " the README's contract section). Every failure answers {code, message}."))
@SecurityScheme(
    securitySchemeName = Api.BEARER,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description =
        "A visitor's token (POST /api/visitors) or an agent's (POST /api/agents/login), as"
            + " Authorization: Bearer <token>")
public class Api extends Application {

  static final String BEARER = "bearer";
}
