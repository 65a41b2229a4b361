#!/usr/bin/env python3
"""The flow engine's figures (called by bench/flows.sh, which made a private
home, database and flows folder). Starts an HTTP receiver recording arrival
times and `docflow flows`, then measures event -> webhook-delivered latency
and simple-flow runs per second. Standard library only; SQL through psql."""
import argparse, http.server, json, os, socket, statistics, subprocess, sys, threading, time

ap = argparse.ArgumentParser()
ap.add_argument("--docflow", required=True)
ap.add_argument("--url", required=True)
ap.add_argument("--home", required=True)
ap.add_argument("--latency", type=int, default=300)
ap.add_argument("--runs", type=int, default=5000)
a = ap.parse_args()

arrivals = {}  # event id -> arrival time (epoch seconds)
lock = threading.Lock()


class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # The answer goes out at once (no Nagle wait on the status line + body).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self):
        at = time.time()
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            ev = json.loads(body)["event"]
            with lock:
                arrivals.setdefault(ev, at)
        except Exception:
            pass
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
port = server.server_address[1]


def sql(q):
    return subprocess.run(["psql", "-qtAX", a.url, "-c", q], check=True, capture_output=True, text=True).stdout.strip()


env = dict(os.environ, DOCFLOW_FLOWS_DIR=a.home + "/flows", DOCFLOW_FINANCE_WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
           DOCFLOW_FLOWS_THREADS="2", DOCFLOW_LOG_LEVEL="warn")
log = open(a.home + "/flows.log", "w")
worker = subprocess.Popen([a.docflow, "flows"], env=env, stdout=log, stderr=subprocess.STDOUT)
try:
    for _ in range(200):
        if sql("SELECT count(*) FROM workflows WHERE name LIKE 'bench-%' AND enabled") == "3":
            break
        time.sleep(0.05)
    time.sleep(0.5)
    cores = os.cpu_count()
    print(f"== docflow flows, 2 engine threads, {cores} cores, PostgreSQL 15 on loopback")

    # 1. Latency: one event at a time through one psql session (autocommit).
    psql = subprocess.Popen(["psql", "-qAX", a.url], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    for i in range(a.latency):
        psql.stdin.write(f"INSERT INTO events (topic, payload) VALUES ('bench_latency.create', '{{\"i\": {i}}}');\n")
        psql.stdin.flush()
        time.sleep(0.02)
    psql.stdin.close()
    psql.wait()
    deadline = time.time() + 60
    while time.time() < deadline:
        with lock:
            if len(arrivals) >= a.latency:
                break
        time.sleep(0.1)
    rows = sql("SELECT id || ' ' || extract(epoch FROM created_at) FROM events WHERE topic = 'bench_latency.create'")
    lat = []
    for line in rows.splitlines():
        ev, created = line.split()
        with lock:
            at = arrivals.get(int(ev))
        if at is not None:
            lat.append((at - float(created)) * 1000)
    lat.sort()
    q = lambda p: lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))]
    print(f"event -> webhook delivered: events={a.latency} delivered={len(lat)} p50_ms={q(50):.1f} p90_ms={q(90):.1f}"
          f" p99_ms={q(99):.1f} max_ms={lat[-1]:.1f} mean_ms={statistics.mean(lat):.1f}")

    # 2. Throughput: N events at once, until every run has finished.
    for flow, topic in (("bench-simple", "bench_simple.create"), ("bench-write", "bench_write.create")):
        t0 = time.time()
        sql(f"INSERT INTO events (topic, payload) SELECT '{topic}', jsonb_build_object('i', g)"
            f" FROM generate_series(1, {a.runs}) g")
        done = 0
        while time.time() - t0 < 600:
            done = int(sql(f"SELECT count(*) FROM flow_runs r JOIN workflows w ON w.id = r.workflow_id"
                           f" WHERE w.name = '{flow}' AND r.state = 'succeeded'"))
            if done >= a.runs:
                break
            time.sleep(0.2)
        span = float(sql(f"SELECT extract(epoch FROM max(r.finished_at) - min(e.created_at)) FROM flow_runs r"
                         f" JOIN workflows w ON w.id = r.workflow_id JOIN events e ON e.id = r.event_id"
                         f" WHERE w.name = '{flow}'"))
        steps = sql(f"SELECT count(*) FROM flow_steps s JOIN flow_runs r ON r.id = s.run_id JOIN workflows w"
                    f" ON w.id = r.workflow_id WHERE w.name = '{flow}'")
        print(f"{flow}: runs={a.runs} succeeded={done} steps_recorded={steps} seconds={span:.2f}"
              f" runs_per_second={done / span:.0f}")
finally:
    worker.terminate()
    worker.wait(timeout=10)
    server.shutdown()
