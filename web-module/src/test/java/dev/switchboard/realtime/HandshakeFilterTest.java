package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeFilterTest {

  /** A handshake whose container would look its local address's name up (a test failure here). */
  static HttpServletRequest handshake() {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            HandshakeFilterTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getLocalAddr" -> "10.0.0.5";
                  case "getParameterMap" -> Map.of("lang", new String[] {"de"});
                  default -> throw new AssertionError(method.getName() + " asked of the request");
                });
  }

  @Test
  void theServersNameIsItsAddressWithoutALookup() {
    var request = new HandshakeFilter.FromClient(handshake(), "203.0.113.5");
    assertEquals("10.0.0.5", request.getLocalName());
  }

  @Test
  void theClientsAddressIsAParameterBesideTheClientsOwn() {
    var request = new HandshakeFilter.FromClient(handshake(), "203.0.113.5");
    assertEquals("203.0.113.5", request.getParameter(HandshakeFilter.CLIENT));
    assertArrayEquals(new String[] {"de"}, request.getParameterValues("lang"));
    var exempt = new HandshakeFilter.FromClient(handshake(), null);
    assertEquals("", exempt.getParameter(HandshakeFilter.CLIENT));
  }
}
