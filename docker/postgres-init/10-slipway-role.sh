#!/bin/sh
# Runs once, when the PostgreSQL volume is first initialised (docker-entrypoint-initdb.d), as the
# superuser. Slipway gets a role of its own that owns its database and nothing else: no superuser,
# no CREATEDB, no CREATEROLE, so a leaked DATABASE_URL cannot read other databases, create roles
# or run programs on the server (COPY … PROGRAM needs superuser).
# The password comes from the environment through psql's variables, never through argv.
set -eu
psql -v ON_ERROR_STOP=1 -v pw="$SLIPWAY_DB_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE slipway LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'pw';
ALTER DATABASE slipway OWNER TO slipway;
REVOKE ALL ON DATABASE slipway FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE slipway TO slipway;
SQL
