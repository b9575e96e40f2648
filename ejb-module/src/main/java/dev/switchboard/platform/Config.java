package dev.switchboard.platform;

/**
 * The configuration keys that are the operator's interface. Values come from MicroProfile Config
 * (environment variables in production). The data source and the broker connection are resource
 * definitions that Payara resolves at deployment from server-level configuration only, so {@code
 * SWITCHBOARD_DB_*} and {@code SWITCHBOARD_BROKER_*} must be set in the environment (the launcher,
 * docker/ and the Payara Server script do); the rest have defaults in code.
 */
public final class Config {
  public static final String DB_URL = "SWITCHBOARD_DB_URL";
  public static final String DB_USER = "SWITCHBOARD_DB_USER";
  public static final String DB_PASSWORD = "SWITCHBOARD_DB_PASSWORD";
  public static final String BROKER_CONNECTION = "SWITCHBOARD_BROKER_CONNECTION";
  public static final String BROKER_USER = "SWITCHBOARD_BROKER_USER";
  public static final String BROKER_PASSWORD = "SWITCHBOARD_BROKER_PASSWORD";
  public static final String ALLOWED_ORIGINS = "SWITCHBOARD_ALLOWED_ORIGINS";
  public static final String BOOTSTRAP_AGENTS = "SWITCHBOARD_BOOTSTRAP_AGENTS";
  public static final String LOCAL_MODE = "SWITCHBOARD_LOCAL_MODE";
  public static final String AGENT_TOKEN_HOURS = "SWITCHBOARD_AGENT_TOKEN_HOURS";
  public static final String VISITOR_TOKEN_DAYS = "SWITCHBOARD_VISITOR_TOKEN_DAYS";
  public static final String RATE_LIMIT = "SWITCHBOARD_RATE_LIMIT";
  public static final String PRESENCE_GRACE_SECONDS = "SWITCHBOARD_PRESENCE_GRACE_SECONDS";
  public static final String MAIL_DELAY = "SWITCHBOARD_MAIL_DELAY";
  public static final String SUPPORT_MAILBOX = "SWITCHBOARD_SUPPORT_MAILBOX";
  public static final String PUBLIC_URL = "SWITCHBOARD_PUBLIC_URL";
  public static final String SMTP_HOST = "SWITCHBOARD_SMTP_HOST";
  public static final String SMTP_PORT = "SWITCHBOARD_SMTP_PORT";
  public static final String SMTP_STARTTLS = "SWITCHBOARD_SMTP_STARTTLS";
  public static final String SMTP_USER = "SWITCHBOARD_SMTP_USER";
  public static final String SMTP_PASSWORD = "SWITCHBOARD_SMTP_PASSWORD";
  public static final String SMTP_FROM = "SWITCHBOARD_SMTP_FROM";
  public static final String LDAP_URL = "SWITCHBOARD_LDAP_URL";
  public static final String LDAP_BIND_DN = "SWITCHBOARD_LDAP_BIND_DN";
  public static final String LDAP_BIND_PASSWORD = "SWITCHBOARD_LDAP_BIND_PASSWORD";
  public static final String LDAP_USER_BASE = "SWITCHBOARD_LDAP_USER_BASE";
  public static final String LDAP_USER_FILTER = "SWITCHBOARD_LDAP_USER_FILTER";
  public static final String LDAP_GROUP_BASE = "SWITCHBOARD_LDAP_GROUP_BASE";
  public static final String LDAP_GROUP_FILTER = "SWITCHBOARD_LDAP_GROUP_FILTER";
  public static final String LDAP_AGENT_GROUP = "SWITCHBOARD_LDAP_AGENT_GROUP";
  public static final String LDAP_SUPERVISOR_GROUP = "SWITCHBOARD_LDAP_SUPERVISOR_GROUP";
  public static final String LDAP_TEAM_GROUP_PREFIX = "SWITCHBOARD_LDAP_TEAM_GROUP_PREFIX";
  public static final String OIDC_ISSUER = "SWITCHBOARD_OIDC_ISSUER";
  public static final String OIDC_CLIENT_ID = "SWITCHBOARD_OIDC_CLIENT_ID";
  public static final String OIDC_CLIENT_SECRET = "SWITCHBOARD_OIDC_CLIENT_SECRET";
  public static final String OIDC_NAME = "SWITCHBOARD_OIDC_NAME";
  public static final String OIDC_SCOPES = "SWITCHBOARD_OIDC_SCOPES";
  public static final String OIDC_REDIRECT_URI = "SWITCHBOARD_OIDC_REDIRECT_URI";
  public static final String OIDC_USERNAME_CLAIM = "SWITCHBOARD_OIDC_USERNAME_CLAIM";
  public static final String OIDC_GROUPS_CLAIM = "SWITCHBOARD_OIDC_GROUPS_CLAIM";
  public static final String OIDC_AGENT_GROUP = "SWITCHBOARD_OIDC_AGENT_GROUP";
  public static final String OIDC_SUPERVISOR_GROUP = "SWITCHBOARD_OIDC_SUPERVISOR_GROUP";
  public static final String OIDC_TEAM_GROUP_PREFIX = "SWITCHBOARD_OIDC_TEAM_GROUP_PREFIX";
  public static final String IDENTITY_SECRET = "SWITCHBOARD_IDENTITY_SECRET";
  public static final String IDENTITY_ISSUER = "SWITCHBOARD_IDENTITY_ISSUER";
  public static final String IDENTITY_AUDIENCE = "SWITCHBOARD_IDENTITY_AUDIENCE";
  public static final String IDENTITY_MAX_MINUTES = "SWITCHBOARD_IDENTITY_MAX_MINUTES";
  public static final String SIGNED_VISITOR_TOKEN_HOURS = "SWITCHBOARD_SIGNED_VISITOR_TOKEN_HOURS";
  public static final String ATTACHMENT_MAX_BYTES = "SWITCHBOARD_ATTACHMENT_MAX_BYTES";
  public static final String ATTACHMENT_TYPES = "SWITCHBOARD_ATTACHMENT_TYPES";
  public static final String ATTACHMENT_ORPHAN_HOURS = "SWITCHBOARD_ATTACHMENT_ORPHAN_HOURS";
  public static final String ATTACHMENT_SWEEP_SECONDS = "SWITCHBOARD_ATTACHMENT_SWEEP_SECONDS";
  public static final String RETENTION_DAYS = "SWITCHBOARD_RETENTION_DAYS";
  public static final String WEBHOOK_ATTEMPTS = "SWITCHBOARD_WEBHOOK_ATTEMPTS";
  public static final String WEBHOOK_RETRY_SECONDS = "SWITCHBOARD_WEBHOOK_RETRY_SECONDS";
  public static final String RETENTION_HOUR = "SWITCHBOARD_RETENTION_HOUR";
  public static final String RETENTION_SWEEP_SECONDS = "SWITCHBOARD_RETENTION_SWEEP_SECONDS";
  public static final String UPLOADS_PER_DAY = "SWITCHBOARD_UPLOADS_PER_DAY";
  public static final String UPLOAD_BYTES_PER_DAY = "SWITCHBOARD_UPLOAD_BYTES_PER_DAY";
  public static final String UPLOADS_UNSENT = "SWITCHBOARD_UPLOADS_UNSENT";
  public static final String MAIL_SWEEP_SECONDS = "SWITCHBOARD_MAIL_SWEEP_SECONDS";
  public static final String TOKEN_SWEEP_SECONDS = "SWITCHBOARD_TOKEN_SWEEP_SECONDS";
  public static final String SOCKET_UNREAD_BYTES = "SWITCHBOARD_SOCKET_UNREAD_BYTES";
  public static final String SIGN_IN_FAILURES_PER_USER = "SWITCHBOARD_SIGN_IN_FAILURES_PER_USER";
  public static final String SIGN_IN_FAILURES_PER_ADDRESS =
      "SWITCHBOARD_SIGN_IN_FAILURES_PER_ADDRESS";
  public static final String VISITORS_PER_ADDRESS = "SWITCHBOARD_VISITORS_PER_ADDRESS";
  public static final String COMPANY_SIGN_INS_PER_ADDRESS =
      "SWITCHBOARD_COMPANY_SIGN_INS_PER_ADDRESS";
  public static final String SOCKETS_PER_ADDRESS = "SWITCHBOARD_SOCKETS_PER_ADDRESS";
  public static final String REQUEST_BODY_SECONDS = "SWITCHBOARD_REQUEST_BODY_SECONDS";
  public static final String REQUEST_BODY_MEMORY_BYTES = "SWITCHBOARD_REQUEST_BODY_MEMORY_BYTES";
  public static final String REQUEST_BODY_DISK_BYTES = "SWITCHBOARD_REQUEST_BODY_DISK_BYTES";
  public static final String TRUSTED_PROXIES = "SWITCHBOARD_TRUSTED_PROXIES";
  public static final String RATE_LIMIT_EXEMPT = "SWITCHBOARD_RATE_LIMIT_EXEMPT";
  public static final String PROFILE_FRAMES_PER_MINUTE = "SWITCHBOARD_PROFILE_FRAMES_PER_MINUTE";
  public static final String TYPING_FRAMES_PER_MINUTE = "SWITCHBOARD_TYPING_FRAMES_PER_MINUTE";
  public static final String HISTORY_FRAMES_PER_MINUTE = "SWITCHBOARD_HISTORY_FRAMES_PER_MINUTE";
  public static final String TRANSCRIPT_FRAMES_PER_MINUTE =
      "SWITCHBOARD_TRANSCRIPT_FRAMES_PER_MINUTE";
  public static final String EDIT_FRAMES_PER_MINUTE = "SWITCHBOARD_EDIT_FRAMES_PER_MINUTE";
  public static final String EDIT_WINDOW_MINUTES = "SWITCHBOARD_EDIT_WINDOW_MINUTES";
  public static final String SEARCH_LANGUAGE = "SWITCHBOARD_SEARCH_LANGUAGE";

  public static final String ROUTING_SECONDS = "SWITCHBOARD_ROUTING_SECONDS";
  public static final String VAPID_PUBLIC_KEY = "SWITCHBOARD_VAPID_PUBLIC_KEY";
  public static final String VAPID_PRIVATE_KEY = "SWITCHBOARD_VAPID_PRIVATE_KEY";
  public static final String VAPID_SUBJECT = "SWITCHBOARD_VAPID_SUBJECT";
  public static final String PUSH_SERVICES = "SWITCHBOARD_PUSH_SERVICES";
  public static final String PUSH_DELAY_SECONDS = "SWITCHBOARD_PUSH_DELAY_SECONDS";
  public static final String SEND_WRITERS = "SWITCHBOARD_SEND_WRITERS";
  public static final String EVENT_LINGER_MICROS = "SWITCHBOARD_EVENT_LINGER_MICROS";

  private Config() {}
}
