#!/usr/bin/env python3
"""Kills a writing process with SIGKILL at random moments and checks that the
store holds whole documents only, then that finishing the work gives exactly
what a clean run gives. Usage: crash_test.py <crash_writer binary>"""
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

DOCS = 1500
KILLS = 20


def run(driver, *args):
    done = subprocess.run([driver, *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"FAIL: {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def timed(driver, *args):
    start = time.monotonic()
    run(driver, *args)
    return time.monotonic() - start


def kill_at_random(driver, rng, seconds, args):
    """Starts the writer, kills it after a random part of a clean run's time."""
    proc = subprocess.Popen([driver, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(rng.uniform(0.0, seconds))
    proc.kill()
    proc.wait()
    return proc.returncode


def crash_loop(driver, rng, work, name, args, clean_seconds):
    db = os.path.join(work, name)
    finished_early = 0
    for i in range(KILLS):
        code = kill_at_random(driver, rng, clean_seconds, [args[0], db, *args[1:]])
        docs = run(driver, "check", db).strip()
        if code == 0:
            finished_early += 1
        print(f"{name} kill {i + 1}: exit {code}, {docs}")
        if docs == f"documents={DOCS}":
            shutil.rmtree(db)  # start over, so that the next kill lands mid-write
    run(driver, args[0], db, *args[1:])
    return db, finished_early


def main():
    driver = sys.argv[1]
    rng = random.Random(int(os.environ.get("KG_CRASH_SEED", "20240607")))
    work = tempfile.mkdtemp(prefix="kg-crash-")
    try:
        file = os.path.join(work, "triples.jsonl")
        run(driver, "gen", file, str(DOCS))
        for name, args in (("ingest", ["ingest", str(DOCS)]), ("import", ["import", file])):
            clean = os.path.join(work, "clean-" + name)
            seconds = timed(driver, args[0], clean, *args[1:])
            expected = run(driver, "dump", clean)
            db, early = crash_loop(driver, rng, work, name, args, seconds)
            if run(driver, "check", db).strip() != f"documents={DOCS}":
                sys.exit(f"FAIL: {name}: the finished store does not hold all {DOCS} documents")
            if run(driver, "dump", db) != expected:
                sys.exit(f"FAIL: {name}: after {KILLS} kills the store differs from a clean run")
            print(f"{name}: {KILLS} kills ({early} after the writer had finished), "
                  f"final store equals the clean run ({seconds:.2f} s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("PASS")


if __name__ == "__main__":
    main()
