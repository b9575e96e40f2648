package dev.switchboard.limits;

import dev.switchboard.platform.Config;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which address a request comes from, for the limits per address: the peer's, unless the peer is
 * one of {@code SWITCHBOARD_TRUSTED_PROXIES}; then the nearest address in {@code X-Forwarded-For}
 * that is not a trusted proxy (an untrusted peer's header is ignored: anyone can write one).
 * Addresses on {@code SWITCHBOARD_RATE_LIMIT_EXEMPT} are not limited.
 */
@ApplicationScoped
public class ClientAddresses {

  @Inject
  @ConfigProperty(name = Config.TRUSTED_PROXIES)
  Optional<String> trustedProxies;

  @Inject
  @ConfigProperty(name = Config.RATE_LIMIT_EXEMPT)
  Optional<String> exemptAddresses;

  private List<Cidr> trusted;
  private List<Cidr> exempt;

  @PostConstruct
  void init() {
    trusted = Cidr.parseAll(trustedProxies.orElse(""));
    exempt = Cidr.parseAll(exemptAddresses.orElse(""));
  }

  /** The client's address. */
  public String of(HttpServletRequest request) {
    String peer = request.getRemoteAddr();
    if (!Cidr.anyContains(trusted, peer)) {
      return peer;
    }
    String forwarded = request.getHeader("X-Forwarded-For");
    if (forwarded == null) {
      return peer;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      if (!Cidr.anyContains(trusted, hop)) {
        return Cidr.parseAddress(hop) == null ? peer : hop;
      }
    }
    return peer;
  }

  /**
   * The client's address as the limits count it, or null when it is exempt. IPv6 clients count by
   * their /64: one holds all of it, as an IPv4 client holds one address.
   */
  public String limitedOf(HttpServletRequest request) {
    String address = of(request);
    if (Cidr.anyContains(exempt, address)) {
      return null;
    }
    byte[] bytes = Cidr.parseAddress(address);
    if (bytes != null && bytes.length == 16) {
      var prefix = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        prefix
            .append(Integer.toHexString((bytes[i] & 0xFF) << 8 | bytes[i + 1] & 0xFF))
            .append(':');
      }
      return prefix + ":/64";
    }
    return address;
  }

  /** An address or a block of them ({@code 10.0.0.0/8}, {@code ::1}). */
  record Cidr(byte[] network, int prefix) {

    static List<Cidr> parseAll(String list) {
      var all = new ArrayList<Cidr>();
      for (String entry : list.split(",")) {
        String trimmed = entry.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        int slash = trimmed.indexOf('/');
        byte[] address = parseAddress(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (address == null) {
          throw new IllegalArgumentException("not an address or a CIDR block: " + trimmed);
        }
        int prefix =
            slash < 0 ? address.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
        if (prefix < 0 || prefix > address.length * 8) {
          throw new IllegalArgumentException("not a CIDR block: " + trimmed);
        }
        all.add(new Cidr(address, prefix));
      }
      return List.copyOf(all);
    }

    /** Compiled once: every socket's handshake asks (String.matches compiled it each time). */
    private static final Pattern LITERAL =
        Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|\\[?[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*\\]?");

    /**
     * The bytes of a literal IPv4 (four decimal parts) or IPv6 (with colons) address, or null:
     * anything else might be a name, and names are never looked up.
     */
    static byte[] parseAddress(String literal) {
      if (literal == null || !LITERAL.matcher(literal).matches()) {
        return null;
      }
      try {
        return InetAddress.getByName(literal).getAddress();
      } catch (UnknownHostException e) {
        return null;
      }
    }

    static boolean anyContains(List<Cidr> blocks, String literal) {
      if (blocks.isEmpty()) {
        return false;
      }
      byte[] address = parseAddress(literal);
      return address != null && blocks.stream().anyMatch(b -> b.contains(address));
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest) & 0xFF;
      return (address[full] & mask) == (network[full] & mask);
    }
  }
}
