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
  postgresql-15                               # the hub's shared database for multi-hub deployments (tests start their own)
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
  # The tests and multi-hub deployments run their own PostgreSQL clusters: no default cluster listening on 5432.
  if [[ " ${missing[*]} " == *" postgresql-15 "* ]] && [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    $sudo mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null
  fi
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

# What the product ships but git does not hold: the default model (models/yolox_nano_416.yaml names it) and the demo
# camera's video. From ../shared when this checkout sits beside it, else downloaded from their sources; checked by SHA-256.
MODEL_DIR=.models
MEDIA_DIR=.media
YOLOX_SHA256=695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14
YOLOX_URL=https://raw.githubusercontent.com/Kazuhito00/YOLOX-ONNX-TFLite-Sample/0f785c070ce8da070aeaeef46c0da7904ff7012e/model/yolox_nano.onnx
VTEST_SHA256=45cddc9490be69345cbdab64ca583be65987e864ca408038e648db99e10516cf
VTEST_URL=https://raw.githubusercontent.com/opencv/opencv/4.x/samples/data/vtest.avi

fetch_file() { # target, sha256, file in ../shared, url
  local target=$1 sha=$2 shared=$3 url=$4
  if [ -f "$target" ] && [ "$(sha256sum "$target" | cut -d' ' -f1)" = "$sha" ]; then return; fi
  mkdir -p "$(dirname "$target")"
  if [ -f "$shared" ]; then
    log "linking $target to $shared"
    ln -sfn "$(realpath "$shared")" "$target.part"
  else
    log "downloading $url to $target"
    curl -fsSL --retry 3 -o "$target.part" "$url" || { log "could not download $url: put the file at $target by hand"; rm -f "$target.part"; exit 1; }
  fi
  if [ "$(sha256sum "$target.part" | cut -d' ' -f1)" != "$sha" ]; then
    log "$target: unexpected SHA-256 (expected $sha); not used"; rm -f "$target.part"; exit 1
  fi
  mv -T "$target.part" "$target"
}

fetch_models_and_media() {
  fetch_file "$MODEL_DIR/yolox_nano_416.onnx" "$YOLOX_SHA256" ../shared/models/yolox_nano_416.onnx "$YOLOX_URL"
  install -m 644 models/coco80.names "$MODEL_DIR/coco80.names"
  fetch_file "$MEDIA_DIR/vtest.avi" "$VTEST_SHA256" ../shared/media/vtest.avi "$VTEST_URL"
  log "model and demo video present ($MODEL_DIR/, $MEDIA_DIR/)"
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
fetch_models_and_media
check_dotnet
build
log "ready"
