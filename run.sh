#!/usr/bin/env bash
# Runs the whole system on this machine: the MQTT broker, the hub and one edge agent of the demo
# site (hardware/demo-site), all on 127.0.0.1. Ctrl-C stops everything.
# TLS=1 ./run.sh: the same over TLS (hub/Broker/README.md): certificates made once under .run/tls by
# hub/Broker/make-certs.sh, the hub and the agent on the broker's TLS listener (MQTTS_PORT) with client certificates,
# the hub on HTTPS.
set -euo pipefail
cd "$(dirname "$0")"

./setup.sh

MQTT_PORT=${MQTT_PORT:-18830}
HUB_PORT=${HUB_PORT:-5080}
INFLUX_PORT=${INFLUX_PORT:-18086}
INFLUX_RPC_PORT=${INFLUX_RPC_PORT:-18088}
RECEIVER_PORT=${RECEIVER_PORT:-18090}
MQTTS_PORT=${MQTTS_PORT:-18883}
TLS=${TLS:-0}
RUN_DIR=$PWD/.run
TLS_DIR=$RUN_DIR/tls
# The demo camera's video (people walking on a plaza); setup.sh puts it there.
DEMO_VIDEO=${DEMO_VIDEO:-$PWD/.media/vtest.avi}
BUILD=Release

log() { printf '[run] %s\n' "$*"; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$MQTT_PORT" "$HUB_PORT" "$INFLUX_PORT" "$INFLUX_RPC_PORT" "$RECEIVER_PORT" $([[ $TLS == 1 ]] && echo "$MQTTS_PORT"); do
  port_free "$port" || { log "port $port on 127.0.0.1 is in use: stop what uses it, or set MQTT_PORT / MQTTS_PORT / HUB_PORT / INFLUX_PORT / INFLUX_RPC_PORT / RECEIVER_PORT"; exit 1; }
done

# TLS mode: lines of the templates marked @TLS@ are kept; otherwise they stay comments. The hub's URL and every curl
# below follow the mode (curl trusts the demo CA through --cacert).
HUB_URL=http://127.0.0.1:$HUB_PORT
CURL=(curl)
TLS_MARK='# '
HUB_MQTT_PORT=$MQTT_PORT
HUB_TLS_ARGS=()
# .NET on Linux takes its trusted roots from SSL_CERT_FILE when set: the .NET clients of the hub then trust the demo CA.
TRUST_ENV=(env)
if [[ $TLS == 1 ]]; then
  hub/Broker/make-certs.sh "$TLS_DIR" --host localhost --host 127.0.0.1 --client gw-demo-01 --client hub
  HUB_URL=https://127.0.0.1:$HUB_PORT
  CURL=(curl --cacert "$TLS_DIR/ca.pem")
  TRUST_ENV=(env SSL_CERT_FILE="$TLS_DIR/ca.pem")
  TLS_MARK=''
  HUB_MQTT_PORT=$MQTTS_PORT
  HUB_TLS_ARGS=(--Hub:Mqtt:Tls:CaFile="$TLS_DIR/ca.pem" --Hub:Mqtt:Tls:CertFile="$TLS_DIR/clients/hub.pem"
    --Hub:Mqtt:Tls:KeyFile="$TLS_DIR/clients/hub.key" --Hub:Enrolment:BrokerPort="$MQTTS_PORT" --Hub:Enrolment:BrokerCaFile="$TLS_DIR/ca.pem"
    --Kestrel:Certificates:Default:Path="$TLS_DIR/server.pem" --Kestrel:Certificates:Default:KeyPath="$TLS_DIR/server.key")
elif [[ $TLS != 0 ]]; then
  log "TLS=$TLS: use TLS=1 (everything over TLS) or TLS=0 (plain, loopback)"; exit 1
fi

mkdir -p "$RUN_DIR/broker" "$RUN_DIR/hub" "$RUN_DIR/edge" "$RUN_DIR/influxdb" "$RUN_DIR/receiver"
render() {
  sed -e "s|^@TLS@|$TLS_MARK|" -e "s|@TLS_DIR@|$TLS_DIR|g" -e "s|@MQTTS_PORT@|$MQTTS_PORT|g" \
      -e "s|@MQTT_PORT@|$MQTT_PORT|g" -e "s|@BROKER_DIR@|$RUN_DIR/broker|g" -e "s|@EDGE_DIR@|$RUN_DIR/edge|g" \
      -e "s|@RUN_USER@|$(id -un)|g" -e "s|@RPC_BIND@|127.0.0.1:$INFLUX_RPC_PORT|g" \
      -e "s|@HTTP_BIND@|127.0.0.1:$INFLUX_PORT|g" -e "s|@DATA_DIR@|$RUN_DIR/influxdb|g" \
      -e "s|@REPO_DIR@|$PWD|g" -e "s|@DEMO_VIDEO@|$DEMO_VIDEO|g" "$1" > "$2"
}
render hub/Broker/mosquitto.conf.template "$RUN_DIR/broker/mosquitto.conf"
# The broker's accounts: the hub's own password is made once and kept; the hub writes the password and ACL files
# from its database when it starts (mosquitto only needs them to exist before that).
HUB_MQTT_USER=hub
if [[ ! -s "$RUN_DIR/broker/hub.secret" ]]; then
  (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$RUN_DIR/broker/hub.secret")
fi
HUB_MQTT_PASSWORD=$(cat "$RUN_DIR/broker/hub.secret")
for file in passwords acl; do [[ -e "$RUN_DIR/broker/$file" ]] || (umask 077; : > "$RUN_DIR/broker/$file"); done
render hardware/demo-site/agent.yaml.template "$RUN_DIR/edge/agent.yaml"
render hub/InfluxDB/influxdb.conf.template "$RUN_DIR/influxdb/influxdb.conf"

pids=()
stop_all() {
  trap - EXIT INT TERM
  log "stopping"
  # Agent first, so it can publish its retained offline status while the broker is still up.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null && wait "${pids[i]}" 2>/dev/null || true; done
}
trap stop_all EXIT
trap 'stop_all; exit 0' INT TERM

wait_until() { # description, seconds, command...
  local what=$1 seconds=$2; shift 2
  for ((i = 0; i < seconds * 10; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  log "$what did not come up within ${seconds}s; see the log under $RUN_DIR"; exit 1
}

# Each service runs in its own session: Ctrl-C reaches only this script, which stops them in order.
setsid /usr/sbin/mosquitto -c "$RUN_DIR/broker/mosquitto.conf" & pids+=($!)
wait_until "the broker" 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$MQTT_PORT"

setsid /usr/bin/influxd run -config "$RUN_DIR/influxdb/influxdb.conf" > "$RUN_DIR/influxdb/influxd.log" 2>&1 & pids+=($!)
wait_until "InfluxDB" 30 curl -fs "http://127.0.0.1:$INFLUX_PORT/ping"

# The reference governance centre (hub/GovernanceReceiver): incidents escalated to the street or county arrive there.
# Demo keys only (hub/Upstream/README.md); a real centre issues its own.
HUB_KEY=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA= CENTRE_KEY=ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=
setsid "${TRUST_ENV[@]}" dotnet "hub/GovernanceReceiver/bin/$BUILD/net10.0/EdgeSecurity.GovernanceReceiver.dll" --Receiver:Port="$RECEIVER_PORT" \
  --Receiver:Database="$RUN_DIR/receiver/receiver.db" --Receiver:Keys:hub-demo-1="$HUB_KEY" --Receiver:Hub:KeyId=centre-xihu-1 \
  --Receiver:Hub:Secret="$CENTRE_KEY" --Receiver:Hub:StatusUrl="$HUB_URL/api/upstream/status" > "$RUN_DIR/receiver/receiver.log" 2>&1 & pids+=($!)
wait_until "the governance receiver" 30 curl -fs "http://127.0.0.1:$RECEIVER_PORT/health"

Hub__Mqtt__Password="$HUB_MQTT_PASSWORD" setsid dotnet "hub/Hub/bin/$BUILD/net10.0/EdgeSecurity.Hub.dll" --urls "$HUB_URL" \
  --Hub:Mqtt:Port="$HUB_MQTT_PORT" "${HUB_TLS_ARGS[@]}" --Hub:Mqtt:Username="$HUB_MQTT_USER" --Hub:Enrolment:BrokerHost=127.0.0.1 \
  --Hub:Broker:PasswordFile="$RUN_DIR/broker/passwords" --Hub:Broker:AclFile="$RUN_DIR/broker/acl" --Hub:Broker:PidFile="$RUN_DIR/broker/mosquitto.pid" \
  --Hub:Storage:SqlitePath="$RUN_DIR/hub/hub.db" --Hub:Reports:Directory="$RUN_DIR/hub/reports" --Hub:Site:File=hub/DemoSite/site.yaml --Hub:Reports:Places=cm-demo,st-wenxin \
  --Hub:Telemetry:Url="http://127.0.0.1:$INFLUX_PORT/" \
  --Hub:Upstreams:xihu:Endpoint="http://127.0.0.1:$RECEIVER_PORT/api/records" --Hub:Upstreams:xihu:Source=urn:edgesecurity:hub:demo \
  --Hub:Upstreams:xihu:KeyId=hub-demo-1 --Hub:Upstreams:xihu:Secret="$HUB_KEY" --Hub:Upstreams:xihu:CentreKeys:centre-xihu-1="$CENTRE_KEY" \
  > "$RUN_DIR/hub/hub.log" 2>&1 & pids+=($!)
wait_until "the hub" 30 "${CURL[@]}" -fs "$HUB_URL/health"

# The API needs a session: sign in as the demo admin (every demo account's password is in hub/DemoSite/site.yaml).
csrf=$("${CURL[@]}" -fs -c "$RUN_DIR/admin.cookies" -H 'Content-Type: application/json' \
  -d '{"login":"admin","password":"EdgeSec-demo!"}' "$HUB_URL/api/auth/login" | sed -n 's/.*"csrfToken":"\([^"]*\)".*/\1/p')
# The demo gateway enrols as an installer's would: the admin issues a one-time code, edgesec redeems it and writes the
# gateway's broker account into the freshly rendered agent.yaml. Every run enrols again; the hub replaces the account.
code=$("${CURL[@]}" -fs -b "$RUN_DIR/admin.cookies" -H "X-CSRF-TOKEN: $csrf" -H 'Content-Type: application/json' \
  -d '{"gatewayId":"gw-demo-01","validHours":1}' "$HUB_URL/api/enrolment/codes" | sed -n 's/.*"code":"\([^"]*\)".*/\1/p')
# In TLS mode edgesec trusts the demo CA through SSL_CERT_FILE (TRUST_ENV), as an installer's would once given ca.pem.
"${TRUST_ENV[@]}" dotnet "edge/Cli/bin/$BUILD/net10.0/edgesec.dll" enroll --hub "$HUB_URL" --code "$code" --config "$RUN_DIR/edge/agent.yaml" --lang en \
  || { log "enrolling the demo gateway failed; see $RUN_DIR/hub/hub.log"; exit 1; }
# The hint above is for an installed gateway; here nothing runs as a service yet.
log "no restart needed here: run.sh starts the demo agent now with this config"

setsid dotnet "edge/Agent/bin/$BUILD/net10.0/EdgeSecurity.Agent.dll" --config "$RUN_DIR/edge/agent.yaml" > "$RUN_DIR/edge/agent.log" 2>&1 & pids+=($!)
wait_until "the edge agent" 30 bash -c "${CURL[*]} -fs -b '$RUN_DIR/admin.cookies' $HUB_URL/api/gateways | grep -q '\"online\"'"

cat <<BANNER

  EdgeSecurity is running · 系统已启动
  ───────────────────────────────────────────────────────────────────────────
  Hub API · 接口      $HUB_URL/api/incidents
  Live stream · 实时   $HUB_URL/api/incidents/stream   (curl -N)
  Gateways · 网关      $HUB_URL/api/gateways
  Health · 健康        $HUB_URL/health
  Broker · 消息代理    mqtt://127.0.0.1:$MQTT_PORT$([[ $TLS == 1 ]] && echo " and mqtts://127.0.0.1:$MQTTS_PORT (CA $TLS_DIR/ca.pem)"), accounts only · 仅限账号登录 (the hub's: mosquitto_sub -p $MQTT_PORT -u hub -P "\$(cat $RUN_DIR/broker/hub.secret)" -t 'es/v1/#' -v)
  Enrol a gateway · 注册网关  an admin issues a code (POST /api/enrolment/codes), the installer runs on the gateway:
                      dotnet edge/Cli/bin/$BUILD/net10.0/edgesec.dll enroll --hub $HUB_URL --code <CODE> --config agent.yaml
  Governance centre · 治理中心  http://127.0.0.1:$RECEIVER_PORT/api/records   (reference receiver: incidents escalated
                      to the street/county arrive here; POST /api/status answers back, see hub/GovernanceReceiver/README.md)
  InfluxDB · 时序库    http://127.0.0.1:$INFLUX_PORT   database edgesecurity, e.g. the gateway's heartbeats:
    curl -sG http://127.0.0.1:$INFLUX_PORT/query --data-urlencode db=edgesecurity --data-urlencode 'q=SELECT * FROM gateway ORDER BY time DESC LIMIT 3' 
  Accounts · 账号      admin, wangmin (物业监控), guard-li (保安), grid-zhao (网格员), police-chen (民警), police-wu (另一辖区民警 · other jurisdiction),
                      street-liu (街道), county-sun (县), installer-zhou (安装) · password 密码 EdgeSec-demo!
  Sign in with curl · 命令行登录 (the API needs a session · 接口需登录):
    ${CURL[*]} -s -c $RUN_DIR/me.cookies -H 'Content-Type: application/json' -d '{"login":"wangmin","password":"EdgeSec-demo!"}' $HUB_URL/api/auth/login
    ${CURL[*]} -s -b $RUN_DIR/me.cookies $HUB_URL/api/incidents

  Trigger the demo door · 触发演示门磁 (opened while armed = forced open · 强行开门):
    echo "open door-b3-u2"  | socat - UNIX-CONNECT:$RUN_DIR/edge/agent.sock
    echo "close door-b3-u2" | socat - UNIX-CONNECT:$RUN_DIR/edge/agent.sock
  Demo camera · 演示摄像机  cam-b3-plaza plays $DEMO_VIDEO in a loop: people walking on the lawn raise
    周界入侵 / perimeter intrusion and 人员徘徊 / loitering (see curl above), each with a snapshot
    现场快照, faces pixelated where the face model finds them (vtest.avi's are too small to find) (incident detail · 事件详情; GET /api/evidence?uri=…); its telemetry is in InfluxDB (device cam-b3-plaza)
  Logs · 日志          $RUN_DIR/{broker/mosquitto.log,hub/hub.log,edge/agent.log,influxdb/influxd.log,receiver/receiver.log}
  Ctrl-C stops everything · 按 Ctrl-C 停止
BANNER

# Run until Ctrl-C, or until one of the services dies (then say which).
set +e
wait -n "${pids[@]}"
log "a service stopped unexpectedly; see the logs under $RUN_DIR"
exit 1
