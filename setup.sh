#!/usr/bin/env bash
# Makes a fresh Debian 12 machine ready to run and test EdgeSecurity. Safe to run again:
# each step checks what is already there and does only what is missing.
set -euo pipefail
cd "$(dirname "$0")"

ORT_VERSION=1.30.0
NATIVE_DIR=.native
CONFIGURATION=${CONFIGURATION:-Release}

# Native libraries and services the system runs on (see the table in README.md).
APT_PACKAGES=(
  mosquitto libmosquitto1 mosquitto-clients   # MQTT broker and the client library we bind to
  influxdb                                    # telemetry store
  ffmpeg libturbojpeg0                        # video decoding, JPEG encoding
  socat                                       # RS-485 stand-ins in tests, operator access to the agent's control socket
  libgpiod2                                   # GPIO door contacts on real gateways
  curl ca-certificates
  chromium                                    # the dashboard's browser tests (Playwright drives it; no browser download)
  # RTSP test server (GStreamer) for camera tests
  gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav
)

log() { printf '[setup] %s\n' "$*"; }

need_root() {
  if [ "$(id -u)" -ne 0 ]; then command -v sudo >/dev/null && echo sudo || { log "run as root or install sudo"; exit 1; }; fi
}

install_apt_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # npm fetches ONNX Runtime's native library; a Node.js from elsewhere (e.g. nodesource) already brings it.
  command -v npm >/dev/null || missing+=(npm)
  if [ ${#missing[@]} -eq 0 ]; then log "apt packages present"; return; fi
  log "installing ${missing[*]}"
  local sudo; sudo=$(need_root)
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian packages enable system-wide daemons on 0.0.0.0; this project starts its own on loopback.
  for service in mosquitto influxdb; do
    $sudo service "$service" stop >/dev/null 2>&1 || true
  done
}

fetch_onnxruntime() {
  local marker="$NATIVE_DIR/onnxruntime/VERSION"
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$ORT_VERSION" ]; then log "ONNX Runtime $ORT_VERSION present"; return; fi
  log "fetching ONNX Runtime $ORT_VERSION (npm package onnxruntime-node, no install scripts)"
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "onnxruntime-node@$ORT_VERSION" --silent --ignore-scripts >/dev/null)
  for arch in x64 arm64; do
    mkdir -p "$NATIVE_DIR/onnxruntime/linux-$arch"
    tar -xzf "$tmp/onnxruntime-node-$ORT_VERSION.tgz" -C "$tmp" "package/bin/napi-v6/linux/$arch/libonnxruntime.so.1"
    mv "$tmp/package/bin/napi-v6/linux/$arch/libonnxruntime.so.1" "$NATIVE_DIR/onnxruntime/linux-$arch/"
  done
  echo "$ORT_VERSION" > "$marker"
  rm -rf "$tmp"
}

check_dotnet() {
  if ! command -v dotnet >/dev/null; then
    log "the .NET 10 SDK is not installed: install it (https://learn.microsoft.com/dotnet/core/install/linux-debian) and run again"
    exit 1
  fi
}

build() {
  log "building ($CONFIGURATION)"
  dotnet build EdgeSecurity.sln -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly
}

install_apt_packages
fetch_onnxruntime
check_dotnet
build
log "ready"
