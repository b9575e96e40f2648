package dev.switchboard.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

  static HttpServletRequest request(String peer, String forwardedFor) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            ClientAddressesTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getRemoteAddr" -> peer;
                  case "getHeader" ->
                      "X-Forwarded-For".equalsIgnoreCase((String) args[0]) ? forwardedFor : null;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  static ClientAddresses addresses(String trusted, String exempt) {
    var addresses = new ClientAddresses();
    addresses.trustedProxies = Optional.ofNullable(trusted);
    addresses.exemptAddresses = Optional.ofNullable(exempt);
    addresses.init();
    return addresses;
  }

  @Test
  void onlyATrustedProxysForwardedForCounts() {
    var addresses = addresses("10.0.0.0/8, 192.0.2.1", null);
    assertEquals("203.0.113.5", addresses.of(request("10.1.2.3", "203.0.113.5")));
    assertEquals(
        "203.0.113.5",
        addresses.of(request("10.1.2.3", "198.51.100.9, 203.0.113.5, 192.0.2.1")),
        "the nearest hop that is not one of ours; what the client wrote before it is ignored");
    assertEquals("198.51.100.7", addresses.of(request("198.51.100.7", "203.0.113.5")));
    assertEquals("10.1.2.3", addresses.of(request("10.1.2.3", null)));
    assertEquals("10.1.2.3", addresses.of(request("10.1.2.3", "not-an-address")));
  }

  @Test
  void exemptAddressesAreNotLimited() {
    var addresses = addresses(null, "127.0.0.1, 2001:db8::/32");
    assertNull(addresses.limitedOf(request("127.0.0.1", null)));
    assertNull(addresses.limitedOf(request("2001:db8::7", null)));
    assertEquals("127.0.0.2", addresses.limitedOf(request("127.0.0.2", null)));
    assertEquals(
        "2001:db9:0:7::/64",
        addresses.limitedOf(request("2001:db9:0:7:a:b:c:d", null)),
        "an IPv6 client counts by its /64");
  }

  @Test
  void blocksContainTheirAddresses() {
    List<ClientAddresses.Cidr> blocks = ClientAddresses.Cidr.parseAll("172.16.0.0/12,::1");
    assertTrue(ClientAddresses.Cidr.anyContains(blocks, "172.31.255.255"));
    assertFalse(ClientAddresses.Cidr.anyContains(blocks, "172.32.0.1"));
    assertTrue(ClientAddresses.Cidr.anyContains(blocks, "::1"));
    for (String name : List.of("localhost", "cafe", "bad.cafe", "1234")) {
      assertEquals(null, ClientAddresses.Cidr.parseAddress(name), name + " is no address");
    }
    assertThrows(
        IllegalArgumentException.class, () -> ClientAddresses.Cidr.parseAll("10.0.0.0/33"));
    assertThrows(IllegalArgumentException.class, () -> ClientAddresses.Cidr.parseAll("intranet"));
  }
}
