#!/bin/sh
# The database's two roles (DESIGN.md §12), made once by the postgres image on an empty data
# folder (it runs /docker-entrypoint-initdb.d/*.sh as its superuser): yjs_owner owns the database
# and runs the migrations; yjs_app, which the web app and the workers connect as, owns nothing.
# `manage.py migrate` grants yjs_app its privileges after every migration (yjs.database).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$YJS_OWNER_PASSWORD" -v app_password="$YJS_APP_PASSWORD" <<'SQL'
CREATE ROLE yjs_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE yjs_app LOGIN PASSWORD :'app_password';
CREATE DATABASE yjs OWNER yjs_owner;
REVOKE ALL ON DATABASE yjs FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE yjs TO yjs_app;
SQL
