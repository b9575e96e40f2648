package dev.switchboard.participants.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Config;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The company's OpenID Connect provider (Entra ID, Keycloak, Okta…), configured by the {@code
 * SWITCHBOARD_OIDC_*} keys: the authorization code flow with PKCE (S256) and a nonce, the code
 * exchanged at the token endpoint (with the client secret when there is one), the ID token's
 * signature (the provider's published keys), issuer, audience, expiry and nonce checked by the
 * Nimbus OAuth 2.0 SDK. The provider's metadata is read once (again after a failure).
 */
@ApplicationScoped
public class OpenIdProvider {

  private static final Logger LOG = Logger.getLogger(OpenIdProvider.class.getName());
  private static final int TIMEOUT_MILLIS = 10_000;

  /** Who the provider vouched for: its subject, the name to show and the groups that map. */
  public record Identity(
      String issuer,
      String subject,
      String username,
      String displayName,
      String email,
      Set<String> groups) {

    /** The agent's key: a subject is unique at its issuer only. */
    public String key() {
      return issuer + "#" + subject;
    }
  }

  /** A sign-in to start: where to send the browser, and what to keep until it comes back. */
  public record Start(URI authorization, String state, String nonce, String verifier) {}

  @Inject
  @ConfigProperty(name = Config.OIDC_ISSUER)
  Optional<String> issuer;

  @Inject
  @ConfigProperty(name = Config.OIDC_CLIENT_ID)
  Optional<String> clientId;

  @Inject
  @ConfigProperty(name = Config.OIDC_CLIENT_SECRET)
  Optional<String> clientSecret;

  @Inject
  @ConfigProperty(name = Config.OIDC_REDIRECT_URI)
  Optional<String> redirectUri;

  @Inject
  @ConfigProperty(name = Config.OIDC_NAME, defaultValue = "your company")
  String name;

  @Inject
  @ConfigProperty(name = Config.OIDC_SCOPES, defaultValue = "openid profile email")
  String scopes;

  @Inject
  @ConfigProperty(name = Config.OIDC_USERNAME_CLAIM, defaultValue = "preferred_username")
  String usernameClaim;

  @Inject
  @ConfigProperty(name = Config.OIDC_GROUPS_CLAIM, defaultValue = "groups")
  String groupsClaim;

  @Inject
  @ConfigProperty(name = Config.OIDC_AGENT_GROUP, defaultValue = "support-agents")
  String agentGroup;

  @Inject
  @ConfigProperty(name = Config.OIDC_SUPERVISOR_GROUP, defaultValue = "support-supervisors")
  String supervisorGroup;

  @Inject
  @ConfigProperty(name = Config.OIDC_TEAM_GROUP_PREFIX, defaultValue = "support-team-")
  String teamGroupPrefix;

  private GroupMapping groups;
  private volatile OIDCProviderMetadata metadata;
  private volatile IDTokenValidator validator;

  @PostConstruct
  void init() {
    groups = new GroupMapping(agentGroup, supervisorGroup, teamGroupPrefix);
  }

  public boolean isConfigured() {
    return issuer.isPresent() && clientId.isPresent();
  }

  /** What the sign-in button says: "Sign in with " and this. */
  public String name() {
    return name;
  }

  /**
   * Where the provider sends the browser back: the configured address (registered at the provider;
   * needed behind a proxy that does not pass the public host on), else {@code fromRequest}.
   */
  public URI redirect(URI fromRequest) {
    return redirectUri.map(URI::create).orElse(fromRequest);
  }

  public GroupMapping groups() {
    return groups;
  }

  public Start start(URI redirect) {
    OIDCProviderMetadata provider = metadata();
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    URI authorization =
        new AuthenticationRequest.Builder(
                new ResponseType(ResponseType.Value.CODE),
                Scope.parse(scopes),
                new ClientID(clientId.orElseThrow()),
                redirect)
            .endpointURI(provider.getAuthorizationEndpointURI())
            .state(state)
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build()
            .toURI();
    return new Start(authorization, state.getValue(), nonce.getValue(), verifier.getValue());
  }

  /**
   * Exchanges the code for tokens and checks the ID token: {@code unauthorized} when the provider
   * refuses the code or its token is not valid (tampered, expired, another audience, another
   * nonce), {@code unavailable} when it cannot be reached.
   */
  public Identity finish(String code, String verifier, URI redirect, String nonce) {
    OIDCProviderMetadata provider = metadata();
    var grant =
        new AuthorizationCodeGrant(
            new AuthorizationCode(code), redirect, new CodeVerifier(verifier));
    ClientID client = new ClientID(clientId.orElseThrow());
    TokenRequest request =
        clientSecret.isPresent()
            ? new TokenRequest(
                provider.getTokenEndpointURI(),
                new ClientSecretBasic(client, new Secret(clientSecret.get())),
                grant)
            : new TokenRequest(provider.getTokenEndpointURI(), client, grant);
    TokenResponse response;
    try {
      HTTPRequest http = request.toHTTPRequest();
      http.setConnectTimeout(TIMEOUT_MILLIS);
      http.setReadTimeout(TIMEOUT_MILLIS);
      response = OIDCTokenResponseParser.parse(http.send());
    } catch (IOException e) {
      LOG.log(Level.WARNING, "the OpenID Connect provider's token endpoint did not answer", e);
      throw ChatException.unavailable("the company sign-in cannot be reached; try again");
    } catch (ParseException e) {
      LOG.log(Level.WARNING, "the OpenID Connect provider's token answer was unreadable", e);
      throw ChatException.unauthorized("the company sign-in answered something unreadable");
    }
    if (!response.indicatesSuccess()) {
      TokenErrorResponse error = response.toErrorResponse();
      throw ChatException.unauthorized(
          "the company sign-in refused the code ("
              + (error.getErrorObject() == null ? "no reason" : error.getErrorObject().getCode())
              + "); sign in again");
    }
    JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
    IDTokenClaimsSet claims;
    try {
      claims = validator().validate(idToken, new Nonce(nonce));
    } catch (BadJOSEException | JOSEException e) {
      LOG.log(Level.WARNING, "an ID token was refused: {0}", e.getMessage());
      throw ChatException.unauthorized(
          "the company sign-in's ID token is not valid; sign in again");
    }
    return identity(claims);
  }

  /**
   * Where a signed-out browser ends its session at the provider too (RP-initiated logout), to come
   * back to {@code after}; null when the provider has no such endpoint.
   */
  public URI endSession(URI after) {
    URI endpoint = metadata().getEndSessionEndpointURI();
    if (endpoint == null) {
      return null;
    }
    return URI.create(
        endpoint
            + (endpoint.getRawQuery() == null ? "?" : "&")
            + "client_id="
            + URLEncoder.encode(clientId.orElseThrow(), StandardCharsets.UTF_8)
            + "&post_logout_redirect_uri="
            + URLEncoder.encode(after.toString(), StandardCharsets.UTF_8));
  }

  private Identity identity(IDTokenClaimsSet claims) {
    Map<String, Object> all = claims.toJSONObject();
    String subject = claims.getSubject().getValue();
    String username = text(all.get(usernameClaim));
    if (username == null) {
      username = text(all.get("email"));
    }
    String displayName = text(all.get("name"));
    String email = text(all.get("email"));
    // Within what an agent's row holds: a name is shortened, an address too long is left out.
    var identity =
        new Identity(
            claims.getIssuer().getValue(),
            subject,
            username == null ? subject : username,
            displayName == null || displayName.length() <= 200
                ? displayName
                : displayName.substring(0, 200),
            email == null || email.length() > 320 ? null : email,
            groupsIn(all, groupsClaim));
    if (identity.key().length() > 1000) {
      throw ChatException.unauthorized("the company sign-in's subject is too long");
    }
    return identity;
  }

  /**
   * The groups claim: a list or a single name; a dotted name reaches into objects ({@code
   * realm_access.roles}, as Keycloak puts its roles).
   */
  static Set<String> groupsIn(Map<String, Object> claims, String groupsClaim) {
    Object value = claims;
    for (String part : groupsClaim.split("\\.")) {
      value = value instanceof Map<?, ?> map ? map.get(part) : null;
    }
    var found = new LinkedHashSet<String>();
    if (value instanceof Collection<?> list) {
      list.stream().map(OpenIdProvider::text).filter(g -> g != null).forEach(found::add);
    } else if (text(value) != null) {
      found.add(text(value));
    }
    return found;
  }

  private static String text(Object value) {
    return value instanceof String s && !s.isBlank() ? s : null;
  }

  private OIDCProviderMetadata metadata() {
    if (!isConfigured()) {
      throw ChatException.notFound("company sign-in is not configured here");
    }
    OIDCProviderMetadata known = metadata;
    if (known == null) {
      synchronized (this) {
        if (metadata == null) {
          try {
            metadata =
                OIDCProviderMetadata.resolve(
                    new Issuer(issuer.get()), TIMEOUT_MILLIS, TIMEOUT_MILLIS);
          } catch (GeneralException | IOException e) {
            LOG.log(Level.WARNING, "the OpenID Connect provider's metadata could not be read", e);
            throw ChatException.unavailable("the company sign-in cannot be reached; try again");
          }
        }
        known = metadata;
      }
    }
    return known;
  }

  private IDTokenValidator validator() {
    IDTokenValidator known = validator;
    if (known == null) {
      OIDCProviderMetadata provider = metadata();
      try {
        URL keys = provider.getJWKSetURI().toURL();
        var selector =
            new JWSVerificationKeySelector<SecurityContext>(
                Set.of(
                    JWSAlgorithm.RS256,
                    JWSAlgorithm.RS384,
                    JWSAlgorithm.RS512,
                    JWSAlgorithm.PS256,
                    JWSAlgorithm.ES256,
                    JWSAlgorithm.ES384),
                JWKSourceBuilder.create(keys).build());
        known =
            new IDTokenValidator(
                provider.getIssuer(), new ClientID(clientId.orElseThrow()), selector, null);
      } catch (java.net.MalformedURLException | IllegalArgumentException e) {
        throw ChatException.unavailable("the company sign-in publishes no usable keys");
      }
      validator = known;
    }
    return known;
  }
}
