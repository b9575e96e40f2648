package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.junit.jupiter.api.Test;

/** The upgrade without the container's injection, on objects shaped as Payara 6's. */
class UpgradedTest {

  public static final class Handler implements HttpUpgradeHandler {
    @Override
    public void init(WebConnection connection) {}

    @Override
    public void destroy() {}
  }

  /** Grizzly's response. */
  static final class Response {
    boolean suspended;

    void suspend() {
      suspended = true;
    }
  }

  /** Grizzly's request. */
  static final class GrizzlyRequest {
    final Response response = new Response();

    Response getResponse() {
      return response;
    }
  }

  /** Catalina's request, as its fields are named. */
  static final class CatalinaRequest {
    final GrizzlyRequest coyoteRequest = new GrizzlyRequest();
    private boolean upgrade;
    private HttpUpgradeHandler httpUpgradeHandler;

    GrizzlyRequest getCoyoteRequest() {
      return coyoteRequest;
    }
  }

  /** Catalina's facade, what the filters are handed. */
  static final class Facade {
    final CatalinaRequest request = new CatalinaRequest();
  }

  @Test
  void theHandlerIsMadeAndTheRequestUpgradedAsCatalinaDoes() throws Exception {
    var facade = new Facade();
    Handler handler = Upgraded.upgrade(facade, Handler.class);
    assertTrue(facade.request.upgrade);
    assertTrue(facade.request.httpUpgradeHandler instanceof TyrusUpgrade);
    assertTrue(facade.request.coyoteRequest.response.suspended, "the response waits for the 101");
  }

  /** Catalina's request without the handler's field: nothing is set, the container upgrades. */
  static final class OtherRequest {
    final GrizzlyRequest coyoteRequest = new GrizzlyRequest();
    private boolean upgrade;

    GrizzlyRequest getCoyoteRequest() {
      return coyoteRequest;
    }
  }

  static final class OtherFacade {
    final OtherRequest request = new OtherRequest();
  }

  @Test
  void anotherContainersRequestIsLeftAsItWas() {
    var other = new OtherFacade();
    assertThrows(ReflectiveOperationException.class, () -> Upgraded.upgrade(other, Handler.class));
    assertFalse(other.request.upgrade);
    assertFalse(other.request.coyoteRequest.response.suspended);
    assertThrows(
        ReflectiveOperationException.class, () -> Upgraded.upgrade(new Object(), Handler.class));
  }

  @Test
  void nothingIsUpgradedBeforeTheHandlerIsMade() {
    var facade = new Facade();
    assertThrows(
        ReflectiveOperationException.class,
        () -> Upgraded.upgrade(facade, WithoutPublicConstructor.class));
    assertFalse(facade.request.upgrade);
    assertNull(facade.request.httpUpgradeHandler);
  }

  static final class WithoutPublicConstructor implements HttpUpgradeHandler {
    private WithoutPublicConstructor() {}

    @Override
    public void init(WebConnection connection) {}

    @Override
    public void destroy() {}
  }
}
