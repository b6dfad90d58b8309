#!/usr/bin/env python3
"""Seeded generator of AI-news articles for extraction benchmarks.

Writes articles in the style of AI newsletters: people, labs, techniques and
datasets in varied sentence forms (appositions, lists, passives, possessives,
hedges), with newsletter boilerplate around them. The same seed and size give
the same bytes.

  gen_articles.py --size-mb 20 --out corpus.jsonl            # one JSON Lines file
  gen_articles.py --size-mb 5 --format txt --out corpus_dir/  # one .txt per article
"""
import argparse
import json
import os
import random

FIRST = ["Ada", "Ravi", "Mei", "Jonas", "Amara", "Lucas", "Sofia", "Kenji", "Leila", "Omar",
         "Hannah", "Diego", "Priya", "Tomasz", "Aisha", "Felix", "Ingrid", "Kwame", "Yuki", "Elena",
         "Mateo", "Nadia", "Samuel", "Chen", "Fatima", "Arjun", "Clara", "Hugo", "Zanele", "Ivan"]
LAST = ["Okafor", "Lindqvist", "Tanaka", "Moreau", "Haddad", "Kowalski", "Nguyen", "Fischer",
        "Santos", "Ibrahim", "Petrov", "Mensah", "Larsen", "Costa", "Sato", "Brennan", "Varga",
        "Achebe", "Novak", "Rahman", "Quispe", "Dubois", "Kimura", "Osei", "Alvarez", "Weber"]
PLACES = ["Toronto", "Zurich", "Singapore", "Seoul", "Nairobi", "Montreal", "Berlin", "Austin",
          "Bangalore", "Lisbon", "Boston", "Paris", "Tel Aviv", "Shenzhen", "Edinburgh", "Oslo"]
ORG_ROOTS = ["Northfield", "Bluewater", "Cedar", "Halcyon", "Ironwood", "Lumen", "Meridian",
             "Quarry", "Redstone", "Silverline", "Tidewater", "Vantage", "Westbrook", "Zenith",
             "Aurora", "Beacon", "Corvid", "Delphi", "Ember", "Fathom"]
ORG_FORMS = ["{} University", "University of {}", "{} Labs", "{} AI", "{} Research",
             "{} Institute of Technology", "{} Robotics"]
TECH_ROOTS = ["Flux", "Vista", "Sparrow", "Granite", "Prism", "Echo", "Nimbus", "Quill", "Helix",
              "Orbit", "Tensor", "Cipher", "Atlas", "Mosaic", "Pulse", "Vector", "Lattice"]
TECH_FORMS = ["{}Net", "{}Former", "{}-{}", "{}GAN", "{}BERT", "{}-Zero", "{} {}.0"]
GENERIC_TECH = ["transformer", "reinforcement learning", "contrastive learning", "dropout",
                "batch normalization", "convolutional neural network", "diffusion model",
                "knowledge distillation", "beam search", "self-supervised learning"]
DATA_ROOTS = ["Orchard", "Harbor", "Summit", "Canopy", "Delta", "Glacier", "Meadow", "Pioneer"]
DATA_FORMS = ["{}-10K", "{}QA", "{} Images", "{}Bench", "{}-1M"]

BOILERPLATE = [
    "Subscribe to our newsletter for weekly updates.",
    "Share this story on social media.",
    "Screen Shot 2021-03-04 at 11.22.07 AM",
    "Copyright 2021 The Weekly Model. All rights reserved.",
    "Read more stories like this in our archive.",
]


class World:
    """A fixed population of entities, so facts repeat across articles."""

    def __init__(self, rng, scale):
        n = max(20, int(40 * scale))
        self.people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(n * 3)]
        self.orgs = list({rng.choice(ORG_FORMS).format(rng.choice(ORG_ROOTS) if i % 3 else
                         rng.choice(PLACES)) for i in range(n)})
        self.techs = list({self._tech(rng) for _ in range(n * 2)})
        self.data = list({rng.choice(DATA_FORMS).format(rng.choice(DATA_ROOTS)) for _ in range(n)})

    @staticmethod
    def _tech(rng):
        form = rng.choice(TECH_FORMS)
        if form == "{}-{}":
            return form.format(rng.choice(TECH_ROOTS), rng.randint(2, 900))
        if form == "{} {}.0":
            return form.format(rng.choice(TECH_ROOTS), rng.randint(2, 5))
        return form.format(rng.choice(TECH_ROOTS))

    def pick(self, rng, kind, skew=True):
        pool = getattr(self, kind)
        # A few entities appear far more often than the rest, as in real news.
        index = int(len(pool) * (rng.random() ** 2.5)) if skew else rng.randrange(len(pool))
        return pool[min(index, len(pool) - 1)]


def sentences(rng, w):
    p, p2 = w.pick(rng, "people"), w.pick(rng, "people")
    o, o2, o3 = w.pick(rng, "orgs"), w.pick(rng, "orgs"), w.pick(rng, "orgs")
    t, t2 = w.pick(rng, "techs"), w.pick(rng, "techs")
    g = rng.choice(GENERIC_TECH)
    d = w.pick(rng, "data")
    loc = rng.choice(PLACES)
    forms = [
        f"{p}, a researcher at {o}, proposed {t}, a variation on the {g}.",
        f"{p} and colleagues at {o}, {o2}, and {o3} developed {t}.",
        f"{t} was developed by researchers at {o}.",
        f"{o} unveiled {t}, which builds on {t2}.",
        f"The model was trained on {d} and evaluated on {w.pick(rng, 'data')}.",
        f"{t} outperformed {t2} on the {d} benchmark.",
        f"{o}, the {loc}-based lab, released {t} last week.",
        f"{o}'s {p} said the team plans to open-source {t}.",
        f"{p2}, CEO of {o}, reportedly may license {t} to other companies.",
        f"{t} uses {g} to reduce the cost of training.",
        f"{o2}, a division of {o}, is using {t} in its products.",
        f"Researchers at {o} trained {t} on {d}, achieving 91.3 percent accuracy.",
        f"Unlike {t2}, which requires labeled data, {t} learns from raw video.",
        f"The U.S. team led by Dr. {p} built {t} in {loc}.",
        "Why it matters: Smaller models that match larger ones could make AI cheaper to deploy.",
        "We're thinking: Benchmarks are only as good as the data behind them.",
    ]
    return forms


def article(rng, w, index):
    title = f"{w.pick(rng, 'techs')} Raises the Bar"
    paras = [f"The Weekly Model\nIssue {index}\n", title + "\n"]
    for _ in range(rng.randint(4, 9)):
        body = " ".join(rng.choice(sentences(rng, w)) for _ in range(rng.randint(2, 5)))
        paras.append(body + "\n")
        if rng.random() < 0.2:
            paras.append(rng.choice(BOILERPLATE) + "\n")
    paras.append(rng.choice(BOILERPLATE) + "\n")
    return title, "\n".join(paras)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=float, required=True, help="total article text, in MB")
    ap.add_argument("--out", required=True, help="a .jsonl file, or a directory with --format txt")
    ap.add_argument("--format", choices=["jsonl", "txt"], default="jsonl")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    world = World(rng, scale=max(1.0, a.size_mb ** 0.5))
    target = int(a.size_mb * 1_000_000)
    written, index = 0, 0
    if a.format == "txt":
        os.makedirs(a.out, exist_ok=True)
        out = None
    else:
        out = open(a.out, "w", encoding="utf-8")
    while written < target:
        index += 1
        title, text = article(rng, world, index)
        written += len(text.encode("utf-8"))
        if out is None:
            with open(os.path.join(a.out, f"article-{index:07d}.txt"), "w", encoding="utf-8") as f:
                f.write(text)
        else:
            out.write(json.dumps({"id": f"article-{index:07d}", "title": title,
                                  "date": f"2021-{1 + index % 12:02d}-{1 + index % 28:02d}",
                                  "text": text}, ensure_ascii=False) + "\n")
    if out is not None:
        out.close()
    print(f"wrote {index} articles, {written / 1e6:.1f} MB of text to {a.out}")


if __name__ == "__main__":
    main()
