#!/usr/bin/env bash
# A Docker engine for the deployment tests, on machines that may reach only Debian's mirror and
# the npm registry (docs/deployment.md, "Air-gapped builds").
#
#   scripts/docker/engine.sh start   # make sure `docker` and Compose v2 answer; start dockerd if none does
#   scripts/docker/engine.sh stop    # stop the dockerd that `start` started, and only that one
#
# A daemon started here gets no bridge network and no iptables rules: every build and container
# runs with host networking, so all traffic stays on 127.0.0.1. DOCKER_HOST=unix:///path.sock
# starts it on that socket instead of the default one.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
state="$root/.tmp/docker-engine"
mkdir -p "$state"
COMPOSE_MIN="2.24"
TRIXIE_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PLUGINS=/usr/local/libexec/docker/cli-plugins

log() { printf 'docker-engine: %s\n' "$*" >&2; }

answers() { docker info >/dev/null 2>&1; }

apt_install() {
  command -v apt-get >/dev/null || { log "no apt-get here: install $* by hand"; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -f "$state/apt-updated" ]; then apt-get update -q >&2 && touch "$state/apt-updated"; fi
  apt-get install -y -q --no-install-recommends "$@" >&2
}

version_at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# Compose v2 (>= 2.24: `env_file` with `required`) and buildx. Bookworm ships Compose v1 only;
# Debian trixie's packages carry single static-enough binaries that run on bookworm. They are
# fetched without touching the machine's apt sources.
ensure_plugins() {
  local have
  have="$(docker compose version --short 2>/dev/null || true)"
  if [ -n "$have" ] && version_at_least "${have#v}" "$COMPOSE_MIN" && docker buildx version >/dev/null 2>&1; then return; fi
  log "installing Compose v2 and buildx from Debian trixie into $PLUGINS"
  local tmp; tmp="$(mktemp -d)"
  mkdir -p "$tmp/lists/partial" "$tmp/archives/partial"
  echo "deb $TRIXIE_MIRROR trixie main" > "$tmp/sources.list"
  local opts=(-o "Dir::Etc::sourcelist=$tmp/sources.list" -o Dir::Etc::sourceparts=/dev/null
    -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache::Archives=$tmp/archives" -o APT::Sandbox::User=root)
  apt-get "${opts[@]}" update -q >&2
  (cd "$tmp" && apt-get "${opts[@]}" download docker-compose docker-buildx >&2)
  for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$tmp/x"; done
  mkdir -p "$PLUGINS"
  install -m 0755 "$tmp/x/usr/libexec/docker/cli-plugins/docker-compose" "$PLUGINS/docker-compose"
  install -m 0755 "$tmp/x/usr/libexec/docker/cli-plugins/docker-buildx" "$PLUGINS/docker-buildx"
  rm -rf "$tmp"
  docker compose version >&2
}

start() {
  command -v docker >/dev/null || apt_install docker.io
  if answers; then
    log "a Docker engine already answers; using it"
  else
    command -v dockerd >/dev/null || apt_install docker.io
    local args=(--config-file "$state/daemon.json" --pidfile "$state/dockerd.pid")
    echo '{"bridge": "none", "iptables": false, "ip-forward": false}' > "$state/daemon.json"
    case "${DOCKER_HOST:-}" in
      unix://*) args+=(-H "$DOCKER_HOST") ;;
      "") ;;
      *) log "DOCKER_HOST=$DOCKER_HOST does not answer and is not a unix socket this script can start"; exit 1 ;;
    esac
    log "starting dockerd (no bridge, no iptables)"
    setsid dockerd "${args[@]}" > "$state/dockerd.log" 2>&1 < /dev/null &
    echo $! > "$state/started-by-us"
    for _ in $(seq 1 60); do answers && break; sleep 1; done
    answers || { log "dockerd did not answer within 60 s; see $state/dockerd.log"; tail -n 20 "$state/dockerd.log" >&2; exit 1; }
  fi
  ensure_plugins
}

stop() {
  [ -f "$state/started-by-us" ] || { log "no dockerd was started by this script"; return; }
  local pid; pid="$(cat "$state/started-by-us")"
  rm -f "$state/started-by-us"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping dockerd ($pid)"
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
    log "dockerd ($pid) still running after 30 s; killing it"
    kill -9 "$pid" 2>/dev/null || true
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
