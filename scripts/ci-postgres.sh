#!/usr/bin/env bash
# Starts the Debian PostgreSQL cluster for the server test matrix and prints the two URLs the tests use:
#   MADOGUCHI_TEST_PG_OWNER_URL  schema owner (creates a fresh database per test file, runs migrations)
#   MADOGUCHI_TEST_PG_APP_URL    the runtime role: LOGIN, NOSUPERUSER, NOBYPASSRLS, owns nothing
#   MADOGUCHI_TEST_PG_SUPER_URL  a superuser, only for tests that inspect or tamper with every tenant's rows
# Usage: eval "$(bash scripts/ci-postgres.sh)". Talks only to 127.0.0.1.
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
cluster_status() { pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main" { print $4 }'; }
if [ -z "$(cluster_status)" ]; then
  pg_createcluster "$version" main >/dev/null
fi
if [ "$(cluster_status)" != "online" ]; then
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2
fi
port=$(pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1" >&2 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'madoguchi_owner') THEN
    CREATE ROLE madoguchi_owner LOGIN CREATEDB PASSWORD 'madoguchi_owner_ci';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'madoguchi_ci_super') THEN
    CREATE ROLE madoguchi_ci_super LOGIN SUPERUSER PASSWORD 'madoguchi_ci_super';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'madoguchi_app') THEN
    CREATE ROLE madoguchi_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD 'madoguchi_app_ci';
  ELSE
    ALTER ROLE madoguchi_app LOGIN PASSWORD 'madoguchi_app_ci';
  END IF;
END
\$\$;
SQL
echo "export MADOGUCHI_TEST_PG_OWNER_URL=postgres://madoguchi_owner:madoguchi_owner_ci@127.0.0.1:$port/postgres"
echo "export MADOGUCHI_TEST_PG_APP_URL=postgres://madoguchi_app:madoguchi_app_ci@127.0.0.1:$port/postgres"
echo "export MADOGUCHI_TEST_PG_SUPER_URL=postgres://madoguchi_ci_super:madoguchi_ci_super@127.0.0.1:$port/postgres"
