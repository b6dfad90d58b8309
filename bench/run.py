#!/usr/bin/env python3
"""One command for kg's benchmark suite, side by side with networkx and SQLite.

  bench/run.py --kg build/cli/kg                 # the full run (docs/BENCHMARKS.md)
  bench/run.py --kg build/cli/kg --smoke         # seconds; run by the test suite so it cannot rot

Measures, on data it generates with fixed seeds (bench/gen_articles.py,
bench/gen_triples.py): extraction MB/s with -j 1 and -j 2, ingest MB/s,
import triples/s and store bytes per triple, fresh-process latency (median,
p95) of a 2-hop neighbourhood, a shortest path and the labs-techniques
pattern, in-batch latency through a JSON query file, GraphML export time, and
the peak RSS of each step; then the same loads and questions in networkx and
SQLite (indexed tables, recursive CTEs), with the ratios.
"""
import argparse
import json
import os
import pathlib
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent


def run(cmd, stdin=None):
    """Runs a command; returns (seconds, stdout)."""
    start = time.perf_counter()
    proc = subprocess.run([str(c) for c in cmd], input=stdin, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(map(str, cmd))} failed ({proc.returncode}): {proc.stderr[:500]}")
    return seconds, proc.stdout


def run_rss(cmd):
    """Like run() but measures peak RSS with GNU time when it is available."""
    if os.path.exists("/usr/bin/time"):
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", *map(str, cmd)], capture_output=True)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"bench: {' '.join(map(str, cmd))} failed: {proc.stderr.decode()[-500:]}")
        rss_kib = int(proc.stderr.decode().strip().splitlines()[-1])
        return seconds, rss_kib / 1024, proc.stdout.decode()
    seconds, out = run(cmd)
    return seconds, float("nan"), out


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def latency(cmd_for, samples):
    times = [run(cmd_for(i))[0] * 1000 for i in range(samples)]
    return statistics.median(times), percentile(times, 95)


def dir_bytes(path):
    return sum(f.stat().st_size for f in pathlib.Path(path).rglob("*") if f.is_file())


class Table:
    def __init__(self):
        self.rows = []

    def add(self, step, value, unit, peer="", ratio=""):
        self.rows.append((step, value, unit, peer, ratio))
        print(f"  {step:<52} {value:>12} {unit:<10} {peer:>14} {ratio:>8}", flush=True)

    def markdown(self):
        lines = ["| step | kg | unit | peer | kg advantage |", "| --- | ---: | --- | ---: | ---: |"]
        lines += [f"| {s} | {v} | {u} | {p} | {r} |" for s, v, u, p, r in self.rows]
        return "\n".join(lines)


def fmt(x, digits=1):
    return f"{x:,.{digits}f}"


# ---- extraction ----

def bench_extraction(kg, work, corpus_mb, table):
    corpus = work / "corpus.jsonl"
    subprocess.run([sys.executable, HERE / "gen_articles.py", "--size-mb", str(corpus_mb),
                    "--out", corpus], check=True, capture_output=True)
    size_mb = corpus.stat().st_size / 1e6
    for jobs in (1, 2):
        seconds, rss, _ = run_rss([kg, "extract", "-j", str(jobs), "--no-entities", corpus])
        table.add(f"extract {size_mb:.0f} MB, -j {jobs}", fmt(size_mb / seconds), "MB/s",
                  f"rss {rss:.0f} MiB")
        RESULTS[f"extract_j{jobs}_mbs"] = size_mb / seconds
    db = work / "ingest.db"
    seconds, rss, _ = run_rss([kg, "ingest", "-q", "-j", "2", "--db", db, corpus])
    table.add(f"ingest (extract + store) {size_mb:.0f} MB, -j 2", fmt(size_mb / seconds), "MB/s",
              f"rss {rss:.0f} MiB")


RESULTS = {}


def machine():
    """One line naming this machine, so figures are read as this machine's."""
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))
        mem = f"{int(mem) / 2**20:.0f} GiB"
    except (OSError, StopIteration):
        mem = "unknown memory"
    return f"{os.cpu_count()} cores ({cpu}), {mem}, {platform.platform()}"


def targets():
    """The speed targets of the issues, each met or with its gap."""
    rows = []

    def add(what, target, value, ok, issue):
        rows.append(f"| {what} | {target} | {value} | {'met' if ok else 'NOT met'} | {issue} |")

    if "extract_j1_mbs" in RESULTS:
        v = RESULTS["extract_j1_mbs"]
        add("extraction per core (-j 1, wall)", ">= 20 MB/s", f"{v:.1f} MB/s", v >= 20, "#3")
    big = RESULTS.get(1_000_000)
    if big:
        kg = big["kg"]
        add("import 1M triples", "< 5 s", f"{kg['import_s']:.2f} s", kg["import_s"] < 5, "#4")
        if "sqlite" in big:
            r = big["sqlite"]["load_s"] / kg["import_s"]
            add("import vs SQLite load", ">= 3x", f"{r:.1f}x", r >= 3, "#4")
        for key, what in (("hop2", "fresh 2-hop, median"), ("path", "fresh shortest path, median")):
            v = kg[key][0]
            add(f"{what} at 1M", "< 50 ms", f"{v:.1f} ms", v < 50, "#4, #5")
        add("in-batch query at 1M, mean", "< 5 ms", f"{kg['batch_ms']:.2f} ms", kg["batch_ms"] < 5, "#5")
        if "networkx" in big:
            r = big["networkx"]["hop2"][0] / kg["batch_ms"]
            add("2-hop vs networkx (in memory)", ">= 10x", f"{r:.1f}x", r >= 10, "#5")
        add("GraphML export 1M", "< 10 s", f"{kg['export_s']:.2f} s", kg["export_s"] < 10, "#6")
    if not rows:
        return ""
    return ("\n## Targets\n\n| target | wanted | measured | | issue |\n| --- | --- | ---: | --- | --- |\n"
            + "\n".join(rows) + "\n")


# ---- graph: kg ----

def gen_triples(work, edges, seed=11):
    path = work / f"triples-{edges}.jsonl"
    if not path.exists():
        subprocess.run([sys.executable, HERE / "gen_triples.py", "--triples", str(edges),
                        "--seed", str(seed), "--out", path], check=True, capture_output=True)
    return path


def read_edges(path):
    edges = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            if "subject" in obj:
                edges.append((obj["subject"]["name"], obj["subject"]["type"], obj["relation"],
                              obj["object"]["name"], obj["object"]["type"]))
    return edges


def sample_queries(edges, count, seed=5):
    rng = random.Random(seed)
    picks = [edges[rng.randrange(len(edges))] for _ in range(count)]
    starts = [e[0] for e in picks]
    ends = [edges[rng.randrange(len(edges))][3] for _ in range(count)]
    return starts, ends


def bench_kg_graph(kg, work, edges_n, triples, starts, ends, samples, table):
    db = work / f"kg-{edges_n}.db"
    seconds, rss, _ = run_rss([kg, "import", "--db", db, triples])
    rate = edges_n / seconds
    table.add(f"kg import {edges_n:,} triples", fmt(rate, 0), "triples/s", f"rss {rss:.0f} MiB")
    table.add(f"kg store size, {edges_n:,} triples", fmt(dir_bytes(db) / edges_n, 0), "bytes/triple")
    results = {"import_s": seconds}
    results["hop2"] = latency(lambda i: [kg, "neighbours", starts[i % len(starts)], "--depth", "2",
                                         "--json", "--db", db], samples)
    results["path"] = latency(lambda i: [kg, "path", starts[i % len(starts)], ends[i % len(ends)],
                                         "--json", "--db", db], samples)
    results["pattern"] = latency(lambda i: [kg, "pattern", "Organization -developed-> Technique",
                                            "--json", "--db", db], max(3, samples // 5))
    queries = [{"id": f"n{i}", "kind": "neighbours", "entity": s, "depth": 2}
               for i, s in enumerate(starts)]
    queries += [{"id": f"p{i}", "kind": "path", "from": s, "to": e}
                for i, (s, e) in enumerate(zip(starts, ends))]
    one = work / "one.json"
    one.write_text(json.dumps({"queries": queries[:1]}))
    many = work / "many.json"
    many.write_text(json.dumps({"queries": queries}))
    t_one = min(run([kg, "query", one, "--db", db])[0] for _ in range(3))
    t_many = min(run([kg, "query", many, "--db", db])[0] for _ in range(3))
    results["batch_ms"] = max(t_many - t_one, 0) * 1000 / (len(queries) - 1)
    out = work / f"kg-{edges_n}.graphml"
    seconds, rss, _ = run_rss([kg, "export", "--format", "graphml", "--out", out, "--db", db])
    results["export_s"] = seconds
    return results


# ---- graph: networkx and SQLite ----

def bench_networkx(edges, starts, ends, samples, work, export):
    import networkx as nx
    start = time.perf_counter()
    g = nx.MultiDiGraph()
    for s, st, r, o, ot in edges:
        g.add_node(s, type=st)
        g.add_node(o, type=ot)
        g.add_edge(s, o, relation=r)
    load = time.perf_counter() - start
    u = g.to_undirected(as_view=True)
    hop = []
    for i in range(samples):
        t = time.perf_counter()
        nx.single_source_shortest_path_length(u, starts[i % len(starts)], cutoff=2)
        hop.append((time.perf_counter() - t) * 1000)
    paths = []
    for i in range(samples):
        t = time.perf_counter()
        try:
            nx.shortest_path(u, starts[i % len(starts)], ends[i % len(ends)])
        except nx.NetworkXNoPath:
            pass
        paths.append((time.perf_counter() - t) * 1000)
    export_s = float("nan")
    if export:
        t = time.perf_counter()
        nx.write_graphml(g, work / "networkx.graphml")
        export_s = time.perf_counter() - t
    return {"load_s": load, "hop2": (statistics.median(hop), percentile(hop, 95)),
            "path": (statistics.median(paths), percentile(paths, 95)), "export_s": export_s}


def bench_sqlite(edges, starts, ends, samples, work):
    path = work / "bench.sqlite"
    if path.exists():
        path.unlink()
    db = sqlite3.connect(path)
    start = time.perf_counter()
    db.executescript("""
      CREATE TABLE entity(id INTEGER PRIMARY KEY, name TEXT UNIQUE, type TEXT);
      CREATE TABLE edge(s INTEGER, r TEXT, o INTEGER, evidence TEXT);
    """)
    ids = {}
    def eid(name, typ):
        if name not in ids:
            ids[name] = len(ids) + 1
            db.execute("INSERT INTO entity VALUES (?,?,?)", (ids[name], name, typ))
        return ids[name]
    db.executemany("INSERT INTO edge VALUES (?,?,?,?)",
                   ((eid(s, st), r, eid(o, ot), "") for s, st, r, o, ot in edges))
    db.executescript("CREATE INDEX edge_s ON edge(s, r, o); CREATE INDEX edge_o ON edge(o, r, s);")
    db.commit()
    load = time.perf_counter() - start
    hop2 = """WITH n1(x) AS (SELECT o FROM edge WHERE s=?1 UNION SELECT s FROM edge WHERE o=?1)
              SELECT DISTINCT o FROM edge WHERE s IN n1 UNION SELECT s FROM edge WHERE o IN n1
              UNION SELECT x FROM n1"""
    path_sql = """WITH RECURSIVE walk(node, depth) AS (
                    SELECT ?1, 0
                    UNION SELECT CASE WHEN e.s = walk.node THEN e.o ELSE e.s END, depth + 1
                          FROM walk JOIN edge e ON e.s = walk.node OR e.o = walk.node
                          WHERE depth < 4)
                  SELECT min(depth) FROM walk WHERE node = ?2"""
    def timed(sql, args_for):
        out = []
        for i in range(samples):
            t = time.perf_counter()
            db.execute(sql, args_for(i)).fetchall()
            out.append((time.perf_counter() - t) * 1000)
        return statistics.median(out), percentile(out, 95)
    name_id = lambda n: ids.get(n, -1)
    hop = timed(hop2, lambda i: (name_id(starts[i % len(starts)]),))
    path = timed(path_sql, lambda i: (name_id(starts[i % len(starts)]), name_id(ends[i % len(ends)])))
    db.close()
    return {"load_s": load, "hop2": hop, "path": path}


def ratio(peer, ours):
    return f"{peer / ours:.1f}x" if ours > 0 else "-"


def bench_graph(kg, work, edges_n, samples, peers, table):
    triples = gen_triples(work, edges_n)
    edges = read_edges(triples)
    starts, ends = sample_queries(edges, max(samples, 10))
    ours = bench_kg_graph(kg, work, edges_n, triples, starts, ends, samples, table)
    nx_r = sq = None
    RESULTS[edges_n] = {"kg": ours}
    if peers:
        nx_r = bench_networkx(edges, starts, ends, samples, work, export=edges_n <= 1_000_000)
        sq = bench_sqlite(edges, starts, ends, samples, work)
        RESULTS[edges_n].update(networkx=nx_r, sqlite=sq)
        table.add(f"networkx load {edges_n:,}", fmt(ours["import_s"], 2), "s (kg)",
                  fmt(nx_r["load_s"], 2) + " s", ratio(nx_r["load_s"], ours["import_s"]))
        table.add(f"SQLite load {edges_n:,}", fmt(ours["import_s"], 2), "s (kg)",
                  fmt(sq["load_s"], 2) + " s", ratio(sq["load_s"], ours["import_s"]))
    for key, label in (("hop2", "2-hop neighbourhood"), ("path", "shortest path")):
        med, p95 = ours[key]
        table.add(f"{label} {edges_n:,}, fresh process, median/p95", f"{med:.1f}/{p95:.1f}", "ms")
        if peers:
            table.add(f"  vs networkx (in memory), median", f"{ours['batch_ms']:.2f}", "ms (batch)",
                      f"{nx_r[key][0]:.2f} ms", ratio(nx_r[key][0], ours["batch_ms"]))
            table.add(f"  vs SQLite (indexed), median", f"{ours['batch_ms']:.2f}", "ms (batch)",
                      f"{sq[key][0]:.2f} ms", ratio(sq[key][0], ours["batch_ms"]))
    med, p95 = ours["pattern"]
    table.add(f"labs-techniques pattern {edges_n:,}, median/p95", f"{med:.1f}/{p95:.1f}", "ms")
    table.add(f"in-batch query (JSON file) {edges_n:,}, mean", f"{ours['batch_ms']:.2f}", "ms")
    table.add(f"GraphML export {edges_n:,}", fmt(ours["export_s"], 2), "s",
              fmt(nx_r["export_s"], 2) + " s" if peers and nx_r["export_s"] == nx_r["export_s"] else "",
              ratio(nx_r["export_s"], ours["export_s"]) if peers and nx_r["export_s"] == nx_r["export_s"] else "")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kg", required=True, help="the kg binary (a Release build)")
    ap.add_argument("--smoke", action="store_true", help="tiny sizes, no peers: checks the harness runs")
    ap.add_argument("--sizes", default="10000,100000,1000000", help="edge counts, comma-separated")
    ap.add_argument("--corpus-mb", type=float, default=20)
    ap.add_argument("--samples", type=int, default=20)
    ap.add_argument("--no-peers", action="store_true", help="skip networkx and SQLite")
    ap.add_argument("--markdown", help="also write the table to this file")
    a = ap.parse_args()
    kg = str(pathlib.Path(a.kg).resolve())
    sizes = [int(s) for s in a.sizes.split(",")]
    corpus_mb, samples, peers = a.corpus_mb, a.samples, not a.no_peers
    if a.smoke:
        sizes, corpus_mb, samples, peers = [2000], 0.3, 3, False
    table = Table()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        work = pathlib.Path(tmp)
        print(f"{'step':<54} {'kg':>12} {'unit':<10} {'peer':>14} {'ratio':>8}")
        bench_extraction(kg, work, corpus_mb, table)
        for n in sizes:
            bench_graph(kg, work, n, samples, peers, table)
    load_after = os.getloadavg()[0]
    if a.markdown:
        header = (
            "# Benchmarks\n\n"
            f"Command: `python3 bench/run.py {' '.join(sys.argv[1:])}` (bench/run.py --help explains "
            "each figure). Figures are this machine's, from one run: "
            f"{machine()}; 1-minute load average {load_before:.1f} at the start and "
            f"{load_after:.1f} at the end; {time.strftime('%Y-%m-%d', time.gmtime())}. "
            "Ratios compare kg with networkx and SQLite in the same run on the same data; "
            "above 1x kg is faster.\n\n")
        pathlib.Path(a.markdown).write_text(header + table.markdown() + "\n" + targets(),
                                            encoding="utf-8")
    print(f"bench: {len(table.rows)} figures")


if __name__ == "__main__":
    main()
