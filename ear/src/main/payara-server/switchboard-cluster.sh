#!/usr/bin/env bash
# Sets Switchboard up on a running Payara Server 6 domain: a deployment group of instances on one
# node, the application's configuration, the Artemis resource adapter, then the EAR; and starts it.
#
#   PAYARA_HOME=/opt/payara6 SWITCHBOARD_DB_URL=... SWITCHBOARD_BROKER_CONNECTION=... \
#     ./switchboard-cluster.sh [--group switchboard] [--instances 2] [--node localhost-domain1]
#                              [--portbase 28000]
#
# asadmin's own variables say which domain: AS_ADMIN_HOST, AS_ADMIN_PORT (4848),
# AS_ADMIN_USER, AS_ADMIN_PASSWORDFILE.
#
# Every SWITCHBOARD_* variable of this script's environment becomes a domain-wide MicroProfile
# Config property (the keys are the README's configuration table; *_PASSWORD and *_SECRET ones go to the
# password alias store), so every instance of the group, including ones added later, reads the
# same values. The application's data source and connection
# factory are resource definitions in the archive that read those properties: no JDBC or JMS
# resources are created here. Mail is sent by the application from SWITCHBOARD_SMTP_*.
#
# Instance n listens on portbase + (n-1) * 100 + 80 for HTTP. Run it once per domain; to change
# the configuration later, run asadmin set-config-property and restart-deployment-group.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
group=switchboard
instances=2
node=""
portbase=28000
while [ $# -gt 0 ]; do
  case "$1" in
    --group) group="$2"; shift 2 ;;
    --instances) instances="$2"; shift 2 ;;
    --node) node="$2"; shift 2 ;;
    --portbase) portbase="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

: "${PAYARA_HOME:?PAYARA_HOME must name the Payara Server directory (the one with bin/asadmin)}"
asadmin() { "$PAYARA_HOME/bin/asadmin" --interactive=false "$@"; }

# The resource definitions resolve these at deployment: a missing one would stay a literal.
for key in SWITCHBOARD_DB_URL SWITCHBOARD_DB_USER SWITCHBOARD_DB_PASSWORD \
           SWITCHBOARD_BROKER_CONNECTION SWITCHBOARD_BROKER_USER SWITCHBOARD_BROKER_PASSWORD; do
  if [ -z "${!key+set}" ]; then
    echo "$key is not set (the README's configuration table says what it holds)" >&2
    exit 2
  fi
done

if [ -z "$node" ]; then
  # The DAS's own CONFIG node, created with the domain as localhost-<domain>.
  node="$(asadmin list-nodes | awk '$2 == "CONFIG" { print $1; exit }')"
fi

# Everything but the secrets goes to one asadmin session (multimode): each asadmin run starts a
# JVM, and one per command made this script take minutes. A session goes on after a failed
# command, so its errors are collected and end the script.
commands="$(mktemp)"
secrets="$(mktemp)"
errors="$(mktemp)"
trap 'rm -f "$commands" "$secrets" "$errors"' EXIT
quote() { printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\"]/\\&/g')"; }

echo "Configuration (domain-wide MicroProfile Config):"
while IFS= read -r key; do
  case "$key" in
    *PASSWORD|*SECRET)
      # Into the domain's password alias store (Payara's "password" config source reads an
      # alias by the key's name), not into domain.xml. asadmin reads the value from a file, which
      # must also carry the admin password when there is one.
      { [ -n "${AS_ADMIN_PASSWORDFILE:-}" ] && cat "$AS_ADMIN_PASSWORDFILE"
        printf 'AS_ADMIN_ALIASPASSWORD=%s\n' "${!key}"; } > "$secrets"
      asadmin delete-password-alias "$key" >/dev/null 2>&1 || true
      asadmin --passwordfile "$secrets" create-password-alias "$key" >/dev/null
      echo "  $key (password alias)" ;;
    *)
      echo "set-config-property --source=domain --propertyName=$key --propertyValue=$(quote "${!key}")" >> "$commands"
      echo "  $key" ;;
  esac
done < <(compgen -e | grep '^SWITCHBOARD_' | sort)

{
  echo "create-deployment-group $group"
  for n in $(seq 1 "$instances"); do
    instance="$group-$n"
    config="configs.config.$instance-config"
    listener="$config.network-config.protocols.protocol.http-listener-1.http"
    echo "create-instance --node $node --portbase $((portbase + (n - 1) * 100)) $instance"
    # Artemis carries the application's messages; the server's own Open MQ broker would only
    # take memory and a port on every instance. Its default connection factory goes too: the
    # transaction recovery at every start would otherwise log errors about it. As the launcher's
    # instances (see launcher/src/main/payara-micro/preboot.asadmin and PayaraInstance): no
    # filter every socket's reads pass through for nothing, the application's own framing rules
    # for its pages.
    echo "set $config.jms-service.type=DISABLED $listener.websockets-support-enabled=false $listener.xframe-options=false"
    echo "delete-resource-ref --target $instance jms/__defaultConnectionFactory"
    # Its own name on the broker (its events subscription then leaves out what it delivered
    # itself), a default locale that makes Tyrus' per-read log formatting cheap, and G1's young
    # generation at most an eighth of the heap as the launcher's (the memory G1 touches for garbage
    # stays resident). asadmin splits options at colons: theirs are escaped, twice in multimode.
    echo "create-jvm-options --target $instance -Dswitchboard.node=$instance:-Duser.language=en:-Duser.country=US:-XX\\\\:+UnlockExperimentalVMOptions:-XX\\\\:G1MaxNewSizePercent=12"
    echo "add-instance-to-deployment-group --instance $instance --deploymentgroup $group"
  done
  # The resource adapter first: the EAR's connection factory and MDBs name it.
  echo "deploy --target $group --name switchboard-artemis-rar $(quote "$here/switchboard-artemis-rar.rar")"
  echo "deploy --target $group --name switchboard $(quote "$here/switchboard.ear")"
  echo "start-deployment-group $group"
} >> "$commands"

echo "Deployment group $group: $instances instances, the resource adapter and the application"
if ! asadmin multimode --printprompt=false --file "$commands" 2> "$errors" || [ -s "$errors" ]; then
  cat "$errors" >&2
  echo "asadmin failed; the commands it was given are in $commands" >&2
  trap 'rm -f "$secrets" "$errors"' EXIT
  exit 1
fi

for n in $(seq 1 "$instances"); do
  echo "$group-$n: http://$(hostname):$((portbase + (n - 1) * 100 + 80))/"
done
