# Sourced by .ci/run: a throw-away PostgreSQL cluster for the tests of the
# PostgreSQL engine (issue 13). It installs Debian's postgresql when initdb
# and pg_ctl are missing, starts a cluster in a temporary directory that
# listens on a unix socket there and on no TCP port (so it can neither
# clash with nor be reached from anything else), creates feedcurator_test,
# exports FEEDCURATOR_TEST_DATABASE_URL for the tests (internal/pgtest reads
# it) and stops the cluster when the calling shell exits.
#
# A URL already in FEEDCURATOR_TEST_DATABASE_URL is used as it is.

# pg_bindir prints the directory holding initdb and pg_ctl: the one on PATH
# (following links, since Debian installs them under
# /usr/lib/postgresql/VERSION/bin and may link them elsewhere), else the
# newest Debian version's.
pg_bindir() {
	local ctl
	if ctl=$(command -v pg_ctl) && command -v initdb >/dev/null; then
		dirname "$(readlink -f "$ctl")"
		return 0
	fi
	local dir
	dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	[ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

# as_pg runs a command as the cluster's owner: initdb refuses to run as
# root, so root hands the cluster to the postgres user (created if the
# package did not), anyone else owns it themselves.
as_pg() {
	if [ "$(id -u)" != 0 ]; then
		"$@"
	elif command -v runuser >/dev/null; then
		runuser -u postgres -- "$@"
	else
		su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
	fi
}

stop_test_postgres() {
	if [ -n "${FEEDCURATOR_PG_DIR:-}" ] && [ -d "$FEEDCURATOR_PG_DIR" ]; then
		as_pg "$FEEDCURATOR_PG_BIN/pg_ctl" -D "$FEEDCURATOR_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
		rm -rf "$FEEDCURATOR_PG_DIR"
	fi
}

# start_test_postgres returns non-zero, having said why, when no cluster
# could be started; the tests then fail under CI=true.
start_test_postgres() {
	if [ -n "${FEEDCURATOR_TEST_DATABASE_URL:-}" ]; then
		echo "PostgreSQL: using FEEDCURATOR_TEST_DATABASE_URL as given"
		return 0
	fi
	FEEDCURATOR_PG_BIN=$(pg_bindir) || FEEDCURATOR_PG_BIN=""
	if [ -z "$FEEDCURATOR_PG_BIN" ] && command -v apt-get >/dev/null 2>&1; then
		echo "installing postgresql for the PostgreSQL engine's tests"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || true
		FEEDCURATOR_PG_BIN=$(pg_bindir) || FEEDCURATOR_PG_BIN=""
	fi
	if [ -z "$FEEDCURATOR_PG_BIN" ]; then
		echo "WARNING: no PostgreSQL (initdb, pg_ctl) and none could be installed"
		return 1
	fi
	local user
	user=$(id -un)
	if [ "$(id -u)" = 0 ]; then
		user=postgres
		id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /bin/sh postgres
	fi
	# Short on purpose: a unix socket's path is limited to about 100 bytes.
	FEEDCURATOR_PG_DIR=$(mktemp -d -t fcpg.XXXXXX) # $TMPDIR, else the system default
	chown "$user" "$FEEDCURATOR_PG_DIR"
	trap stop_test_postgres EXIT
	local started=$SECONDS
	# fsync off: the cluster lives as long as this run, and a crash of the
	# machine ends the run anyway.
	if ! as_pg "$FEEDCURATOR_PG_BIN/initdb" -D "$FEEDCURATOR_PG_DIR/data" -U "$user" -A trust -E UTF8 --locale=C --no-sync >"$FEEDCURATOR_PG_DIR/initdb.log" 2>&1 ||
		! as_pg "$FEEDCURATOR_PG_BIN/pg_ctl" -D "$FEEDCURATOR_PG_DIR/data" -l "$FEEDCURATOR_PG_DIR/server.log" -w \
			-o "-k $FEEDCURATOR_PG_DIR -c listen_addresses='' -c fsync=off" start >/dev/null ||
		! as_pg "$FEEDCURATOR_PG_BIN/createdb" -h "$FEEDCURATOR_PG_DIR" -U "$user" feedcurator_test; then
		echo "WARNING: the test cluster did not start:"
		cat "$FEEDCURATOR_PG_DIR"/*.log 2>/dev/null | tail -n 20
		return 1
	fi
	export FEEDCURATOR_TEST_DATABASE_URL="postgres:///feedcurator_test?host=$FEEDCURATOR_PG_DIR&user=$user"
	echo "PostgreSQL $("$FEEDCURATOR_PG_BIN/pg_ctl" --version | awk '{print $3}') started in $((SECONDS - started)) s: $FEEDCURATOR_TEST_DATABASE_URL"
}
