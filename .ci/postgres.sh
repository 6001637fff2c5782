#!/usr/bin/env bash
# Sourced by .ci/run: installs PostgreSQL from Debian packages when missing, starts it, creates the test
# database and exports REBASE_TEST_POSTGRES_URL/USER/PASSWORD, which switches on the PostgreSQL pass of the
# persistence tests. Without it (a developer machine), those tests run on H2 only.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "installing PostgreSQL" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  if su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
su postgres -c "psql -qtAc \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='rebase') THEN CREATE ROLE rebase LOGIN PASSWORD 'rebase'; END IF; END \\\$\\\$;\"" >/dev/null
for db in rebase_retriever rebase_trainer; do
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='$db'\"" | grep -q 1 \
    || su postgres -c "createdb -O rebase $db"
done
export REBASE_TEST_POSTGRES_URL="jdbc:postgresql://localhost:${port}"
export REBASE_TEST_POSTGRES_USER=rebase
export REBASE_TEST_POSTGRES_PASSWORD=rebase
echo "PostgreSQL $version on port $port (test databases rebase_retriever, rebase_trainer)"
