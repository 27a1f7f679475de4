#!/usr/bin/env bash
# schemathesis against the real server: the OpenAPI document's every operation,
# as the organiser and as a host, must answer no 5xx and nothing that breaks the
# document (status codes, content types, bodies). Usage: run.sh BLOSSOM_BINARY SCHEMATHESIS
# (from .ci/run, which installs schemathesis from PyPI).
set -euo pipefail
bin=$(realpath "$1")
st=$2
dir=$(mktemp -d /tmp/blossom-st.XXXXXX)
port=$((20000 + RANDOM % 20000))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
admin=schemathesis-admin-token-0123456789abcdef
base="http://127.0.0.1:$port"
(cd "$dir" && RUST_LOG=warn exec "$bin" serve --bind "127.0.0.1:$port" --admin-token "$admin" \
    --database-url "sqlite://$dir/blossom.db" --secret-file "$dir/blossom.key" --demo >"$dir/log" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 200); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
# The demo event's id and a host's token.
event=$(curl -fsS -H "Authorization: Bearer $admin" "$base/api/events" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
host=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d '{"role":"host","name":"Schemathesis"}' "$base/api/events/$event/staff" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
# Each at a pace under its rate limit (http::limits): every request reaches a
# handler rather than a 429.
# The host's run leaves out the coverage phase: its inputs reach the same handlers
# as the organiser's (the role is checked first), and at the host's rate they took
# 85 s of CI's time; fuzzing still checks every operation's answers to a host.
for who in organiser host; do
    token=$admin rate=90/s examples=${ST_EXAMPLES:-30} phases=examples,coverage,fuzzing
    [ "$who" = host ] && token=$host rate=18/s examples=$(( ${ST_EXAMPLES:-30} / 2 )) phases=examples,fuzzing
    echo "--- schemathesis as the $who"
    "$st" run "$base/api/openapi.json" -H "Authorization: Bearer $token" --rate-limit "$rate" \
        --checks "$checks" --phases "$phases" --max-examples "$examples" \
        --workers 1 --seed 1 --suppress-health-check all --warnings off
done
