#!/usr/bin/env python3
"""Generates synthetic `kg extract` JSON Lines for load tests of `kg import`.

Seeded and deterministic: the same --seed and --triples give the same file.
Entities follow a skewed (power-law) degree distribution, as in news text,
where a few hubs (Google, transformer, ImageNet) appear in many articles and
most names appear once or twice. Relations respect the subject and object
types of SCHEMA.md.

    python3 bench/gen_triples.py --triples 1000000 --seed 7 > /tmp/kg-1m.jsonl
"""
import argparse
import json
import random
import sys

FIRST = ("Ada Alan Amara Andrew Anika Bao Carlos Chen Dana Dmitri Elena Emeka Fatima Felix "
         "Grace Hana Hugo Ilya Ines Jamal Jia Juntang Kai Kenji Lena Luis Maya Mei Mohammed "
         "Nadia Noah Olga Omar Priya Rafael Rina Sami Sara Tariq Tomas Uma Victor Wei Yann "
         "Yara Yuki Zara Zoe Aditi Bruno Chiara Diego Eun Farid Gita Hiro Ivan Jonas").split()
LAST = ("Okafor Zhuang Ng Sutskever LeCun Bengio Hinton Li Wang Zhang Kim Park Nguyen Garcia "
        "Martinez Rossi Müller Schmidt Dubois Silva Santos Kowalski Novak Ivanov Petrov Sato "
        "Tanaka Suzuki Khan Ahmed Singh Patel Gupta Cohen Levi Smith Jones Brown Taylor Wilson "
        "Frankle Carlini Goodfellow Karpathy Amodei Hassabis Fei Ramesh Radford Brockman "
        "Vaswani Shazeer Parmar Uszkoreit Jones Gomez Kaiser Polosukhin Devlin Chang Lee "
        "Toutanova Howard Ruder Peters Neumann Andersen Larsen Berg Lund Costa Ferreira Moreau").split()
PLACES = ("Toronto Montreal Boston Seattle London Paris Berlin Munich Zurich Beijing Shanghai "
          "Shenzhen Tokyo Kyoto Seoul Singapore Bangalore Mumbai Tel-Aviv Haifa Nairobi Lagos "
          "Cairo São-Paulo Mexico-City Sydney Melbourne Auckland Stockholm Oslo Helsinki "
          "Copenhagen Amsterdam Madrid Barcelona Lisbon Rome Milan Vienna Prague Warsaw Austin "
          "Denver Chicago Atlanta Vancouver Edinburgh Oxford Cambridge Pittsburgh").split()
WORDS = ("Deep Neural Vision Quantum Cortex Signal Pixel Vector Tensor Gradient Sparse Latent "
         "Cognitive Robotic Semantic Spectral Fusion Horizon Apex Nova Orbit Atlas Beacon Cedar "
         "Delta Ember Falcon Glacier Harbor Iris Juniper Kestrel Lumen Meridian Nimbus Onyx "
         "Prism Quill Raven Summit Tundra Umbra Vertex Willow Xenon Zephyr Aurora Boreal").split()
ORG_FORMS = ("{w} Labs", "{w} AI", "{w} Research", "University of {p}", "{p} Institute of Technology",
             "{w} Robotics", "{w}{v} Inc", "{p} {w} Lab", "{w} Systems", "{w} Foundation")
TECH_HEADS = ("Former Net GAN BERT Diffusion Flow Mixer Transformer Search Planner Coder Vision "
              "Speech Agent Policy Encoder Decoder Attention Boost Optimizer").split()
DATA_FORMS = ("{w}Bench", "{W}-{n}", "{w} Open Dataset", "{w}QA", "{W}{n}K", "{p} Street Scenes")
TYPES = ("Person", "Organization", "Technique", "Dataset", "Location")
POOL_SIZES = {"Person": 40, "Organization": 8, "Technique": 30, "Dataset": 5, "Location": 2}

RELATIONS = [  # (relation, subject types, object type, weight, template)
    ("affiliated_with", ("Person",), "Organization", 18, "{s}, a researcher at {o}, said the results were encouraging"),
    ("developed", ("Organization", "Person"), "Technique", 22, "{s} developed {o}, which the team described in a new paper"),
    ("based_on", ("Technique",), "Technique", 8, "{s} is based on {o}, adapted to handle longer inputs"),
    ("uses", ("Organization", "Technique"), "Technique", 14, "{s} uses {o} to cut the cost of training by half"),
    ("trained_on", ("Technique",), "Dataset", 9, "{s} was trained on {o} for several weeks on a cluster of accelerators"),
    ("evaluated_on", ("Technique",), "Dataset", 10, "{s} was evaluated on {o} and reached a new state of the art"),
    ("outperforms", ("Technique",), "Technique", 7, "{s} outperforms {o} on most of the benchmarks the authors tried"),
    ("located_in", ("Organization", "Person"), "Location", 7, "{s}, based in {o}, is hiring engineers for the project"),
    ("part_of", ("Organization",), "Organization", 5, "{s}, a division of {o}, announced the work on Tuesday"),
]


def normalize(name):
    return "".join(c for c in name.lower() if c.isalnum())


class Pools:
    """Distinct names per type; index 0 is the biggest hub."""

    def __init__(self, rng, scale):
        self.rng = rng
        self.seen = set()
        self.names = {t: self._make(t, max(50, int(POOL_SIZES[t] * scale))) for t in TYPES}

    def _make(self, kind, count):
        out, attempts = [], 0
        while len(out) < count and attempts < count * 50:
            attempts += 1
            name = getattr(self, "_" + kind.lower())()
            key = normalize(name)
            if key and key not in self.seen:
                self.seen.add(key)
                out.append(name)
        return out

    def _person(self):
        r = self.rng
        if r.random() < 0.5:
            return f"{r.choice(FIRST)} {r.choice(LAST)}"
        return f"{r.choice(FIRST)} {chr(65 + r.randrange(26))}. {r.choice(LAST)}"

    def _organization(self):
        r = self.rng
        return r.choice(ORG_FORMS).format(w=r.choice(WORDS), v=r.choice(WORDS).lower(),
                                          p=r.choice(PLACES).replace("-", " "))

    def _technique(self):
        r = self.rng
        form = r.randrange(3)
        if form == 0:
            return f"{r.choice(WORDS)}{r.choice(TECH_HEADS)}"
        if form == 1:
            return f"{r.choice(WORDS)}{r.choice(TECH_HEADS)}-{r.randrange(2, 200)}"
        return "".join(chr(65 + r.randrange(26)) for _ in range(r.randrange(3, 6)))

    def _dataset(self):
        r = self.rng
        w = r.choice(WORDS)
        return r.choice(DATA_FORMS).format(w=w, W=w.upper(), n=r.randrange(1, 1000),
                                           p=r.choice(PLACES).replace("-", " "))

    def _location(self):
        r = self.rng
        base = r.choice(PLACES).replace("-", " ")
        return base if r.random() < 0.3 else f"{base} {r.choice(('North', 'East', 'Heights', 'Valley', 'Park'))}{r.randrange(1, 99)}"

    def pick(self, kind):
        pool = self.names[kind]
        # u**3 puts most draws near index 0: a power-law-like degree skew.
        return pool[int(len(pool) * self.rng.random() ** 3)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1000, help="how many triple lines")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-doc", type=int, default=8, help="mean triples per document")
    parser.add_argument("--out", default="-", help="output file ('-': standard output)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pools = Pools(rng, scale=max(1.0, args.triples / 1000.0))
    weights = [r[3] for r in RELATIONS]
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    written, doc_no = 0, 0
    while written < args.triples:
        doc_no += 1
        doc = f"news-{doc_no:07d}.txt"
        date = f"{rng.randrange(2015, 2025)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        offset = 0
        for _ in range(min(args.triples - written, max(1, int(rng.expovariate(1 / args.per_doc))))):
            relation, subject_types, object_type, _, template = rng.choices(RELATIONS, weights)[0]
            s_type = rng.choice(subject_types)
            s, o = pools.pick(s_type), pools.pick(object_type)
            sentence = template.format(s=s, o=o) + "."
            s_begin = offset + byte_index(sentence, s, 0)
            o_begin = offset + byte_index(sentence, o, len(s))
            line = {
                "subject": {"name": s, "type": s_type},
                "relation": relation,
                "object": {"name": o, "type": object_type},
                "doc": doc,
                "date": date,
                "evidence": sentence,
                "sentence_span": [offset, offset + len(sentence.encode())],
                "subject_span": [s_begin, s_begin + len(s.encode())],
                "object_span": [o_begin, o_begin + len(o.encode())],
                "rule": relation + "_template",
                "confidence": round(rng.uniform(0.5, 0.95), 2),
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            offset += len(sentence.encode()) + 1
            written += 1
    if out is not sys.stdout:
        out.close()


def byte_index(text, part, start):
    """Byte offset of `part` in `text` (searching from character `start`)."""
    return len(text[:text.index(part, start)].encode())


if __name__ == "__main__":
    main()
