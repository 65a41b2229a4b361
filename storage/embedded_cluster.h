// Embedded PostgreSQL cluster: a private PostgreSQL instance that docflow
// creates and runs under its own home directory, so that a single machine
// needs no database administration.
//
// Layout under HOME:
//   HOME/pg/                 data directory (initdb -A trust -E UTF8
//                            --locale=C.UTF-8 -U docflow)
//   HOME/pg/docflow.port     the TCP port the cluster was created with
//   HOME/logs/postgres.log   server log (pg_ctl -l)
//   HOME/.embedded_cluster.lock  serialises Start/Stop across processes
//
// The server listens on 127.0.0.1 only, with its Unix socket in HOME/pg, and
// trusts every local connection (no password): it is meant for a single-user
// machine, not for a shared host.
//
// Which port wins: the port of a cluster that is already running, else the
// port recorded in HOME/pg/docflow.port, else the `port` argument (which is
// then recorded on first use). To move an existing cluster to another port,
// stop it and delete HOME/pg/docflow.port (or edit it).
//
// Running as root: initdb, pg_ctl and postgres refuse to run as root, so every
// PostgreSQL binary is run as an unprivileged user via `runuser -u USER --`.
// USER is "postgres" when that user exists, else a system user "docflow" that
// is created with useradd. HOME/pg is owned by USER, and HOME and each of its
// parent directories must be traversable (x permission) by USER; otherwise
// Start returns an Error naming the directory and the fix. (Only the mode bits
// are checked, not ACLs.) When not root, the binaries run as the current user.
//
// Binaries: /usr/lib/postgresql/15/bin, else `pg_config --bindir`, else the
// newest /usr/lib/postgresql/*/bin. Processes are started with posix_spawn and
// argument vectors. pg_ctl itself passes the data directory, log path and the
// -o options through /bin/sh, so HOME must consist of letters, digits and
// "/._-+" only (checked; a clear Error otherwise), and HOME/pg must be short
// enough for a Unix socket path (about 90 characters).
//
// Errors: every failure is returned as an Error (no exceptions escape).
// Configuration problems (bad path, untraversable directory, port taken by
// another program, missing binaries) are Permanent; failures of a spawned
// program are Transient and carry its output (and the tail of the server log
// for a failed start).
//
// Thread safety: the functions may be called from any thread. Start and Stop
// for the same HOME are serialised by an advisory lock file (also across
// processes); EmbeddedClusterInfo takes no lock and may observe a cluster that
// is starting or stopping.
#pragma once

#include <string>

#include "common/result.h"

namespace docflow {

struct ClusterInfo {
  std::string data_dir;  // absolute path of HOME/pg
  int port = 0;          // TCP port on 127.0.0.1
  std::string url;       // postgresql://docflow@127.0.0.1:PORT/docflow
  bool running = false;  // whether the server was running when asked
};

// Starts the cluster under `home` (created if missing) and returns how to
// reach it. Idempotent: creates HOME/pg on first use, starts the server if it
// is not running, waits until it accepts connections and creates database
// "docflow" if missing; a running cluster is reused as is. `port` (1..65535)
// is used only when no port is recorded yet (see "Which port wins" above).
// Errors: see above; a port already used by something other than this
// cluster gives a Permanent Error naming the port.
Result<ClusterInfo> StartEmbeddedCluster(const std::string& home, int port);

// Stops the cluster under `home` (pg_ctl stop -m fast, waits for the end).
// OK when it is not running or was never created.
Status StopEmbeddedCluster(const std::string& home);

// Reports whether the cluster under `home` is running and its url; starts and
// creates nothing. `port` is reported when the cluster has no recorded port
// yet (never created). Errors: missing binaries, untraversable directories, a
// pg_ctl that cannot tell.
Result<ClusterInfo> EmbeddedClusterInfo(const std::string& home, int port);

}  // namespace docflow
