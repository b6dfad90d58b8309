#!/usr/bin/env python3
"""Reads a kg export with an independent parser and prints it as canonical JSON.

usage: check_export.py FORMAT PATH   (FORMAT: graphml gexf json dot csv nt)
For csv, PATH is the directory holding nodes.csv and edges.csv.

Output: {"nodes": [...], "edges": [...]}, nodes sorted by name, edges by
(source, relation, target), with the attributes each format carries. Any
structural problem (key ids that differ from attr.name, a malformed
N-Triples line, ...) exits non-zero with a message.
"""
import csv
import json
import re
import subprocess
import sys
import urllib.parse
import xml.etree.ElementTree as ET


def fail(message):
    sys.exit("check_export: " + message)


def node(name, type_, aliases, mentions, degree):
    return {"name": name, "type": type_, "aliases": aliases, "mentions": int(mentions),
            "degree": int(degree)}


def edge(source, relation, target, weight, confidence, evidence):
    return {"source": source, "relation": relation, "target": target, "weight": int(weight),
            "confidence": float(confidence), "evidence": evidence}


def read_graphml(path):
    import networkx
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    for key in ET.parse(path).getroot().iter(ns + "key"):
        name = key.get("attr.name")
        if name is not None and name != key.get("id"):
            fail(f"key id {key.get('id')!r} differs from attr.name {name!r}")
    g = networkx.read_graphml(path, force_multigraph=True)
    names = {n: d["name"] for n, d in g.nodes(data=True)}
    for n, d in g.nodes(data=True):
        if d["label"] != d["name"]:
            fail(f"node {n}: label {d['label']!r} differs from name {d['name']!r}")
    nodes = [node(d["name"], d["type"], json.loads(d["aliases"]), d["mentions"], d["degree"])
             for _, d in g.nodes(data=True)]
    edges = []
    for s, t, d in g.edges(data=True):
        if d["interaction"] != d["relation"]:
            fail("interaction differs from relation")
        edges.append(edge(names[s], d["relation"], names[t], d["weight"], d["confidence"],
                          d.get("evidence", "")))
    return nodes, edges


def read_gexf(path):
    ns = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    root = ET.parse(path).getroot()
    if root.tag != "{http://gexf.net/1.3}gexf" or root.get("version") != "1.3":
        fail("not a GEXF 1.3 document")
    names, nodes, edges = {}, [], []
    for n in root.iterfind(".//g:nodes/g:node", ns):
        att = {a.get("for"): a.get("value") for a in n.iterfind("g:attvalues/g:attvalue", ns)}
        if n.find("viz:color", ns) is None:
            fail(f"node {n.get('id')} has no viz:color")
        names[n.get("id")] = n.get("label")
        nodes.append(node(n.get("label"), att["type"], json.loads(att["aliases"]),
                          att["mentions"], att["degree"]))
    for e in root.iterfind(".//g:edges/g:edge", ns):
        att = {a.get("for"): a.get("value") for a in e.iterfind("g:attvalues/g:attvalue", ns)}
        edges.append(edge(names[e.get("source")], att["relation"], names[e.get("target")],
                          e.get("weight"), att["confidence"], att["evidence"]))
    return nodes, edges


def read_json(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    elements = doc["elements"]
    names = {n["data"]["id"]: n["data"]["name"] for n in elements["nodes"]}
    nodes = [node(d["name"], d["type"], d["aliases"], d["mentions"], d["degree"])
             for d in (n["data"] for n in elements["nodes"])]
    edges = [edge(names[d["source"]], d["relation"], names[d["target"]], d["weight"],
                  d["confidence"], d["evidence"]) for d in (e["data"] for e in elements["edges"])]
    return nodes, edges


def dot_unescape(text):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), text)


def read_dot(path):
    # Graphviz itself parses the file; attribute strings keep DOT escapes.
    out = subprocess.run(["dot", "-Tjson0", path], capture_output=True, check=True)
    doc = json.loads(out.stdout, strict=False)  # Graphviz copies control characters raw
    by_gvid, nodes = {}, []
    for n in doc.get("objects", []):
        by_gvid[n["_gvid"]] = dot_unescape(n["label"])
        nodes.append(node(dot_unescape(n["label"]), n["type"],
                          json.loads(dot_unescape(n["aliases"])), n["mentions"], n["degree"]))
    edges = [edge(by_gvid[e["tail"]], e["relation"], by_gvid[e["head"]], e["weight"],
                  e["confidence"], dot_unescape(e["evidence"])) for e in doc.get("edges", [])]
    return nodes, edges


def read_csv(directory):
    with open(directory + "/nodes.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if rows[0] != ["id:ID", "name", ":LABEL", "aliases", "mentions:int"]:
        fail(f"nodes.csv header {rows[0]}")
    names = {r[0]: r[1] for r in rows[1:]}
    degree = {}
    with open(directory + "/edges.csv", newline="", encoding="utf-8") as f:
        edge_rows = list(csv.reader(f))
    if edge_rows[0] != [":START_ID", ":END_ID", ":TYPE", "weight:int", "confidence:float",
                        "evidence"]:
        fail(f"edges.csv header {edge_rows[0]}")
    edges = []
    for r in edge_rows[1:]:
        degree[r[0]] = degree.get(r[0], 0) + 1
        degree[r[1]] = degree.get(r[1], 0) + 1
        edges.append(edge(names[r[0]], r[2], names[r[1]], r[3], r[4], r[5]))
    nodes = [node(r[1], r[2], json.loads(r[3]), r[4], degree.get(r[0], 0)) for r in rows[1:]]
    return nodes, edges


IRI = r"<([^\x00-\x20<>\"{}|^`\\]*)>"
LITERAL = r'"((?:[^"\\\n\r]|\\[tbnrf"\'\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*)"'
TRIPLE = re.compile(rf"^{IRI} {IRI} (?:{IRI}|{LITERAL}(?:\^\^{IRI})?) \.$")


def nt_unescape(text):
    def one(m):
        s = m.group(0)
        if s[1] in "uU":
            return chr(int(s[2:], 16))
        return {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f"}.get(s[1], s[1])
    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", one, text)


def read_nt(path):
    props = {}
    links = []
    with open(path, encoding="utf-8", newline="\n") as f:
        for number, line in enumerate(f.read().split("\n")[:-1], 1):
            m = TRIPLE.match(line)
            if not m:
                fail(f"line {number} is not an N-Triples triple: {line!r}")
            s, p, o_iri, o_lit = m.group(1), m.group(2), m.group(3), m.group(4)
            if "/relation/" in p:
                links.append((s, p.rsplit("/", 1)[1], o_iri))
            else:
                value = o_iri if o_iri is not None else nt_unescape(o_lit)
                props.setdefault(s, {}).setdefault(p.rsplit("/", 1)[1].rsplit("#", 1)[-1],
                                                   []).append(value)
    nodes, names = [], {}
    for iri, p in props.items():
        name = p["label"][0]
        type_ = p["type"][0].rsplit("/", 1)[1]
        if urllib.parse.unquote(iri.rsplit("/", 1)[1]) != name:
            fail(f"IRI {iri} does not encode {name!r}")
        names[iri] = name
        nodes.append(node(name, type_, sorted(p.get("altLabel", [])), p["mentions"][0],
                          p["degree"][0]))
    edges = [{"source": names[s], "relation": r, "target": names[o]} for s, r, o in links]
    return nodes, edges


READERS = {"graphml": read_graphml, "gexf": read_gexf, "json": read_json, "dot": read_dot,
           "csv": read_csv, "nt": read_nt}

if __name__ == "__main__":
    nodes, edges = READERS[sys.argv[1]](sys.argv[2])
    nodes.sort(key=lambda n: n["name"])
    edges.sort(key=lambda e: (e["source"], e["relation"], e["target"]))
    json.dump({"nodes": nodes, "edges": edges}, sys.stdout, ensure_ascii=False, sort_keys=True)
