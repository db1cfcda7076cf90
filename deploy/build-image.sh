#!/usr/bin/env bash
# Build deploy/Dockerfile here, without Docker or a registry, and check the container: buildah
# (chroot isolation) on a Debian bookworm base made with debootstrap (no image can be pulled), then
# podman runs each code server on loopback and its gRPC health check must answer. `make image`.
# Needs root and the Debian packages podman, buildah, runc, debootstrap (installed if missing).
# Uses the host's pip configuration (a local wheel mirror, the CA bundle) during the build.
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=${IMAGE:-localhost/jobintel:dev}
BASE=${BASE:-localhost/jobintel-base:bookworm}
PORT=${PORT:-4266}
need() { command -v "$1" >/dev/null || { apt-get update -q && apt-get install -y -q podman buildah runc debootstrap; }; }
need buildah; need podman; need debootstrap
podman_() { podman --runtime runc --cgroup-manager=cgroupfs "$@"; }

if ! podman_ image exists "$BASE"; then
  echo "== base image: debootstrap bookworm + Python 3.11 (once)"
  rootfs="$(mktemp -d)"
  debootstrap --variant=minbase --include=python3,python3-venv,python-is-python3,ca-certificates \
    bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb
  tar -C "$rootfs" -c . | podman_ import - "$BASE" >/dev/null
  rm -rf "$rootfs"
fi

echo "== build $IMAGE"
start=$(date +%s)
volumes=(--volume /etc/ssl/certs:/etc/ssl/certs:ro)
for dir in /opt/wheels /opt/pypi /opt/pypi-more; do [ -d "$dir" ] && volumes+=(--volume "$dir:$dir:ro"); done
pip_env=()
[ -f /etc/pip.conf ] && pip_env+=(--volume /etc/pip.conf:/etc/pip.conf:ro)
[ -f "$HOME/.config/pip/pip.conf" ] && pip_env+=(--volume "$HOME/.config/pip/pip.conf:/etc/xdg/pip/pip.conf:ro")
buildah build --isolation chroot --layers --format docker -f deploy/Dockerfile -t "$IMAGE" \
  --build-arg BASE_IMAGE="$BASE" --build-arg TORCH_INDEX_URL= "${volumes[@]}" "${pip_env[@]}" .
echo "built in $(( $(date +%s) - start )) s; size: $(podman_ image inspect "$IMAGE" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"

echo "== run each code server and ask its health check"
check_location() {  # module, port
  local name="jobintel-check-$$-$2"
  podman_ run -d --rm --name "$name" --network host --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
    -e JOBINTEL_ENV=local -e JOBINTEL_STORAGE_URL=/tmp/storage -e JOBINTEL_PROVIDERS=/app/config/providers.yaml \
    -e JOBINTEL_PROFILES=/app/config/profiles -e DAGSTER_HOME=/tmp \
    "$IMAGE" dagster code-server start -h 127.0.0.1 -p "$2" -m "$1" >/dev/null
  for _ in $(seq 1 60); do
    if podman_ exec "$name" dagster api grpc-health-check -p "$2" >/dev/null 2>&1; then
      echo "health check: $1 SERVING on 127.0.0.1:$2 as $(podman_ exec "$name" id -un)"
      podman_ rm -f "$name" >/dev/null
      return 0
    fi
    sleep 3
  done
  echo "$1 did not answer its health check; its log:" >&2
  podman_ logs "$name" >&2
  podman_ rm -f "$name" >/dev/null 2>&1 || true
  return 1
}
check_location jobintel_dagster.definitions "$PORT"
check_location jobintel_dagster.warehouse_definitions "$((PORT + 1))"
