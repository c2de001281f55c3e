#!/usr/bin/env bash
# Makes the certificates for TLS between gateways, the broker and the hub (hub/Broker/README.md, "TLS"):
#   DIR/ca.pem, DIR/ca.key           a private CA (kept: made only when missing)
#   DIR/server.pem, DIR/server.key   the broker's and the hub's certificate, signed by the CA, naming every --host
#   DIR/clients/ID.pem, ID.key       one client certificate per --client (optional; CN = the gateway id)
#   DIR/crl.pem                      the CA's revocation list: every certificate given to --revoke (the broker's crlfile)
# Usage: make-certs.sh DIR [--host NAME_OR_IP]... [--client GATEWAY_ID]... [--revoke GATEWAY_ID]... [--days N]
# Idempotent: what exists is kept, except a server certificate whose names differ from the --host list, which is
# made again. Keys are unencrypted P-256 keys, mode 600; copy ca.pem to every gateway, never ca.key.
# --revoke adds a gateway's client certificate to crl.pem and moves it to DIR/clients/revoked/ (its key is deleted), so
# --client can give the gateway a new one; mosquitto 2.0 reads crl.pem only when it starts.
set -euo pipefail

usage() { echo "usage: $0 DIR [--host NAME_OR_IP]... [--client GATEWAY_ID]... [--revoke GATEWAY_ID]... [--days N]" >&2; exit 2; }
gateway_id() { [[ $# -ge 2 && $2 =~ ^[a-z0-9][a-z0-9-]{0,62}$ ]] || { echo "$1 needs a gateway id (a-z, 0-9, -)" >&2; exit 2; }; }
[[ $# -ge 1 && $1 != -* ]] || usage
dir=$1; shift
hosts=() clients=() revoked=() days=825
while [[ $# -gt 0 ]]; do
  case $1 in
    --host) [[ $# -ge 2 ]] || usage; hosts+=("$2"); shift 2 ;;
    --client) gateway_id "$@"; clients+=("$2"); shift 2 ;;
    --revoke) gateway_id "$@"; revoked+=("$2"); shift 2 ;;
    --days) [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || usage; days=$2; shift 2 ;;
    *) usage ;;
  esac
done
[[ ${#hosts[@]} -gt 0 ]] || hosts=(localhost 127.0.0.1)

mkdir -p "$dir/clients"
umask 077

new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

if [[ ! -s $dir/ca.pem || ! -s $dir/ca.key ]]; then
  new_key "$dir/ca.key"
  openssl req -x509 -new -key "$dir/ca.key" -sha256 -days $((days * 4)) -subj "/O=EdgeSecurity/CN=EdgeSecurity CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$dir/ca.pem"
  rm -rf "$dir/server.pem" "$dir/crl" "$dir/crl.pem"
fi

san=""
for host in "${hosts[@]}"; do
  if [[ $host =~ ^[0-9.]+$ || $host == *:* ]]; then san+="IP:$host,"; else san+="DNS:$host,"; fi
done
san=${san%,}

# Signs DIR/NAME.csr-less: a key NAME.key and certificate NAME.pem with the given subject and extensions.
sign() { # path-without-extension subject extensions
  new_key "$1.key"
  openssl req -new -key "$1.key" -subj "$2" -out "$1.csr"
  printf '%s\n' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -sha256 -days "$days" \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

current_san=$( [[ -s $dir/server.pem ]] && openssl x509 -in "$dir/server.pem" -noout -ext subjectAltName 2>/dev/null | tail -n +2 | tr -d ' ' | sed 's/IPAddress:/IP:/g' || true)
if [[ ! -s $dir/server.pem || ! -s $dir/server.key || $current_san != "$san" ]]; then
  sign "$dir/server" "/O=EdgeSecurity/CN=${hosts[0]}" \
    "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$san"
  echo "made $dir/server.pem for $san"
fi

# openssl ca keeps the revoked serials in an index; the list it signs lasts as long as the CA, because an expired list
# makes the broker refuse every client certificate.
mkdir -p "$dir/crl" "$dir/clients/revoked"
touch "$dir/crl/index.txt"
[[ -s $dir/crl/number ]] || echo 01 > "$dir/crl/number"
cat > "$dir/crl/openssl.cnf" <<EOF
[ ca ]
default_ca = edgesecurity
[ edgesecurity ]
database = $dir/crl/index.txt
crlnumber = $dir/crl/number
certificate = $dir/ca.pem
private_key = $dir/ca.key
default_md = sha256
default_crl_days = $((days * 4))
EOF
for client in "${revoked[@]}"; do
  if [[ ! -s $dir/clients/$client.pem ]]; then
    echo "no client certificate $dir/clients/$client.pem to revoke" >&2; exit 1
  fi
  serial=$(openssl x509 -in "$dir/clients/$client.pem" -noout -serial | cut -d= -f2)
  openssl ca -config "$dir/crl/openssl.cnf" -revoke "$dir/clients/$client.pem" 2>/dev/null
  mv "$dir/clients/$client.pem" "$dir/clients/revoked/$client-$serial.pem"
  rm -f "$dir/clients/$client.key"
  echo "revoked $client (serial $serial); restart the broker so that it reads $dir/crl.pem"
done
if [[ ! -s $dir/crl.pem || ${#revoked[@]} -gt 0 ]]; then
  openssl ca -config "$dir/crl/openssl.cnf" -gencrl -out "$dir/crl.pem" 2>/dev/null
fi

for client in "${clients[@]}"; do
  [[ -s $dir/clients/$client.pem && -s $dir/clients/$client.key ]] && continue
  sign "$dir/clients/$client" "/O=EdgeSecurity/CN=$client" \
    "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
  echo "made $dir/clients/$client.pem"
done

# The broker reads the server key as its own user; everything stays private to this account.
chmod 600 "$dir"/*.key "$dir"/clients/*.key 2>/dev/null || true
chmod 644 "$dir/ca.pem" "$dir/server.pem" "$dir/crl.pem"
