package dev.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.microshed.testing.jaxrs.RESTClient;
import org.microshed.testing.jupiter.MicroShedTest;

/**
 * The HTTP API through MicroShed Testing's typed REST clients, against instance A of the running
 * test cluster ({@code microshed_manual_env}).
 */
@ExtendWith(RestApiIT.ManualEnvironment.class)
@MicroShedTest
public class RestApiIT {

  /** Points MicroShed at the running cluster before its own extension looks for it. */
  static final class ManualEnvironment implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      var a = TestCluster.a();
      System.setProperty("microshed_manual_env", "true");
      System.setProperty("microshed_hostname", a.getHost());
      System.setProperty("microshed_http_port", Integer.toString(a.getPort()));
      System.setProperty("microshed_app_context_root", "/api");
    }
  }

  @Path("/visitors")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public interface VisitorsApi {
    @POST
    Map<String, Object> register(Map<String, Object> visitor);
  }

  @Path("/agents")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public interface AgentsApi {
    @POST
    @Path("/login")
    Map<String, Object> login(Map<String, Object> credentials);
  }

  @Path("/conversations")
  @Produces(MediaType.APPLICATION_JSON)
  public interface ConversationsApi {
    @GET
    List<Map<String, Object>> list(@HeaderParam("Authorization") String authorization);
  }

  @RESTClient public static VisitorsApi visitors;

  @RESTClient public static AgentsApi agents;

  @RESTClient public static ConversationsApi conversations;

  @Test
  void aVisitorRegistersAndListsOwnConversations() {
    Map<String, Object> visitor =
        visitors.register(Map.of("nickname", "Ann", "email", "ann@example.com"));
    assertNotNull(visitor.get("visitorId"));
    String token = (String) visitor.get("token");
    assertEquals(List.of(), conversations.list("Bearer " + token));
  }

  @Test
  void anAgentLogsInAndAWrongPasswordIsRefused() {
    Map<String, Object> login =
        agents.login(Map.of("username", TestCluster.AGENT, "password", TestCluster.AGENT_PASSWORD));
    assertEquals("agent", login.get("role"));
    assertEquals(TestCluster.AGENT, login.get("displayName"));
    assertNotNull(conversations.list("Bearer " + login.get("token")));
    assertThrows(
        NotAuthorizedException.class,
        () -> agents.login(Map.of("username", TestCluster.AGENT, "password", "wrong")));
  }
}
