#!/usr/bin/env bash
# Three Blossom instances on one PostgreSQL database, here three ports of one machine
# behind nginx on the same machine (docs/deploy/nginx-three-instances.conf). Every
# instance needs:
#   - the same database (--database-url),
#   - the same token key file (--secret-file; copy it to each machine, never make a
#     new one: the database keeps the key's fingerprint, and an instance with
#     another key refuses to start),
#   - the same admin token, and the proxy's address as the public URL,
#   - its own name (--instance-name) and the address its peers reach it at
#     (--advertise): instances pass phones and commands to each other there, over
#     plain HTTP, so keep those addresses on a private network,
#   - a clock within 250 ms of PostgreSQL's (NTP), or it refuses to start.
# On three machines, each runs one of these with --bind 0.0.0.0:8080
# --insecure-http --advertise <its own private address>:8080.
# See docs/instances.md.
set -euo pipefail

export DATABASE_URL=postgres://blossom@127.0.0.1/blossom
export BLOSSOM_SECRET_FILE=/etc/blossom/blossom.key
export BLOSSOM_ADMIN_TOKEN="$(cat /etc/blossom/admin-token)"
export BLOSSOM_PUBLIC_URL=https://blossom.example.org
export BLOSSOM_TRUSTED_PROXIES=127.0.0.1        # nginx

for n in 1 2 3; do
    port=$((8080 + n))
    blossom serve --bind "127.0.0.1:$port" --advertise "127.0.0.1:$port" \
        --instance-name "blossom-$n" &
done
wait
