#!/usr/bin/env bash
# The binary alone: copied to an empty folder, started with a certificate made
# here (openssl), it serves every view, its scripts and styles, and the API over
# HTTPS, and plain HTTP on that port gets no page. Usage: alone.sh BLOSSOM_BINARY
set -euo pipefail
dir=$(mktemp -d /tmp/blossom-alone.XXXXXX)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$dir"' EXIT
cp "$1" "$dir/blossom"
cd "$dir"
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 \
    -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
port=$((20000 + RANDOM % 20000))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
./blossom serve --bind "127.0.0.1:$port" --tls-cert cert.pem --tls-key key.pem --demo >log 2>&1 &
server=$!
for _ in $(seq 200); do curl -fsS --cacert cert.pem "https://localhost:$port/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
for path in / /p/ /host/ /matchmaker/ /projector/ /admin/ /js/common.js /js/guest/mydata.js \
    /css/blossom.css /api/openapi.json /healthz; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --cacert cert.pem "https://localhost:$port$path")
    [ "$code" = 200 ] || { echo "https://localhost:$port$path answered $code"; cat log; exit 1; }
done
if curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && \
   [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")" = 200 ]; then
    echo "plain HTTP on the HTTPS port served a page"; exit 1
fi
grep -q "https://127.0.0.1:$port" log || { echo "the links do not say https"; cat log; exit 1; }
echo "the binary alone in $dir serves every view over HTTPS"
