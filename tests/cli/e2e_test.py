#!/usr/bin/env python3
"""End-to-end tests of the kg binary: ingest the examples into a temporary
database, ask questions, export, and check the answers and error messages.

Usage: e2e_test.py KG_BINARY SOURCE_DIR
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

KG = sys.argv[1]
SRC = pathlib.Path(sys.argv[2])
EXAMPLES = SRC / "examples" / "articles"
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def kg(*args, db=None, stdin=None, env=None, stdout=subprocess.PIPE, preexec_fn=None):
    cmd = [KG, *args]
    if db is not None:
        cmd += ["--db", str(db)]
    full_env = dict(os.environ)
    full_env.pop("KG_DB", None)
    full_env.update(env or {})
    return subprocess.run(cmd, input=stdin, stdout=stdout, stderr=subprocess.PIPE, text=True,
                          env=full_env, timeout=120, preexec_fn=preexec_fn)


def ok(result):
    assert result.returncode == 0, f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    return result.stdout


def user_error(result, *fragments):
    assert result.returncode == 1, f"expected exit 1, got {result.returncode}: {result.stderr}"
    line = result.stderr.strip()
    assert line.startswith("kg: "), line
    for f in fragments:
        assert f in line, f"{f!r} not in {line!r}"


class Env:
    """One temporary directory with a database holding the examples."""

    def __init__(self):
        self.dir = tempfile.TemporaryDirectory(prefix="kg-e2e-")
        self.root = pathlib.Path(self.dir.name)
        self.db = self.root / "kg.db"
        ok(kg("ingest", str(EXAMPLES), db=self.db))


ENV = None


def env():
    global ENV
    if ENV is None:
        ENV = Env()
    return ENV


@test
def help_lists_every_command():
    out = ok(kg("--help"))
    for cmd in ["ingest", "extract", "import", "stats", "neighbours", "path", "query", "export",
                "explain", "rules", "docs", "entity", "pattern"]:
        assert cmd in out, f"{cmd} missing from kg --help"
    assert "--db" in ok(kg("help", "ingest"))
    user_error(kg("help", "frobnicate"), "no command named \"frobnicate\"")


@test
def unknown_command_and_missing_arguments_are_user_errors():
    assert kg("frobnicate").returncode == 1
    assert kg("ingest").returncode == 1
    user_error(kg("extract", "/nonexistent/article.txt"), "/nonexistent/article.txt")


@test
def extract_prints_schema_json_lines():
    out = ok(kg("extract", str(EXAMPLES)))
    triples, entities = [], []
    for line in out.splitlines():
        obj = json.loads(line)
        (entities if "entity" in obj else triples).append(obj)
    assert triples, "no triples from the examples"
    assert entities, "no entity lines from the examples"
    types = {"Person", "Organization", "Technique", "Dataset", "Location"}
    for t in triples:
        assert t["subject"]["type"] in types and t["object"]["type"] in types, t
        assert t["subject"]["name"] and t["object"]["name"], t
        assert t["doc"] and t["evidence"] and 0 < t["confidence"] <= 1, t
    docs = {t["doc"] for t in triples}
    assert "2020-06-11-language-models.txt" in docs, docs


@test
def extract_in_parallel_keeps_input_order_across_batches():
    # 300 articles make several of the pipeline's batches (64 articles each);
    # -j 2 must print exactly what -j 1 prints, article by article in order.
    labs = ["OpenAI", "DeepMind", "Meta AI", "Google Research", "Anthropic"]
    with tempfile.TemporaryDirectory(prefix="kg-e2e-") as d:
        path = pathlib.Path(d) / "many.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for i in range(300):
                text = f"{labs[i % len(labs)]} developed Model{i}Net, a language model.\n"
                f.write(json.dumps({"id": f"a{i:03d}", "text": text}) + "\n")
        one = ok(kg("extract", "-j", "1", "--no-entities", str(path)))
        two = ok(kg("extract", "-j", "2", "--no-entities", str(path)))
    assert one == two
    docs = [json.loads(l)["doc"] for l in one.splitlines()]
    assert docs == sorted(docs) and len(set(docs)) == 300, docs[:5]


@test
def extract_reads_standard_input():
    out = ok(kg("extract", "-", stdin="OpenAI developed GPT-3, a language model.\n"))
    triples = [json.loads(l) for l in out.splitlines() if '"relation"' in l]
    assert any(t["subject"]["name"] == "OpenAI" and t["relation"] == "developed"
               and t["object"]["name"] == "GPT-3" for t in triples), out


@test
def ingest_is_idempotent():
    e = env()
    out = ok(kg("ingest", str(EXAMPLES), db=e.db))
    assert "0 added, 0 replaced" in out, out
    stats = json.loads(ok(kg("stats", "--json", db=e.db)))
    assert stats["documents"] == 5, stats
    assert stats["entities"] > 10 and stats["edges"] > 10, stats


@test
def kg_db_environment_variable_picks_the_database():
    e = env()
    out = ok(kg("stats", "--json", env={"KG_DB": str(e.db)}))
    assert json.loads(out)["documents"] == 5


@test
def stats_on_a_missing_database_says_how_to_fix_it():
    r = kg("stats", db=env().root / "nothing-here")
    assert r.returncode == 1, r
    assert "kg ingest" in r.stderr, r.stderr


@test
def neighbours_answers_with_evidence():
    e = env()
    out = ok(kg("neighbours", "OpenAI", db=e.db))
    assert "OpenAI -developed-> GPT-3" in out, out
    rows = json.loads(ok(kg("neighbors", "openai", "--json", "--relation", "developed", db=e.db)))["rows"]
    names = {r["entity"]["name"] for r in rows}
    assert {"GPT-3", "CLIP"} <= names, names
    for r in rows:
        assert r["via"]["relation"] == "developed" and r["via"]["evidence"], r


@test
def unknown_names_get_suggestions():
    user_error(kg("neighbours", "OpenAl", db=env().db), 'no entity named "OpenAl"', 'did you mean "OpenAI"')
    user_error(kg("neighbours", "OpenAI", "--relation", "invented", db=env().db),
               'unknown relation "invented"', "affiliated_with")


@test
def path_connects_a_person_to_what_the_lab_built():
    out = json.loads(ok(kg("path", "Alec Radford", "GPT-3", "--json", db=env().db)))
    paths = out["rows"]
    assert paths, out
    names = [n["name"] for n in paths[0]["nodes"]]
    assert names == ["Alec Radford", "OpenAI", "GPT-3"], names


@test
def pattern_lists_labs_and_techniques():
    out = ok(kg("pattern", "Organization -developed-> Technique", "--infer", db=env().db))
    assert "OpenAI -developed-> GPT-3" in out, out
    assert "DeepMind -developed-> AlphaFold" in out, out
    user_error(kg("pattern", "Organization -invented-> Technique", db=env().db), "invented")


@test
def query_file_runs_every_query():
    tour = str(SRC / "examples" / "queries" / "tour.json")
    text = ok(kg("query", tour, db=env().db))
    ids = [r["id"] for r in json.loads(text)["results"]]
    assert "labs" in ids and "openai-work" in ids, ids
    for jobs in ("1", "3"):
        same = ok(kg("query", tour, "-j", jobs, db=env().db))
        assert same == text, f"kg query -j {jobs} answered differently"
    user_error(kg("query", tour, "-j", "0", db=env().db), "--jobs")
    # Compact by default: one line per query's result, between the opening and
    # the closing line; --pretty indents the same value.
    lines = text.splitlines()
    assert lines[0] == '{"results":[' and lines[-1] == "]}", (lines[0], lines[-1])
    assert [json.loads(line.rstrip(","))["id"] for line in lines[1:-1]] == ids
    pretty = ok(kg("query", tour, "--pretty", db=env().db))
    assert json.loads(pretty) == json.loads(text) and '\n  "results": [' in pretty, pretty[:200]
    # Written to a file, answers go out as they are done; a failed run cuts
    # the file back to what it held before (here nothing), as a pipe gets
    # nothing. The same answer either way.
    answer = env().root / "answer.json"
    with open(answer, "w") as f:
        ok(kg("query", tour, db=env().db, stdout=f))
    assert answer.read_text() == text
    failing = env().root / "failing.json"
    queries = [dict(q, id=f"{q['id']}-{n}")
               for n in range(40) for q in json.loads(open(tour).read())["queries"]]
    queries.append({"id": "last", "kind": "neighbours", "entity": "Yalee"})
    failing.write_text(json.dumps({"queries": queries}))
    for jobs in ("1", "2"):
        with open(answer, "w") as f:
            r = kg("query", str(failing), "--strict", "-j", jobs, db=env().db, stdout=f)
        user_error(r, "Yalee")
        assert answer.stat().st_size == 0, answer.read_text()[:200]
    bad = env().root / "bad.json"
    bad.write_text('{"queries": [\n  {"id": "q1", "kind": "neighbours",, }]}')
    r = kg("query", str(bad), db=env().db)
    # The second comma is the 37th character of line 2.
    user_error(r, f"{bad}: query file: JSON syntax error at line 2, column 37: ",
               "unexpected ','")


@test
def graphml_export_opens_in_networkx_and_matches_stats():
    e = env()
    out = e.root / "kg.graphml"
    ok(kg("export", "--format", "graphml", "--out", str(out), db=e.db))
    subprocess.run(["xmllint", "--noout", str(out)], check=True)
    import networkx
    g = networkx.read_graphml(out)
    stats = json.loads(ok(kg("stats", "--json", db=e.db)))
    assert g.number_of_nodes() == stats["entities"], (g.number_of_nodes(), stats)
    assert g.number_of_edges() == stats["edges"], (g.number_of_edges(), stats)
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert "OpenAI" in labels
    relations = {d["relation"] for _, _, d in g.edges(data=True)}
    assert "developed" in relations


@test
def every_export_format_writes_something():
    e = env()
    for fmt in ["gexf", "json", "dot", "ntriples"]:
        text = ok(kg("export", "--format", fmt, db=e.db))
        assert "OpenAI" in text, fmt
    json.loads(ok(kg("export", "--format", "json", db=e.db)))
    csv_dir = e.root / "csv"
    ok(kg("export", "--format", "csv", "--out", str(csv_dir), db=e.db))
    assert (csv_dir / "nodes.csv").read_text().startswith("id:ID")
    assert (csv_dir / "edges.csv").read_text().startswith(":START_ID")
    user_error(kg("export", "--format", "pdf", db=e.db), 'unknown export format "pdf"')


@test
def docs_rm_removes_a_document_and_what_only_it_supported():
    e = Env()  # a database of its own: this test changes it
    listing = ok(kg("docs", "list", db=e.db))
    ids = [line.split()[0] for line in listing.splitlines()[:-1]]
    assert "brief-2020-12-alphafold" in ids and "briefs.jsonl" not in ids, ids
    ok(kg("docs", "rm", "brief-2020-12-alphafold", db=e.db))
    user_error(kg("neighbours", "AlphaFold", db=e.db), 'no entity named "AlphaFold"')
    stats = json.loads(ok(kg("stats", "--json", db=e.db)))
    assert stats["documents"] == 4, stats
    user_error(kg("docs", "rm", "no-such-doc", db=e.db), "no-such-doc")


@test
def import_loads_what_extract_wrote():
    e = env()
    jsonl = examples_jsonl()
    db2 = e.root / "imported.db"
    ok(kg("import", str(jsonl), db=db2))
    a = json.loads(ok(kg("stats", "--json", db=e.db)))
    b = json.loads(ok(kg("stats", "--json", db=db2)))
    assert a["edges"] == b["edges"], (a, b)
    assert a["documents"] == b["documents"], (a, b)


@test
def the_query_snapshot_is_opt_in_and_kept_once_written():
    e = env()
    jsonl = examples_jsonl()
    db2 = e.root / "snapshot.db"
    ok(kg("import", str(jsonl), db=db2))
    assert not (db2 / "query_snapshot").exists()
    plain = ok(kg("neighbours", "OpenAI", "--depth", "2", "--json", db=db2))
    out = ok(kg("import", "--query-snapshot", db=db2))
    assert out.startswith("wrote the query snapshot in "), out
    assert (db2 / "query_snapshot").exists()
    assert ok(kg("neighbours", "OpenAI", "--depth", "2", "--json", db=db2)) == plain
    # A later write keeps the store's snapshot, rewritten for the new state.
    ok(kg("ingest", str(EXAMPLES), db=db2))
    assert (db2 / "query_snapshot").exists()
    user_error(kg("import", db=db2), "no files to import")


def wait_for_write_lock(db, seconds=60):
    """Waits until a process holds the database's lock (RocksDB's LOCK file,
    locked with fcntl), looking in /proc/locks rather than trying the lock,
    which would race with the writer taking it."""
    import time
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        lock = pathlib.Path(db) / "LOCK"
        if lock.exists():
            inode = f":{lock.stat().st_ino} "
            if any(inode in line for line in open("/proc/locks", encoding="ascii")):
                return
        time.sleep(0.05)
    raise AssertionError(f"no process locked {db} within {seconds} s")


@test
def a_second_writer_is_told_the_database_is_busy():
    e = env()
    r = subprocess.Popen([KG, "ingest", "-", "--db", str(e.db)], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # The first writer holds the lock while it waits for stdin; a fixed
        # sleep was too short for a slow (sanitizer) build on a busy machine.
        wait_for_write_lock(e.db)
        second = kg("ingest", str(EXAMPLES), db=e.db)
        user_error(second, "in use")
        # Readers are not blocked by a writer.
        ok(kg("stats", db=e.db))
    finally:
        r.communicate("", timeout=60)


@test
def check_passes_a_clean_database_and_repair_keeps_it_clean():
    # Damaged stores (and their exact reports) are tested in tests/graph/check_test.cpp.
    e = Env()  # --repair opens the database writable
    out = ok(kg("check", db=e.db))
    assert out.startswith(f"database {e.db} is consistent: "), out
    stats = json.loads(ok(kg("stats", "--json", db=e.db)))
    assert f"{stats['entities']} entities, {stats['edges']} edges, {stats['evidence']} evidence rows, " \
        f"{stats['documents']} documents" in out, (out, stats)
    assert ok(kg("check", "--repair", db=e.db)) == out
    user_error(kg("check", db=e.root / "missing.db"), "no kg database at", "run `kg ingest` first")


@test
def time_flags_take_iso_dates_only():
    e = env()
    user_error(kg("neighbours", "OpenAI", "--since", "2021-3-1", db=e.db),
               '--since "2021-3-1" is not a date; expected YYYY-MM-DD')
    user_error(kg("path", "OpenAI", "GPT-3", "--until", "yesterday", db=e.db),
               '--until "yesterday" is not a date')
    user_error(kg("entity", "OpenAI", "--since", "2022-01-01", "--until", "2021-01-01", db=e.db),
               "--since 2022-01-01 is after --until 2021-01-01")
    # A range covering every date keeps what no range gives, minus undated edges.
    everything = json.loads(ok(kg("neighbours", "OpenAI", "--json", db=e.db)))
    ranged = json.loads(ok(kg("neighbours", "OpenAI", "--json", "--since", "1900-01-01",
                              "--until", "2999-12-31", db=e.db)))
    assert len(ranged["rows"]) <= len(everything["rows"]), (ranged, everything)


def examples_jsonl():
    """Where the examples' `kg extract` output is kept, written once."""
    jsonl = env().root / "examples.jsonl"
    if not jsonl.exists():
        jsonl.write_text(ok(kg("extract", str(EXAMPLES))))
    return jsonl


@test
def a_batch_goes_on_past_bad_files_and_reports_them_at_the_end():
    e = env()
    batch = e.root / "batch"
    batch.mkdir()
    shutil.copy(EXAMPLES / "2020-06-11-language-models.txt", batch / "a-good.txt")
    (batch / "b-binary.txt").write_bytes(b"\x00\x01binary\x00")
    (batch / "c-empty.md").write_text("")
    (batch / "d-good.md").write_text("# Note\n\nOpenAI developed GPT-3, a language model.\n")
    (batch / "e-lines.jsonl").write_text(
        '{"id": "ok1", "text": "DeepMind developed AlphaZero, a chess engine."}\n{not json}\n')
    (batch / "f-latin1.txt").write_bytes(b"Caf\xe9 owner Acme Labs built FooNet.\n")
    skipped = [
        f"kg: skipped {batch / 'b-binary.txt'}: it holds NUL bytes, so it looks like a binary file, "
        "not text",
        f"kg: skipped {batch / 'c-empty.md'}: it holds no text",
        f"kg: skipped {batch / 'e-lines.jsonl'}:2: not valid JSON",
    ]
    for command, done in [("ingest", "ingested"), ("extract", "extracted")]:
        r = kg(command, str(batch), db=e.root / "batch.db" if command == "ingest" else None)
        assert r.returncode == 1, (command, r.returncode, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 4, lines
        for line, expected in zip(lines, skipped):
            assert line.startswith(expected), (line, expected)
        assert lines[-1] == f"kg: 3 input(s) could not be read (listed above); the rest was {done}", lines
    docs = ok(kg("docs", "list", db=e.root / "batch.db")).splitlines()
    assert sorted(line.split()[0] for line in docs[:-1]) == \
        ["a-good.txt", "d-good.md", "f-latin1.txt", "ok1"], docs


def unprivileged():
    """A preexec_fn that drops root to nobody, whom file permissions bind;
    None when not root (permissions bind us already)."""
    if os.geteuid() != 0:
        return None

    def drop():
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
    return drop


@test
def a_read_only_directory_is_refused_in_one_line():
    with tempfile.TemporaryDirectory(prefix="kg-e2e-ro-") as tmp:
        root = pathlib.Path(tmp)
        root.chmod(0o755)  # nobody must reach what is inside
        locked = root / "locked"
        locked.mkdir(mode=0o555)
        db = root / "ro.db"
        ok(kg("ingest", str(EXAMPLES / "2020-06-11-language-models.txt"), db=db))
        jsonl = root / "triples.jsonl"
        shutil.copy(examples_jsonl(), jsonl)
        jsonl.chmod(0o644)
        for path in [db, *db.iterdir()]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            drop = unprivileged()
            user_error(kg("ingest", str(EXAMPLES), db=locked / "kg.db", preexec_fn=drop),
                       f"cannot create database {locked / 'kg.db'}: {locked} is not writable "
                       "(Permission denied); give another --db")
            for args in [("ingest", str(EXAMPLES)), ("docs", "rm", "x"), ("check", "--repair"),
                         ("import", str(jsonl))]:
                user_error(kg(*args, db=db, preexec_fn=drop),
                           f"cannot write to database {db}: Permission denied; run kg as a user "
                           f"who may write there (or grant it: chmod -R u+w {db}), or give "
                           "another --db")
            # Reading needs no write permission.
            out = json.loads(ok(kg("stats", "--json", db=db, preexec_fn=drop)))
            assert out["documents"] == 1, out
        finally:
            for path in [db, *db.iterdir(), locked]:
                path.chmod(0o755 if path.is_dir() else 0o644)


@test
def a_full_disk_is_an_error_not_a_success():
    e = env()
    user_error(kg("export", "--format", "graphml", "--out", "/dev/full", db=e.db),
               "kg: cannot write /dev/full: No space left on device; free some space, or write "
               "somewhere else")
    full_stdout = ("kg: cannot write to standard output: No space left on device; free some space, "
                   "or write somewhere else")
    with open("/dev/full", "w") as full:
        for args in [("extract", str(EXAMPLES)), ("extract", "--explain", str(EXAMPLES)),
                     ("export", "--format", "json", "--db", str(e.db)),
                     ("query", str(SRC / "examples" / "queries" / "tour.json"), "--db", str(e.db)),
                     ("neighbours", "OpenAI", "--db", str(e.db)),
                     ("stats", "--db", str(e.db))]:
            r = kg(*args, stdout=full)
            assert r.returncode == 1 and r.stderr == full_stdout + "\n", (args, r.returncode,
                                                                         r.stderr)


@test
def a_damaged_database_says_so_and_what_to_do():
    e = env()
    base = e.root / "damage-base.db"
    ok(kg("import", str(examples_jsonl()), db=base))  # an import writes table files
    tables = sorted(base.glob("*.sst"))
    assert tables, list(base.iterdir())

    def overwrite_tables(d):
        for table in d.glob("*.sst"):
            with open(table, "r+b") as f:
                f.seek(100)
                f.write(b"not what RocksDB wrote")

    damages = {
        "a lost table file": lambda d: (d / tables[0].name).unlink(),
        "overwritten table files": overwrite_tables,
        "a truncated MANIFEST": lambda d: os.truncate(next(d.glob("MANIFEST-*")), 10),
        "a lost CURRENT": lambda d: (d / "CURRENT").unlink(),
        "an empty CURRENT": lambda d: (d / "CURRENT").write_text(""),
    }
    for i, (name, damage) in enumerate(damages.items()):
        d = e.root / f"damaged-{i}.db"
        shutil.copytree(base, d)
        damage(d)
        for args in [("stats",), ("neighbours", "OpenAI"), ("check",), ("check", "--repair"),
                     ("ingest", str(EXAMPLES))]:
            r = kg(*args, db=d)
            line = r.stderr.strip()
            where = f"{name}, kg {' '.join(args)}: exit {r.returncode}: {line}"
            assert r.returncode == 2, where  # not the user's input; never a signal
            assert "\n" not in line, where
            assert line.startswith(f"kg: database {d} is damaged ("), where
            assert line.endswith("); restore it from a copy, or re-ingest the articles into a new "
                                 "directory (`kg check --repair` mends indexes and counters, not "
                                 "lost or broken files)"), where


def main():
    failed = 0
    for fn in TESTS:
        try:
            fn()
            print(f"PASS {fn.__name__}")
        except Exception as exc:  # report every failure, then fail
            failed += 1
            print(f"FAIL {fn.__name__}: {exc}")
    print(f"{len(TESTS) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
