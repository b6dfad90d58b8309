#!/usr/bin/env python3
"""One command for kg's benchmark suite, side by side with networkx and SQLite.

  bench/run.py --kg build/cli/kg                 # the full run (docs/BENCHMARKS.md)
  bench/run.py --kg build/cli/kg --smoke         # seconds; run by the test suite so it cannot rot
  bench/run.py --kg build/cli/kg --sizes 10000,100000,1000000,10000000
                                                 # adds 10^7 edges: kg only (peers stop at
                                                 # --peer-max-edges), about 5 minutes more on
                                                 # 2 cores, a 4.2 GB JSONL file and 6 GB of
                                                 # RAM for kg import

What is measured, on data generated with fixed seeds (bench/gen_articles.py,
bench/gen_triples.py):

- extraction MB/s with -j 1 and -j 2, and ingest (extract + store) MB/s;
- per graph size (edges): `kg import` triples/s and store bytes per triple;
  the seconds and bytes of `kg import --query-snapshot` after it (the
  memory-mapped copy read-only queries answer from; opt-in), with which
  every query below runs; fresh-process latency (median, p95) of `kg neighbours --depth 2`, `kg path`
  and the labs-techniques pattern; in-batch latency of each query kind on its
  own: a JSON query file of N 2-hop neighbourhood queries, one of N shortest
  path queries, one of N anchored two-step patterns, each figure being
  (time of the N-query file - time of a 1-query file of that kind) / (N - 1),
  best of 3 runs, the answer written to a file, with `kg query`'s default
  threads (one per core); for 2-hop also on one thread (-j 1) and with the
  answer read by Python through a pipe (as before 2026-11-24: most of that
  figure is Python reading the answer: ~35 KB of compact JSON for a 2-hop
  query, ~70 KB before `kg query` wrote compact JSON by default); for 2-hop
  and path also a second pass: the same N queries again in the same process,
  when the snapshot pages they read are mapped and RocksDB's blocks cached,
  as networkx's graph is in memory ((time of 2N - time of N) / N);
  GraphML export seconds; the peak RSS of import and export;
- a second table, "How costs grow with size": for each cost and each pair of
  consecutive sizes, the log-log slope d(log cost)/d(log edges)
  (1.0 = linear, 0 = constant).

How networkx and SQLite are made comparable (up to --peer-max-edges edges):

- Load: each peer's load is timed from opening the same JSONL file that
  `kg import` reads, json-parsing every line, to a queryable store holding
  the same facts: entities with types, one edge per (subject, relation,
  object), and every line's evidence (doc, date, sentence, spans, rule,
  confidence). networkx: a MultiDiGraph keyed by relation, evidence as a
  list attribute of the edge. SQLite: entity, edge and evidence tables
  filled with executemany in one transaction, then the indexes the queries
  need (entity name, edge subject, edge object, evidence edge).
- 2-hop neighbourhood: all three answer the question `kg neighbours X
  --depth 2` answers: the entities within 2 hops (edges followed both ways),
  nearest first, one row per entity with the edge it was first reached by
  (subject, relation, object, direction, weight, highest confidence) and up
  to 2 evidence rows of that edge; the first --hop2-limit entities (default
  100, kg's default limit), each search stopping there as kg's does. (Not
  every edge within 2 hops: kg does not return those.) Peer weight counts
  evidence rows; kg's counts documents (they differ on 0.15% of edges here).
- Shortest path: one shortest path with edges walked both ways, within 6
  hops for kg and SQLite; each hop with its edge (relation, direction) and
  up to 2 evidence rows. networkx: nx.shortest_path on the undirected view.
  SQLite: a bidirectional BFS from Python, one indexed query per frontier.
- Peers answer in memory (networkx) or in process (SQLite) and build Python
  objects, on one thread; kg's in-batch figure also includes writing its
  answers as JSON, on as many threads as the machine has cores (the -j 1
  row is the one-thread figure).
  Peer figures are the mean over the same N queries as kg's in-batch
  figure, so the ratios compare mean with mean.
"""
import argparse
import itertools
import json
import math
import os
import pathlib
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
EVIDENCE_PER_EDGE = 2  # what kg puts on each edge of an answer by default
RESULTS = {}


# ---- helpers ----

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
    """Median and p95 ms of `samples` fresh processes."""
    times = [run(cmd_for(i))[0] * 1000 for i in range(samples)]
    return statistics.median(times), percentile(times, 95)


def mean_ms(answer, args_list):
    """Mean ms of answer(*args) over args_list, timed in this process."""
    total = 0.0
    for args in args_list:
        start = time.perf_counter()
        answer(*args)
        total += time.perf_counter() - start
    return total * 1000 / len(args_list)


def dir_bytes(path):
    return sum(f.stat().st_size for f in pathlib.Path(path).rglob("*") if f.is_file())


def remove(path):
    """Deletes a file or directory tree (a 10^7 run would otherwise keep ~10 GB)."""
    path = pathlib.Path(path)
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


class Table:
    def __init__(self):
        self.rows = []

    def add(self, step, value="", unit="", peer="", ratio=""):
        self.rows.append((step, value, unit, peer, ratio))
        print(f"  {step:<52} {value:>12} {unit:<10} {peer:>14} {ratio:>8}", flush=True)

    def markdown(self):
        lines = ["| step | kg | unit | peer | kg advantage |", "| --- | ---: | --- | ---: | ---: |"]
        lines += [f"| {s} | {v} | {u} | {p} | {r} |" for s, v, u, p, r in self.rows]
        return "\n".join(lines)


def fmt(x, digits=1):
    return f"{x:,.{digits}f}"


def ratio(peer, ours):
    return f"{peer / ours:.1f}x" if ours > 0 else "-"


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
    remove(db)
    remove(corpus)


# ---- data and queries ----

def gen_triples(work, edges, seed=11):
    path = work / f"triples-{edges}.jsonl"
    if not path.exists():
        subprocess.run([sys.executable, HERE / "gen_triples.py", "--triples", str(edges),
                        "--seed", str(seed), "--out", path], check=True, capture_output=True)
    return path


def triples_of(path):
    """The triple lines of a kg extract JSONL file, parsed."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            if "subject" in obj:
                yield obj


def sample_queries(path, edges_n, count, seed=5):
    """`count` starts (subject name and type of a random line) and ends (object
    name of another random line), read in one pass without holding the file."""
    rng = random.Random(seed)
    start_lines = [rng.randrange(edges_n) for _ in range(count)]
    end_lines = [rng.randrange(edges_n) for _ in range(count)]
    wanted = set(start_lines) | set(end_lines)
    found = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f):
            if number in wanted:
                found[number] = json.loads(line)
    starts = [(found[n]["subject"]["name"], found[n]["subject"]["type"]) for n in start_lines]
    ends = [found[n]["object"]["name"] for n in end_lines]
    return starts, ends


# Anchored two-step patterns, by the type of the start (a subject: Person,
# Organization or Technique).
PATTERNS = {
    "Person": 'Person:"{}" -affiliated_with-> Organization -developed-> Technique',
    "Organization": 'Organization:"{}" -developed-> Technique -evaluated_on-> Dataset',
    "Technique": 'Technique:"{}" -based_on-> Technique -trained_on-> Dataset',
}
LABS_PATTERN = "Organization -developed-> Technique"


def query_sets(starts, ends, hop2_limit):
    """The in-batch query lists, one per kind, in kg's query file format."""
    hop2 = [{"id": f"n{i}", "kind": "neighbours", "entity": name, "depth": 2, "limit": hop2_limit}
            for i, (name, _) in enumerate(starts)]
    path = [{"id": f"p{i}", "kind": "path", "from": name, "to": end}
            for i, ((name, _), end) in enumerate(zip(starts, ends))]
    pattern = [{"id": f"t{i}", "kind": "pattern", "pattern": PATTERNS[typ].format(name)}
               for i, (name, typ) in enumerate(starts) if typ in PATTERNS and '"' not in name]
    return {"hop2": hop2, "path": path, "pattern": pattern}


# ---- kg ----

def run_to_file(cmd, out):
    """Runs a command with its standard output written to the file `out`;
    returns seconds. kg's answer is then complete, as a peer's is when its
    Python objects are built; reading it back is the reader's cost, not the
    answer's (Python took ~0.1 ms to read a 2-hop answer's ~70 KB of
    indented JSON from a pipe, about what kg took to write it)."""
    with open(out, "w") as sink:
        start = time.perf_counter()
        proc = subprocess.run([str(c) for c in cmd], stdout=sink, stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(map(str, cmd))} failed ({proc.returncode}): {proc.stderr[:500]}")
    return seconds


def check_answers(out, n):
    errors = [r["error"] for r in json.loads(out)["results"] if "error" in r]
    if errors:
        print(f"bench: {len(errors)} of {n} queries failed, e.g. {errors[0]}", file=sys.stderr)


def kg_batch_ms(kg, db, work, queries, extra=(), pipe=False):
    """Per-query ms inside one process: (N-query file - 1-query file) / (N - 1),
    best of 3, the answer written to a file (pipe=True: read by this
    process through a pipe instead)."""
    if len(queries) < 2:
        return float("nan")
    one, many, answer = work / "one.json", work / "many.json", work / "answer.json"
    one.write_text(json.dumps({"queries": queries[:1]}))
    many.write_text(json.dumps({"queries": queries}))
    seconds = (lambda cmd: run(cmd)[0]) if pipe else (lambda cmd: run_to_file(cmd, answer))
    t_one = min(seconds([kg, "query", one, "--db", db, *extra]) for _ in range(3))
    t_many = min(seconds([kg, "query", many, "--db", db, *extra]) for _ in range(3))
    if not pipe:
        check_answers(answer.read_text(encoding="utf-8"), len(queries))
        remove(answer)
    return max(t_many - t_one, 0) * 1000 / (len(queries) - 1)


def kg_warm_ms(kg, db, work, queries):
    """Per-query ms of a second pass over the same queries in one process, the
    store's pages then mapped and its blocks cached, as networkx's graph is
    in memory: (time of the 2N-query file - time of the N-query file) / N,
    best of 3, the answer written to a file."""
    if not queries:
        return float("nan")
    once, twice, answer = work / "once.json", work / "twice.json", work / "answer.json"
    again = [dict(q, id=q["id"] + "-again") for q in queries]
    once.write_text(json.dumps({"queries": queries}))
    twice.write_text(json.dumps({"queries": queries + again}))
    t_once = min(run_to_file([kg, "query", once, "--db", db], answer) for _ in range(3))
    t_twice = min(run_to_file([kg, "query", twice, "--db", db], answer) for _ in range(3))
    remove(answer)
    return max(t_twice - t_once, 0) * 1000 / len(queries)


def bench_kg_graph(kg, work, edges_n, triples, starts, ends, queries, samples, hop2_limit, table):
    db = work / f"kg-{edges_n}.db"
    seconds, rss, _ = run_rss([kg, "import", "--db", db, triples])
    table.add(f"kg import {edges_n:,} triples", fmt(edges_n / seconds, 0), "triples/s",
              f"rss {rss:.0f} MiB")
    store_bytes = dir_bytes(db)
    table.add(f"kg store size, {edges_n:,} triples", fmt(store_bytes / edges_n, 0), "bytes/triple")
    results = {"import_s": seconds, "store_bytes": store_bytes}
    # The query snapshot is opt-in (docs/STORAGE.md); the queries below read it.
    snap_s, snap_rss, _ = run_rss([kg, "import", "--query-snapshot", "--db", db])
    snap_bytes = dir_bytes(db) - store_bytes
    table.add(f"kg import --query-snapshot {edges_n:,} (after the import)", fmt(snap_s, 2), "s",
              f"+{snap_bytes / edges_n:.0f} bytes/triple, rss {snap_rss:.0f} MiB")
    results["snapshot_s"], results["snapshot_bytes"] = snap_s, snap_bytes
    name = lambda i: starts[i % len(starts)][0]
    results["hop2"] = latency(lambda i: [kg, "neighbours", name(i), "--depth", "2", "--limit",
                                         hop2_limit, "--json", "--db", db], samples)
    results["path"] = latency(lambda i: [kg, "path", name(i), ends[i % len(ends)],
                                         "--json", "--db", db], samples)
    results["pattern"] = latency(lambda i: [kg, "pattern", LABS_PATTERN, "--json", "--db", db],
                                 max(3, samples // 5))
    results["batch"] = {kind: kg_batch_ms(kg, db, work, qs) for kind, qs in queries.items()}
    # The same 2-hop batch on one thread (kg query -j 1), and read through a pipe.
    results["batch_j1"] = {"hop2": kg_batch_ms(kg, db, work, queries["hop2"], ("-j", "1"))}
    results["batch_pipe"] = {"hop2": kg_batch_ms(kg, db, work, queries["hop2"], pipe=True)}
    results["batch_n"] = {kind: len(qs) for kind, qs in queries.items()}
    results["warm"] = {kind: kg_warm_ms(kg, db, work, queries[kind]) for kind in ("hop2", "path")}
    out = work / f"kg-{edges_n}.graphml"
    seconds, rss, _ = run_rss([kg, "export", "--format", "graphml", "--out", out, "--db", db])
    results["export_s"], results["export_rss"] = seconds, rss
    remove(out)
    remove(db)
    return results


# ---- networkx ----

def evidence_of(t):
    return {"doc": t["doc"], "date": t.get("date", ""), "sentence": t["evidence"],
            "subject_span": t.get("subject_span"), "object_span": t.get("object_span"),
            "rule": t.get("rule", ""), "confidence": t.get("confidence", 0.0)}


def load_networkx(triples):
    """JSONL -> MultiDiGraph: node attribute type; one edge per (s, o, relation)
    with the relation as key and attribute and its evidence rows as a list."""
    import networkx as nx
    g = nx.MultiDiGraph()
    for t in triples_of(triples):
        s, o, r = t["subject"]["name"], t["object"]["name"], t["relation"]
        g.add_node(s, type=t["subject"]["type"])
        g.add_node(o, type=t["object"]["type"])
        data = g.get_edge_data(s, o, key=r)
        if data is None:
            g.add_edge(s, o, key=r, relation=r, evidence=[evidence_of(t)])
        else:
            data["evidence"].append(evidence_of(t))
    return g


def nx_hop(g, a, b):
    """The edge between a and b as kg shows a hop: the first stored a->b edge
    ("out"), else the first b->a edge ("in")."""
    out = g.succ[a].get(b)
    subject, obj, direction, edges = (a, b, "out", out) if out else (b, a, "in", g.pred[a][b])
    data = next(iter(edges.values()))
    evidence = data["evidence"]
    return {"subject": subject, "relation": data["relation"], "object": obj,
            "direction": direction, "weight": len(evidence),
            "confidence": max(e["confidence"] for e in evidence),
            "evidence": [{"doc": e["doc"], "sentence": e["sentence"], "date": e["date"]}
                         for e in evidence[:EVIDENCE_PER_EDGE]]}


def nx_neighbours(g, name, limit):
    """kg's 2-hop answer: the first `limit` entities within 2 hops (BFS over
    successors and predecessors, nearest first), each with the edge it was
    reached by. A plain loop over g.succ / g.pred rather than nx.bfs_edges on
    the undirected view: that builds every discovered node's neighbour set up
    front (O(degree) per hub even when the search ends before expanding it):
    10 ms a query instead of 0.9 ms at 10^6 edges."""
    seen, frontier, rows = {name}, [name], []
    for depth in (1, 2):
        reached = []
        for node in frontier:
            for neighbour in itertools.chain(g.succ[node], g.pred[node]):
                if neighbour in seen:
                    continue
                seen.add(neighbour)
                rows.append({"entity": neighbour, "type": g.nodes[neighbour]["type"],
                             "depth": depth, "via": nx_hop(g, node, neighbour)})
                if len(rows) == limit:
                    return rows
                reached.append(neighbour)
        frontier = reached
    return rows


def nx_path(g, u, a, b):
    """One shortest path (bidirectional BFS over the undirected view), with each hop's edge."""
    import networkx as nx
    try:
        nodes = nx.shortest_path(u, a, b)
    except nx.NetworkXNoPath:
        return None
    return {"nodes": nodes, "hops": [nx_hop(g, x, y) for x, y in zip(nodes, nodes[1:])]}


def bench_networkx(triples, queries_args, hop2_limit):
    start = time.perf_counter()
    g = load_networkx(triples)
    load = time.perf_counter() - start
    u = g.to_undirected(as_view=True)
    starts, ends = queries_args
    return {"load_s": load,
            "hop2_ms": mean_ms(lambda s: nx_neighbours(g, s, hop2_limit), [(s,) for s in starts]),
            "path_ms": mean_ms(lambda a, b: nx_path(g, u, a, b), list(zip(starts, ends)))}


# ---- SQLite ----

SQLITE_SCHEMA = """
  CREATE TABLE entity(id INTEGER PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL);
  CREATE TABLE edge(id INTEGER PRIMARY KEY, s INTEGER NOT NULL, r TEXT NOT NULL,
                    o INTEGER NOT NULL, weight INTEGER NOT NULL, confidence REAL NOT NULL);
  CREATE TABLE evidence(edge INTEGER NOT NULL, doc TEXT, date TEXT, sentence TEXT,
                        subject_begin INTEGER, subject_end INTEGER,
                        object_begin INTEGER, object_end INTEGER, rule TEXT, confidence REAL);
"""
SQLITE_INDEXES = """
  CREATE UNIQUE INDEX entity_name ON entity(name);
  CREATE INDEX edge_s ON edge(s, r, o);
  CREATE INDEX edge_o ON edge(o, r, s);
  CREATE INDEX evidence_edge ON evidence(edge);
"""


def load_sqlite(triples, path):
    """JSONL -> entity, edge (one per (s, r, o), with weight and highest
    confidence) and evidence tables, one transaction, indexes built after."""
    remove(path)
    db = sqlite3.connect(path)
    db.executescript(SQLITE_SCHEMA)
    entities, edges = {}, {}  # name -> [id, type]; (s, r, o) -> [id, weight, confidence]

    def entity_id(e):
        return entities.setdefault(e["name"], [len(entities) + 1, e["type"]])[0]

    def evidence_rows():
        for t in triples_of(triples):
            key = (entity_id(t["subject"]), t["relation"], entity_id(t["object"]))
            edge = edges.setdefault(key, [len(edges) + 1, 0, 0.0])
            edge[1] += 1
            edge[2] = max(edge[2], t.get("confidence", 0.0))
            ss, os_ = t.get("subject_span") or (None, None), t.get("object_span") or (None, None)
            yield (edge[0], t["doc"], t.get("date", ""), t["evidence"], ss[0], ss[1], os_[0], os_[1],
                   t.get("rule", ""), t.get("confidence", 0.0))

    with db:  # the rows in one transaction (executescript commits it before the indexes)
        db.executemany("INSERT INTO evidence VALUES (?,?,?,?,?,?,?,?,?,?)", evidence_rows())
        db.executemany("INSERT INTO entity VALUES (?,?,?)",
                       ((i, name, typ) for name, (i, typ) in entities.items()))
        db.executemany("INSERT INTO edge VALUES (?,?,?,?,?,?)",
                       ((i, s, r, o, w, c) for (s, r, o), (i, w, c) in edges.items()))
        db.executescript(SQLITE_INDEXES)
    return db


SQL_ENTITY = "SELECT id, name FROM entity WHERE name = ?"
SQL_INCIDENT = """
  SELECT e.id, e.r, 'out', e.weight, e.confidence, n.id, n.name, n.type
    FROM edge e JOIN entity n ON n.id = e.o WHERE e.s = ?1
  UNION ALL
  SELECT e.id, e.r, 'in', e.weight, e.confidence, n.id, n.name, n.type
    FROM edge e JOIN entity n ON n.id = e.s WHERE e.o = ?1"""
SQL_EVIDENCE = f"SELECT doc, sentence, date FROM evidence WHERE edge = ? LIMIT {EVIDENCE_PER_EDGE}"


def sqlite_evidence(db, edge_id):
    return [{"doc": d, "sentence": s, "date": t} for d, s, t in db.execute(SQL_EVIDENCE, (edge_id,))]


def sqlite_neighbours(db, name, limit):
    """kg's 2-hop answer: BFS from `name` over both edge directions, one indexed
    query per expanded entity, stopping at `limit` entities; each row with the
    edge it was reached by and that edge's evidence."""
    center = db.execute(SQL_ENTITY, (name,)).fetchone()
    if center is None:
        return None
    seen, frontier, rows = {center[0]}, [center], []
    for depth in (1, 2):
        reached = []
        for node_id, node_name in frontier:
            for edge_id, rel, direction, weight, conf, nid, nname, ntype in db.execute(
                    SQL_INCIDENT, (node_id,)):
                if nid in seen:
                    continue
                seen.add(nid)
                subject, obj = (node_name, nname) if direction == "out" else (nname, node_name)
                rows.append({"entity": nname, "type": ntype, "depth": depth,
                             "via": {"subject": subject, "relation": rel, "object": obj,
                                     "direction": direction, "weight": weight,
                                     "confidence": conf, "edge": edge_id}})
                reached.append((nid, nname))
                if len(rows) == limit:
                    break
            if len(rows) == limit:
                break
        frontier = reached
        if len(rows) == limit:
            break
    for row in rows:
        row["via"]["evidence"] = sqlite_evidence(db, row["via"].pop("edge"))
    return rows


SQL_LEVEL = """
  SELECT s, o, id FROM edge WHERE s IN (SELECT value FROM json_each(?1))
  UNION ALL
  SELECT o, s, id FROM edge WHERE o IN (SELECT value FROM json_each(?1))"""


def sqlite_path(db, a_name, b_name, max_hops=6):
    """One shortest path, both edge directions: a bidirectional BFS driven from
    Python, one indexed query per frontier (the smaller side grows), then each
    hop's edge and evidence. Gives up after max_hops, as kg does."""
    a, b = db.execute(SQL_ENTITY, (a_name,)).fetchone(), db.execute(SQL_ENTITY, (b_name,)).fetchone()
    if a is None or b is None:
        return None
    sides = [{a[0]: (0, None, None)}, {b[0]: (0, None, None)}]  # node -> (depth, parent, edge)
    fronts = [[a[0]], [b[0]]]
    meet = a[0] if a[0] == b[0] else None
    for _ in range(max_hops):
        if meet is not None or not fronts[0] or not fronts[1]:
            break
        grow = 0 if len(fronts[0]) <= len(fronts[1]) else 1
        side, other = sides[grow], sides[1 - grow]
        reached = []
        for parent, child, edge_id in db.execute(SQL_LEVEL, (json.dumps(fronts[grow]),)):
            if child not in side:
                side[child] = (side[parent][0] + 1, parent, edge_id)
                reached.append(child)
        fronts[grow] = reached
        meets = [n for n in reached if n in other]
        if meets:
            meet = min(meets, key=lambda n: side[n][0] + other[n][0])
    if meet is None:
        return None
    # (entity walked from, edge) per hop, from a to b
    hops = walk_back(sides[0], meet, toward_meet=True)[::-1] + walk_back(sides[1], meet, False)
    return [sqlite_hop(db, walked_from, edge_id) for walked_from, edge_id in hops]


def walk_back(side, node, toward_meet):
    """The hops from `node` back to its side's root, as (entity the path
    walks the hop from, edge)."""
    hops = []
    while side[node][1] is not None:
        _, parent, edge_id = side[node]
        hops.append((parent if toward_meet else node, edge_id))
        node = parent
    return hops


SQL_HOP = """
  SELECT e.s, a.name, e.r, b.name, e.weight, e.confidence
    FROM edge e JOIN entity a ON a.id = e.s JOIN entity b ON b.id = e.o WHERE e.id = ?"""


def sqlite_hop(db, walked_from, edge_id):
    subject_id, subject, rel, obj, weight, conf = db.execute(SQL_HOP, (edge_id,)).fetchone()
    return {"subject": subject, "relation": rel, "object": obj,
            "direction": "out" if subject_id == walked_from else "in", "weight": weight,
            "confidence": conf, "evidence": sqlite_evidence(db, edge_id)}


def bench_sqlite(triples, work, queries_args, hop2_limit):
    path = work / "bench.sqlite"
    start = time.perf_counter()
    db = load_sqlite(triples, path)
    load = time.perf_counter() - start
    starts, ends = queries_args
    result = {"load_s": load,
              "hop2_ms": mean_ms(lambda s: sqlite_neighbours(db, s, hop2_limit), [(s,) for s in starts]),
              "path_ms": mean_ms(lambda x, y: sqlite_path(db, x, y), list(zip(starts, ends)))}
    db.close()
    remove(path)
    return result


# ---- one graph size ----

def bench_graph(kg, work, edges_n, opts, table):
    triples = gen_triples(work, edges_n)
    starts, ends = sample_queries(triples, edges_n, max(opts.batch, opts.samples))
    queries = query_sets(starts[:opts.batch], ends[:opts.batch], opts.hop2_limit)
    ours = bench_kg_graph(kg, work, edges_n, triples, starts, ends, queries, opts.samples,
                          opts.hop2_limit, table)
    RESULTS[edges_n] = {"kg": ours}
    peers = opts.peers and edges_n <= opts.peer_max_edges
    if peers:
        peer_queries = ([s for s, _ in starts[:opts.batch]], ends[:opts.batch])
        RESULTS[edges_n]["networkx"] = bench_networkx(triples, peer_queries, opts.hop2_limit)
        RESULTS[edges_n]["SQLite"] = bench_sqlite(triples, work, peer_queries, opts.hop2_limit)
    remove(triples)
    report_graph(edges_n, RESULTS[edges_n], opts, table)


def report_graph(edges_n, res, opts, table):
    ours, batch = res["kg"], res["kg"]["batch"]
    peers = [p for p in ("networkx", "SQLite") if p in res]
    if opts.peers and not peers:
        table.add(f"networkx, SQLite {edges_n:,}: peers skipped above {opts.peer_max_edges:,} edges")
    for peer in peers:
        load = res[peer]["load_s"]
        table.add(f"{peer} load {edges_n:,} (JSONL to store, with evidence)",
                  fmt(ours["import_s"], 2), "s (kg)", fmt(load, 2) + " s", ratio(load, ours["import_s"]))
    for key, label in (("hop2", "2-hop neighbourhood"), ("path", "shortest path")):
        med, p95 = ours[key]
        table.add(f"{label} {edges_n:,}, fresh process, median/p95", f"{med:.1f}/{p95:.1f}", "ms")
        table.add(f"{label} {edges_n:,}, in batch, mean of {ours['batch_n'][key]}",
                  f"{batch[key]:.2f}", "ms")
        for peer in peers:
            theirs = res[peer][key + "_ms"]
            table.add(f"  vs {peer} ({'in memory' if peer == 'networkx' else 'indexed'}), mean",
                      f"{batch[key]:.2f}", "ms (batch)", f"{theirs:.2f} ms", ratio(theirs, batch[key]))
        for variant, what in (("batch_j1", "one thread (-j 1)"),
                              ("batch_pipe", "read by Python through a pipe")):
            if key not in ours.get(variant, {}):
                continue
            v = ours[variant][key]
            table.add(f"{label} {edges_n:,}, in batch, {what}", f"{v:.2f}", "ms")
            if "networkx" in peers:
                theirs = res["networkx"][key + "_ms"]
                table.add("  vs networkx (in memory), mean", f"{v:.2f}", f"ms ({what})",
                          f"{theirs:.2f} ms", ratio(theirs, v))
        warm = ours["warm"][key]
        table.add(f"{label} {edges_n:,}, in batch, second pass (cached)",
                  f"{warm:.2f}", "ms")
        if "networkx" in peers:
            theirs = res["networkx"][key + "_ms"]
            table.add("  vs networkx (in memory), mean", f"{warm:.2f}", "ms (second pass)",
                      f"{theirs:.2f} ms", ratio(theirs, warm))
    med, p95 = ours["pattern"]
    table.add(f"labs-techniques pattern {edges_n:,}, fresh, median/p95", f"{med:.1f}/{p95:.1f}", "ms")
    table.add(f"anchored 2-step pattern {edges_n:,}, in batch, mean of {ours['batch_n']['pattern']}",
              f"{batch['pattern']:.2f}", "ms")
    table.add(f"GraphML export {edges_n:,}", fmt(ours["export_s"], 2), "s",
              f"rss {ours['export_rss']:.0f} MiB")


# ---- growth and targets ----

GROWTH = [  # (label, who, how to read the cost from RESULTS[size][who])
    ("kg import seconds", "kg", lambda r: r["import_s"]),
    ("kg store bytes", "kg", lambda r: r["store_bytes"]),
    ("kg 2-hop, fresh process, median", "kg", lambda r: r["hop2"][0]),
    ("kg path, fresh process, median", "kg", lambda r: r["path"][0]),
    ("kg labs pattern, fresh process, median", "kg", lambda r: r["pattern"][0]),
    ("kg 2-hop, in batch", "kg", lambda r: r["batch"]["hop2"]),
    ("kg path, in batch", "kg", lambda r: r["batch"]["path"]),
    ("kg anchored pattern, in batch", "kg", lambda r: r["batch"]["pattern"]),
    ("kg GraphML export seconds", "kg", lambda r: r["export_s"]),
    ("networkx load seconds", "networkx", lambda r: r["load_s"]),
    ("networkx 2-hop", "networkx", lambda r: r["hop2_ms"]),
    ("networkx path", "networkx", lambda r: r["path_ms"]),
    ("SQLite load seconds", "SQLite", lambda r: r["load_s"]),
    ("SQLite 2-hop", "SQLite", lambda r: r["hop2_ms"]),
    ("SQLite path", "SQLite", lambda r: r["path_ms"]),
]


def slope(n1, c1, n2, c2):
    if not (c1 and c2) or c1 <= 0 or c2 <= 0:
        return "-"
    return f"{math.log(c2 / c1) / math.log(n2 / n1):.2f}"


def growth(sizes):
    """Markdown: log-log slope of each cost between consecutive sizes."""
    pairs = list(zip(sizes, sizes[1:]))
    if not pairs:
        return ""
    lines = ["| cost | " + " | ".join(f"{a:,} to {b:,}" for a, b in pairs) + " |",
             "| --- |" + " ---: |" * len(pairs)]
    for label, who, cost in GROWTH:
        cells = [slope(a, cost(RESULTS[a][who]), b, cost(RESULTS[b][who]))
                 if who in RESULTS[a] and who in RESULTS[b] else "-" for a, b in pairs]
        if any(c != "-" for c in cells):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return ("\n## How costs grow with size\n\n"
            "Log-log slope d(log cost)/d(log edges) between consecutive sizes: "
            "1.0 = linear, 0 = constant.\n\n" + "\n".join(lines) + "\n")


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
        if "SQLite" in big:
            r = big["SQLite"]["load_s"] / kg["import_s"]
            add("import vs SQLite load (JSONL to indexed store, with evidence)", ">= 3x",
                f"{r:.1f}x", r >= 3, "#4")
        for key, what in (("hop2", "fresh 2-hop, median"), ("path", "fresh shortest path, median")):
            v = kg[key][0]
            add(f"{what} at 1M", "< 50 ms", f"{v:.1f} ms", v < 50, "#4, #5")
        for key, what in (("hop2", "2-hop"), ("path", "shortest path")):
            v = kg["batch"][key]
            add(f"in-batch {what} at 1M, mean", "< 5 ms", f"{v:.2f} ms", v < 5, "#5")
        for key, what in (("hop2", "2-hop"), ("path", "shortest path")):
            if "networkx" in big and kg["batch"][key] > 0:
                r = big["networkx"][key + "_ms"] / kg["batch"][key]
                add(f"{what} vs networkx (in memory; in-batch means)", ">= 10x", f"{r:.1f}x",
                    r >= 10, "#5")
        add("GraphML export 1M", "< 10 s", f"{kg['export_s']:.2f} s", kg["export_s"] < 10, "#6")
    if not rows:
        return ""
    return ("\n## Targets\n\n| target | wanted | measured | | issue |\n| --- | --- | ---: | --- | --- |\n"
            + "\n".join(rows) + "\n")


# ---- main ----

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


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kg", required=True, help="the kg binary (a Release build)")
    ap.add_argument("--smoke", action="store_true", help="tiny sizes, no peers: checks the harness runs")
    ap.add_argument("--sizes", default="10000,100000,1000000",
                    help="edge counts, comma-separated (default 10000,100000,1000000: about 5 "
                         "minutes on 2 cores; append 10000000 for 10^7 edges, about 5 minutes "
                         "more, kg only above --peer-max-edges)")
    ap.add_argument("--peer-max-edges", type=int, default=1_000_000,
                    help="run networkx and SQLite only up to this many edges (default 1000000)")
    ap.add_argument("--corpus-mb", type=float, default=20)
    ap.add_argument("--samples", type=int, default=20, help="fresh processes per query kind")
    ap.add_argument("--batch", type=int, default=100, help="queries per in-batch query file (N)")
    ap.add_argument("--hop2-limit", type=int, default=100,
                    help="entities in a 2-hop answer, for kg and the peers (default 100, kg's "
                         "default limit; a large value asks for whole neighbourhoods)")
    ap.add_argument("--no-peers", action="store_true", help="skip networkx and SQLite")
    ap.add_argument("--markdown", help="also write the tables to this file")
    opts = ap.parse_args()
    opts.sizes = [int(s) for s in opts.sizes.split(",")]
    opts.peers = not opts.no_peers
    if opts.smoke:
        opts.sizes, opts.corpus_mb, opts.samples, opts.batch, opts.peers = [2000], 0.3, 3, 5, False
    return opts


def markdown_header(load_before, load_after, opts):
    skipped = [n for n in opts.sizes if n > opts.peer_max_edges]
    peers_note = (f" networkx and SQLite were skipped above {opts.peer_max_edges:,} edges."
                  if opts.peers and skipped else "")
    return ("# Benchmarks\n\n"
            f"Command: `python3 bench/run.py {' '.join(sys.argv[1:])}` (bench/run.py --help explains "
            "each figure and how the peers are made comparable). Figures are this machine's, from "
            f"one run: {machine()}; 1-minute load average {load_before:.1f} at the start and "
            f"{load_after:.1f} at the end; {time.strftime('%Y-%m-%d', time.gmtime())}. "
            "Ratios compare kg with networkx and SQLite in the same run on the same data and "
            f"queries; above 1x kg is faster.{peers_note}\n\n")


def main():
    opts = parse_args()
    kg = str(pathlib.Path(opts.kg).resolve())
    table = Table()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        work = pathlib.Path(tmp)
        print(f"{'step':<54} {'kg':>12} {'unit':<10} {'peer':>14} {'ratio':>8}")
        bench_extraction(kg, work, opts.corpus_mb, table)
        for n in opts.sizes:
            bench_graph(kg, work, n, opts, table)
    load_after = os.getloadavg()[0]
    grow = growth(opts.sizes)
    print(grow)
    if opts.markdown:
        pathlib.Path(opts.markdown).write_text(
            markdown_header(load_before, load_after, opts) + table.markdown() + "\n" + grow
            + targets(), encoding="utf-8")
    print(f"bench: {len(table.rows)} figures")


if __name__ == "__main__":
    main()
