#!/usr/bin/env python3
"""Seeded generator of AI-news articles for extraction benchmarks.

Writes newsletter issues in the style of AI newsletters: a masthead, sometimes
a letter to readers, two to four news items (model launches, lab
announcements, funding, benchmark results, research papers, policy) with
labelled sections ("What's new:", "How it works:", "Results:", ...), bullet
lists, image captions ("Screen Shot 2021-03-04 at 11.22.07 AM") and
subscribe and copyright footers.

Entities come in five types (people "Ada Okafor", organizations "Northfield
University" / "Lumen Labs" / "Cedarbrook AI", models and techniques "FluxNet",
"Helix-42" or gazetteer terms such as "contrastive learning", datasets
"HarborQA", places "Toronto"), drawn with a skewed frequency (a few are very
common) from pools that grow with the corpus: thousands of names at 20 MB.
Facts are written in the forms English uses (appositions, lists, passives,
possessives, relative clauses, hedges such as "reportedly" or "plans to",
acronym definitions such as "Sparse Routing Transformer (SRT)"), and about
half the sentences name fewer than two entities (context, opinion, numbers,
quotes). Sentences are assembled from word lists, optional fronted phrases,
trailing clauses, numbers and dates, so almost none repeats once the names in
it are masked, as in real prose; repetitive text would flatter the
extractor's cached regex automata.

The same seed and size give the same bytes (only random.Random(seed) decides
anything; no set or hash order is used).

  gen_articles.py --size-mb 20 --out corpus.jsonl            # one JSON Lines file
  gen_articles.py --size-mb 5 --format txt --out corpus_dir/  # one .txt per article
"""
import argparse
import json
import os
import random

# ---------------------------------------------------------------------------
# Entity name parts
# ---------------------------------------------------------------------------

FIRST = """Ada Ravi Mei Jonas Amara Lucas Sofia Kenji Leila Omar Hannah Diego Priya Tomasz Aisha
Felix Ingrid Kwame Yuki Elena Mateo Nadia Samuel Chen Fatima Arjun Clara Hugo Zanele Ivan Alice
Andrew Anna Benjamin Camila Carlos Daniel David Emily Emma Eric Ethan Fernando Gabriel Grace
Hassan Helen Hiroshi Ian Igor Irina Isabel Jack James Julia Karen Laura Linda Lucia Maria Mark
Martin Michael Nina Noah Olivia Pablo Paul Peter Rachel Rahul Rosa Sarah Sergey Simon Sophie
Thomas Victor Wei Xin Zoe Aditya Ananya Deepak Sanjay Neha Kavya Tariq Layla Youssef Mariam
Chidi Ngozi Tunde Abena Kofi Wanjiru Thabo Lerato Haruto Sakura Aiko Takeshi Lars Freya Sven
Astrid Mikko Pierre Camille Margot Luca Giulia Matteo Chiara Beatriz Ines Tiago Javier Carmen
Oscar Ruth Dana Tom Lena Marco Yara Kai Amir Sara Leo Vera Nikolai Alan Erik Hana Joon
Ming Rohan Meera Anil Vikram Esther Miriam Adrian Bianca Cyrus Dmitri Elif Farah Gustavo Helga
Imani Jamal Keiko Luis Malik Nora Otto Quentin Rania Soren Talia Uma
Valentina Wendy Yasmin""".split()

LAST = """Okafor Lindqvist Tanaka Moreau Haddad Kowalski Nguyen Fischer Santos Ibrahim Petrov
Mensah Larsen Costa Sato Brennan Varga Achebe Novak Rahman Quispe Dubois Kimura Osei Alvarez Weber
Adeyemi Agarwal Bianchi Becker Chen Choi Cohen Das Diaz Eriksson Ferreira Garcia Gupta Hoffmann
Huang Ito Iyer Jensen Kapoor Kim Kumar Lee Liu Lopez Meyer Mohammed Nakamura Nair Park Patel
Reyes Romano Rossi Schmidt Shah Singh Smith Suzuki Torres Wang Watanabe Wu Yamamoto Yang Zhang
Zhou Ortiz Okonkwo Mwangi Otieno Boateng Asante Banda Dlamini Nkosi Kariuki Haile Tesfaye Farouk
Mansour Khalil Aziz Karimi Yilmaz Demir Kaya Popescu Horvath Nowak Wojcik Svoboda Virtanen
Korhonen Hansen Nielsen Berg Dahl Olsen Janssen Peeters Marchetti Ricci Moretti Vasquez Mendoza
Herrera Castro Rojas Silva Pereira Oliveira Sousa Murphy Walsh Gallagher Campbell Fraser Hughes
Price Foster Palmer Reed Hayes Bishop Chandra Menon Reddy Bhatt Joshi Mehta Sethi Zhao Xu Sun Gao
Lin Tan Lim Ong Goh Pham Tran Hoang Yoon Jung Kang Cho Hashimoto Ogawa Fujita Mori""".split()

ORG_PREFIX = """North South East West Blue Cedar Iron Silver Red Stone Bright Clear Deep Far Gold
Green High Long Oak Pine River Sea Star Storm Sun White Wild Wind Winter Summer Fair Glen Crown
Lake Moon Rock Sky Ash Elm Maple Copper Amber Birch Hazel Raven Fox Wolf Bear""".split()
ORG_SUFFIX = """field water brook wood line stone gate bridge haven point ridge view light crest
hill ford vale mark well port dale mont fall reach cliff""".split()
ORG_WORDS = """Halcyon Lumen Meridian Quarry Tidewater Vantage Zenith Aurora Beacon Corvid Delphi
Ember Fathom Solstice Parallax Cadence Keystone Lodestar Monarch Obsidian Paragon Sextant
Threshold Vertex Wayfarer Alcove Bastion Citadel Equinox Foundry Hearth Kindred Mariner
Pinnacle Sundial Tessera Umber Verity""".split()
ORG_FORMS = ["{} University", "University of {}", "{} Labs", "{} AI", "{} Research",
             "{} Institute of Technology", "{} Robotics", "{} Analytics", "{} Computing",
             "{} Dynamics", "{} Technologies", "{} Intelligence", "{} Health", "{} Institute",
             "{} Foundation", "{} College", "{} AI", "{} Labs"]
PLACE_ORG_FORMS = ["University of {}", "{} Institute of Technology", "{} AI", "{} Robotics"]

TECH_ROOTS = """Flux Vista Sparrow Granite Prism Echo Nimbus Quill Helix Orbit Tensor Cipher Atlas
Mosaic Pulse Vector Lattice Heron Kestrel Osprey Cobalt Quartz Onyx Basalt Cinder Comet Nova
Zephyr Aether Beryl Cairn Dynamo Fable Glint Halo Iris Jade Magpie Nebula Opal Pixel Quasar Sable
Talon Umbra Vortex Wren Xenon Zircon Bolt Cortex Drift Ferro Gale Hydra Ion Kite Loom Mantis Nexus
Photon Quanta Rune Spark Torque Unison Vireo Warp Axon Blaze Chroma Ether Glyph Hawk Inkwell Juno
Lynx Mirage Nomad Omni Pico Radiant Sonar Tempo Velvet Zenon Aria Canvas Cosmo Dart Forge Kinetic
Nano Pilot Relay Scribe Sentinel Tapestry Verse Weaver Marlin Puffin
Condor Ibis Lark Finch""".split()
TECH_FORMS = ["{}Net", "{}Former", "{}-{n}", "{}GAN", "{}BERT", "{}-Zero", "{} {v}.0", "{}LM",
              "{}-{b}B", "{}Diffusion", "{}Vision", "{}Coder", "{}Chat", "{}-XL", "{}Seg",
              "{}Voice", "{}Net", "{}-{n}", "{}"]

DATA_ROOTS = """Orchard Harbor Summit Canopy Glacier Meadow Pioneer Lantern Compass Anchor Bramble
Cascade Dune Estuary Grove Heath Juniper Kelp Lagoon Marsh Nectar Oasis Prairie Reef Sierra Tundra
Willow Acorn Basin Coral Crater Fern Flint Garnet Hollow Inlet Ivy Jasper Kiln Ledger Lichen Mesa
Moss Olive Pebble Saffron Shoal Thicket Timber Tulip Upland Walnut Yucca Almanac Beehive Cellar
Chronicle Dossier Folio Gazette Lexicon Primer Scroll Tome Thistle Clover""".split()
DATA_FORMS = ["{}-10K", "{}QA", "{} Images", "{}Bench", "{}-1M", "{} Corpus", "{}Eval", "{}-{k}K",
              "{} Benchmark", "{}Math", "{}Code", "{} Dataset", "{}Speech", "{}Instruct", "{}VQA",
              "{}QA", "{}Bench"]

ACRO_ADJ = """Sparse Hierarchical Contrastive Adaptive Recurrent Latent Masked Gated Multimodal
Retrieval-Augmented Self-Supervised Graph Causal Conditional Probabilistic Differentiable
Federated Quantized Residual Modular Dynamic Robust Scalable Efficient""".split()
ACRO_MID = """Language-Image Mixture Memory Policy Reward Token Feature Vision-Language Speech
Program Planning Routing Value Patch Prompt Sequence Motion Scene Query Cross-Modal""".split()
ACRO_HEAD = """Pretraining Network Transformer Learning Model Optimization Distillation Decoding
Search Encoder Alignment Tuning""".split()

PLACES = """Toronto Zurich Singapore Seoul Nairobi Montreal Berlin Austin Bangalore Lisbon Boston
Paris Shenzhen Edinburgh Oslo London Cambridge Oxford Munich Amsterdam Stockholm Helsinki
Copenhagen Vienna Prague Warsaw Madrid Barcelona Milan Tokyo Osaka Beijing Shanghai Hangzhou
Taipei Bangkok Jakarta Mumbai Hyderabad Dubai Lagos Accra Kigali Cairo Seattle Pittsburgh Chicago
Atlanta Denver Vancouver Waterloo Sydney Melbourne Auckland Dublin Geneva Lausanne Tallinn
Kenya Nigeria Japan India Brazil Canada France Germany Israel Sweden Finland Norway
Switzerland Spain Italy Vietnam Indonesia Mexico Chile Australia Ghana Rwanda Estonia
Ireland""".split() + ["Tel Aviv", "San Francisco", "New York", "Palo Alto", "Mountain View",
                      "Mexico City", "Cape Town", "South Korea", "Ann Arbor",
                      "Salt Lake City", "Abu Dhabi", "Kuala Lumpur", "Buenos Aires", "São Paulo"]

# Lowercase techniques that the extractor's gazetteer knows: architectures
# (count nouns, "the transformer") and methods (mass nouns, "dropout").
ARCHITECTURES = [
    "transformer", "diffusion model", "convolutional neural network", "recurrent neural network",
    "graph neural network", "state space model", "autoencoder", "multilayer perceptron",
    "neural radiance field", "diffusion transformer", "evolutionary algorithm",
    "capsule network", "normalizing flow", "spiking neural network", "variational autoencoder",
]
METHODS = [
    "reinforcement learning", "contrastive learning", "self-supervised learning",
    "knowledge distillation", "batch normalization", "dropout", "beam search",
    "retrieval-augmented generation", "chain-of-thought prompting", "in-context learning",
    "federated learning", "transfer learning", "few-shot learning", "data augmentation",
    "imitation learning", "reinforcement learning from human feedback",
    "direct preference optimization", "speculative decoding", "instruction tuning",
    "latent diffusion", "grouped-query attention", "meta-learning", "active learning",
    "differential privacy", "self-attention", "flow matching", "gradient boosting",
    "proximal policy optimization", "layer normalization", "sparse attention",
    "continual learning", "curriculum learning", "mixture of experts", "policy gradient",
]
GENERIC_TECH = ARCHITECTURES + METHODS

# ---------------------------------------------------------------------------
# General English words and phrase parts
# ---------------------------------------------------------------------------

# (base, third person, gerund, objects)
TASKS = [
    ("summarize", "summarizes", "summarizing",
     ["legal contracts", "earnings calls", "medical records", "scientific papers",
      "customer reviews", "meeting transcripts", "news articles", "patent filings",
      "court rulings", "insurance claims"]),
    ("translate", "translates", "translating",
     ["low-resource languages", "technical manuals", "film subtitles", "spoken Swahili",
      "regional dialects", "recipes", "product listings", "government forms"]),
    ("detect", "detects", "detecting",
     ["tumors in CT scans", "defects on assembly lines", "wildfires in satellite images",
      "fraudulent transactions", "crop diseases", "gas leaks", "cracks in bridges",
      "counterfeit goods", "early signs of sepsis", "illegal fishing boats"]),
    ("generate", "generates", "generating",
     ["images from text prompts", "short videos", "3D scenes", "protein sequences",
      "background music", "synthetic voices", "SQL queries", "unit tests", "floor plans",
      "marketing slogans", "molecules with desired properties"]),
    ("predict", "predicts", "predicting",
     ["protein structures", "the weather a week ahead", "equipment failures", "traffic jams",
      "molecular properties", "customer churn", "hospital readmissions", "earthquake aftershocks",
      "crop yields", "electricity demand", "battery lifetimes"]),
    ("answer", "answers", "answering",
     ["questions about images", "customer emails", "questions about spreadsheets", "tax questions",
      "trivia questions", "questions about long videos", "patients' questions"]),
    ("write", "writes", "writing",
     ["code", "marketing copy", "product descriptions", "Python functions", "lesson plans",
      "news summaries", "grant proposals", "poems", "bug reports"]),
    ("control", "controls", "controlling",
     ["robot arms", "warehouse robots", "drones", "humanoid robots", "data center cooling",
      "traffic lights", "industrial furnaces", "prosthetic hands"]),
    ("recognize", "recognizes", "recognizing",
     ["speech in noisy rooms", "handwriting", "bird calls", "sign language", "hand gestures",
      "plant species", "emotions in voices", "spoken commands"]),
    ("plan", "plans", "planning",
     ["delivery routes", "multistep tasks", "chemical syntheses", "surgical procedures",
      "flight paths", "factory schedules"]),
    ("classify", "classifies", "classifying",
     ["galaxies", "insect species", "skin lesions", "support tickets", "legal documents",
      "bird songs", "satellite photos", "X-ray images"]),
    ("transcribe", "transcribes", "transcribing",
     ["doctors' notes", "podcasts", "court hearings", "lectures", "radio broadcasts",
      "interviews"]),
    ("find", "finds", "finding",
     ["bugs in source code", "new antibiotics", "errors in spreadsheets", "security flaws",
      "relevant case law", "new battery materials", "duplicate records"]),
    ("edit", "edits", "editing",
     ["photos", "video clips", "audio recordings", "slide decks", "3D models"]),
]

KINDS = ["model", "language model", "system", "chatbot", "assistant", "agent", "classifier",
         "image generator", "speech model", "architecture", "framework", "library", "optimizer",
         "method", "algorithm", "pipeline", "tool", "vision model", "video generator",
         "coding assistant", "foundation model", "robot controller", "search tool",
         "reasoning model"]
KIND_ADJ = ["small", "compact", "open-source", "multilingual", "multimodal", "lightweight",
            "general-purpose", "specialized", "distilled", "sparse", "efficient", "experimental",
            "proprietary", "instruction-tuned", "decoder-only", "on-device", "medical", "legal",
            "open", "fast", "low-cost", "large", "modular", "energy-efficient", "updated",
            "high-resolution", "real-time", "privacy-preserving"]
DOMAINS = ["health care", "finance", "agriculture", "education", "logistics", "manufacturing",
           "retail", "law", "insurance", "energy", "climate science", "drug discovery",
           "customer service", "cybersecurity", "journalism", "gaming", "transportation",
           "materials science", "weather forecasting", "mining", "shipping", "banking",
           "public health", "construction", "fashion", "music"]
GROUPS = ["radiologists", "farmers", "teachers", "software developers", "lawyers",
          "call-center workers", "researchers", "regulators", "investors", "startups", "hospitals",
          "banks", "students", "artists", "musicians", "translators", "warehouse operators",
          "insurers", "journalists", "game developers", "drug makers", "city planners",
          "small businesses", "open-source developers", "hobbyists", "data scientists",
          "policymakers", "voters", "parents", "clinicians", "librarians", "accountants",
          "retailers", "nurses", "engineers", "designers", "writers", "scientists",
          "recruiters", "pharmacists", "airlines", "utilities", "publishers", "factories"]
SKILLS = ["multistep arithmetic", "spatial reasoning", "long documents", "rare words",
          "handwritten notes", "sarcasm", "low-light images", "accented speech",
          "counting objects", "complex instructions", "planning ahead", "citing sources",
          "reading charts", "unfamiliar programming languages", "questions that need common sense",
          "physical reasoning", "ambiguous requests", "negation", "tables of numbers",
          "long conversations", "mathematical proofs", "jokes", "unusual camera angles"]
CLAIM_SUBJECTS = ["smaller models", "open models", "most benchmarks", "synthetic data",
                  "cheaper chips", "better evaluation tools", "models trained on curated data",
                  "AI assistants", "automated systems", "current safety tests", "many startups",
                  "large companies", "researchers in academia", "most users", "the best systems",
                  "today's chatbots", "robots in warehouses", "open-source projects",
                  "labs with fewer resources", "specialized models", "human reviewers",
                  "public datasets", "new regulations", "cloud providers", "leaderboards",
                  "engineers who build these systems", "companies that deploy AI"]
CLAIM_PREDICATES = [
    "match larger ones on narrow tasks", "lag behind human experts on {skill}",
    "cut the cost of {task_ing}", "make it easier to {task}", "change how {groups} work",
    "overstate real-world performance", "need far less data than expected",
    "struggle with {skill}", "move faster than the rules meant to govern them",
    "help {groups} {task}", "save {groups} hours each week",
    "fail in ways that are hard to predict",
    "benefit from more diverse training data", "depend on a handful of chip suppliers",
    "deserve more scrutiny than they get", "reward memorization more than understanding",
    "open new markets for {groups}", "require careful human oversight",
    "improve quickly once they reach users", "be cheaper to run than most people assume",
    "handle {skill} better than last year's systems", "shift work from {groups} to machines",
]
MODALS = ["can", "could", "will", "may", "should", "often", "still", "rarely", "already",
          "tend to", "are likely to", "seem to", "might"]
OPINION_LEADS = ["I believe", "We think", "In my experience,", "It's worth remembering that",
                 "The lesson is that", "My takeaway:", "Frankly,", "I'm optimistic that",
                 "I worry that", "Some critics argue that", "There's growing evidence that",
                 "It seems likely that", "Many engineers suspect that", "History suggests that",
                 "It's easy to forget that", "I suspect that", "The evidence so far suggests that",
                 "We should keep in mind that", "Skeptics point out that", "I'm convinced that"]
CONTEXT_TAILS = ["a task that once took {duration}", "but few have measured the results",
                 "though the savings vary widely", "and the trend shows no sign of slowing",
                 "according to a survey of {count} {groups2}", "yet many remain cautious",
                 "a shift that few predicted {ago}", "though regulators are watching closely",
                 "and the costs keep falling", "but the results are mixed",
                 "which raises questions about reliability", "often with little training"]
ADVERBS = ["increasingly", "now routinely", "still rarely", "already", "often", "sometimes",
           "quietly", "openly", "cautiously", "eagerly", "regularly", "reluctantly"]
USE_VERBS = ["rely on", "turn to", "experiment with", "pay for", "build on", "test",
             "adopt", "depend on", "tinker with", "invest in"]
STEPS = [
    "splits each image into patches", "encodes each patch as a vector",
    "ranks candidate answers by likelihood", "compares its output with a reference",
    "retrieves relevant passages from a database", "filters out low-quality examples",
    "predicts the next token", "adds noise to an image and learns to remove it",
    "assigns a score to each response", "feeds the results back into the model",
    "breaks each document into chunks", "writes a draft and then revises it",
    "estimates how confident it is", "samples several answers and keeps the most common one",
    "translates each request into a sequence of actions", "stores past observations in memory",
    "checks each step against a set of rules", "generates a plan before acting",
    "compresses long inputs into a short summary", "routes each token to a few specialist layers",
    "learns to reconstruct masked portions of the input", "labels unlabeled examples automatically",
    "penalizes answers that contradict the source", "searches for the shortest working program",
    "removes duplicate examples from the training set", "maps audio to text in a single pass",
]
ANALOGIES = ["a librarian who knows where every book is shelved",
             "a student who studies old exams rather than the textbook",
             "an autocomplete that has read most of the web", "a chef who tastes while cooking",
             "a translator who checks every sentence twice",
             "a map that redraws itself as you walk",
             "an intern who needs clear instructions", "a spell checker for molecules",
             "a flight simulator for robots", "a search engine that writes its own answers"]
ROLES = ["researcher", "research scientist", "engineer", "professor", "associate professor",
         "PhD student", "postdoc", "founder", "co-founder", "CEO", "CTO", "chief scientist",
         "director", "analyst", "spokesperson", "data scientist", "vice president",
         "assistant professor", "graduate student", "chief executive"]
ROLE_ADJ = ["", "", "", "senior ", "principal ", "former ", "lead ", "veteran ", "longtime "]
SAID = ["said", "told reporters", "wrote in a blog post", "said in an interview",
        "told The Weekly Model", "said during a livestream", "wrote on social media",
        "said at a press briefing", "explained", "argued", "noted", "cautioned"]
FRONTED = ["On {weekday}, ", "In a blog post, ", "After {few} years of work, ", "Last week, ",
           "Earlier this month, ", "In a paper published on arXiv, ",
           "At its annual developer conference, ",
           "In {month}, ", "This week, ", "In a preprint, ", "During a livestream, ",
           "In an interview, ", "Late last year, ", "In {year}, ", "Two weeks ago, ",
           "After months of speculation, ", "In a surprise move, ", "Earlier this year, ",
           "In a technical report, ", "At a press event in {city}, ",
           "Following a {few}-month beta, ", "Yesterday, ", "In a statement, "]
TRAILS = [", according to the paper", ", which cut inference costs by {pct}",
          ", an improvement of {pct} over its predecessor",
          ", roughly {multiple} the previous record",
          ", though the team did not release {artifact}", ", the company said in a statement",
          ", compared with {pct} a year earlier", ", a result the authors attribute to {cause}",
          ", people familiar with the matter said", " in under {few} {time_unit}",
          ", according to a company blog post", ", the authors wrote",
          ", with {pct} fewer parameters", " at a fraction of the usual cost",
          ", a first for a model of its size", ", the researchers reported",
          " while using {pct} less energy", ", according to internal documents",
          ", the team said", " on a single consumer GPU"]
ELABORATIONS = [
    ", according to {source_doc}", ", which surprised many {groups}",
    ", although the details remain unclear", ", which could matter for {groups} who {task}",
    " as part of a broader push into {domain}", ", {few} months after {event}",
    ", a claim that independent researchers have yet to verify",
    " despite concerns about {concern}", ", and more details are expected {when}",
    ", a sign that {claim}", ", even though {claim}", ", in part because {claim}",
    " at a time when {claim}", ", a milestone for {groups} working on {task_ing}",
    ", which is roughly what {groups} had expected", ", while {claim}",
    ", at least according to {source_doc}", " for the first time since {year}",
]
SOURCE_DOCS = ["the paper", "a company blog post", "the authors", "a preprint posted on arXiv",
               "a regulatory filing", "an internal memo", "the project's website",
               "a person familiar with the work", "the technical report", "a press release"]
EVENTS = ["the company's previous release", "a rival's launch", "a round of layoffs",
          "a public beta", "the team's first paper on the topic", "a similar effort stalled",
          "regulators opened an inquiry", "the founders left their previous jobs"]
CONCERNS = ["cost", "privacy", "energy use", "bias", "copyright", "job losses", "security",
            "misinformation", "reliability", "water use in data centers"]
CAUSES = ["cleaner training data", "a longer context window", "better tokenization",
          "a larger batch size", "careful data filtering", "more human feedback",
          "a new learning-rate schedule", "synthetic examples", "longer training",
          "a smarter sampling strategy"]
ARTIFACTS = ["the weights", "the code", "the training data", "its evaluation harness",
             "details of the architecture", "the full model"]
MULTIPLES = ["double", "triple", "half", "four times", "a third of", "ten times"]
DURATIONS = ["hours each shift", "a week", "days", "a team of analysts", "months of manual work",
             "an afternoon", "several specialists"]
AGOS = ["a decade ago", "five years ago", "in 2015", "before the pandemic", "not long ago"]
FUNDING_STAGES = ["seed", "Series A", "Series B", "Series C", "Series D", "pre-seed"]
INVESTORS = ["venture firms", "a group of angel investors", "several sovereign wealth funds",
             "a consortium of chipmakers", "existing backers", "a pension fund",
             "two large cloud providers"]
METRICS = ["accuracy", "F1 score", "top-1 accuracy", "exact-match score", "pass rate",
           "BLEU score", "win rate", "mean average precision", "success rate"]
STAT_LEADS = ["In a recent survey,", "According to one estimate,",
              "In a poll of {count} {groups2},",
              "By one count,", "Industry figures suggest that", "A recent study found that",
              "Last year,", "In the first quarter,"]
STAT_PREDICATES = ["said they {use_verb} {tools} at least once a week",
                   "reported that AI tools saved them time", "plan to {use_verb} {tools} next year",
                   "said they did not trust {tools} to {task}", "had banned {tools} at work",
                   "were paying for at least one AI service", "said they had never tried {tools}"]
COST_SUBJECTS = ["Training the largest version", "Building the dataset", "Running the experiments",
                 "Fine-tuning the model", "Labeling the examples", "Serving the model to users"]
DATA_CONTENT = ["images", "hours of speech", "web pages", "math problems", "lines of code",
                "medical images", "question-answer pairs", "video clips", "product reviews",
                "chess games", "satellite photos", "scanned documents", "conversations",
                "molecule descriptions", "driving scenes", "spreadsheets"]
DATA_SOURCES = ["collected from public websites", "written by paid annotators",
                "drawn from textbooks", "scraped from online forums", "donated by hospitals",
                "recorded in {count} countries", "generated by another model",
                "gathered by volunteers", "licensed from publishers"]
DIFFERENCES = ["it uses {few} times fewer parameters", "the team replaced the decoder",
               "it processes inputs in {few} languages", "it reads much longer inputs",
               "it was trained for {few} times as long", "it runs on phones",
               "it adds a memory of past conversations", "it can call external tools"]
BENEFITS = ["speeds up training", "reduces memory use", "makes the outputs easier to audit",
            "helps it generalize to new domains", "keeps latency low",
            "lets it learn from fewer examples", "cuts hallucinations", "stabilizes training"]
FEATURES = ["a memory of past conversations", "a module that checks its own answers",
            "support for {count} languages", "a longer context window", "tool use",
            "an image encoder", "a planning step", "a cheaper attention mechanism"]
FINDINGS = ["finding that it made fewer factual errors",
            "finding that performance dropped on {skill}",
            "finding that it rivaled models {few} times its size",
            "although gains were smaller on {skill}", "with mixed results",
            "finding that it held up well on {skill}"]
POLICY_ACTIONS = ["require companies to disclose when customers are talking to a chatbot",
                  "ban the use of face recognition by police", "limit exports of advanced chips",
                  "require audits of hiring algorithms", "make AI developers liable for harms",
                  "create a registry of large models", "protect artists from unlicensed training",
                  "fund public computing infrastructure", "label AI-generated images",
                  "restrict the collection of biometric data"]
LAWMAKERS = ["Lawmakers", "Regulators", "Officials", "Legislators", "Government ministers",
             "Consumer advocates", "Trade groups", "Labor unions"]
NEWSLETTERS = ["The Weekly Model", "Gradient Notes", "The Token Times", "Model Mail",
               "The Inference", "Loss Curve Weekly"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
STREETS = ["Harbor", "Market", "Mission", "Elm", "Oak", "Main", "Cedar", "Pine", "River", "Lake"]
LOWER_WORDS = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "with", "at", "by",
               "from", "that", "as", "or"}


# Slots filled by a random choice from a list; a choice may contain slots itself.
PHRASES = {
    "kind": KINDS, "domain": DOMAINS, "groups": GROUPS, "skill": SKILLS,
    "said": SAID, "city": PLACES, "metric": METRICS, "multiple": MULTIPLES,
    "artifact": ARTIFACTS, "cause": CAUSES, "duration": DURATIONS, "ago": AGOS,
    "use_verb": USE_VERBS, "opinion_lead": OPINION_LEADS, "context_tail": CONTEXT_TAILS,
    "adverb": ADVERBS, "step": STEPS, "analogy": ANALOGIES, "content": DATA_CONTENT,
    "source": DATA_SOURCES, "difference": DIFFERENCES, "benefit": BENEFITS,
    "feature": FEATURES, "finding": FINDINGS, "stage": FUNDING_STAGES, "investors": INVESTORS,
    "stat_lead": STAT_LEADS, "stat_predicate": STAT_PREDICATES, "cost_subject": COST_SUBJECTS,
    "policy": POLICY_ACTIONS, "lawmakers": LAWMAKERS, "weekday": WEEKDAYS, "month": MONTHS,
    "elaboration": ELABORATIONS, "source_doc": SOURCE_DOCS, "event": EVENTS,
    "concern": CONCERNS,
    "cost_comment": ["far less than a frontier model", "a bargain by industry standards",
                     "about what a small startup spends in a year",
                     "more than most labs can afford",
                     "according to estimates by outside analysts"],
    "time_unit": ["seconds", "minutes", "hours"], "role": ROLES,
    "future": ["later this year", "next month", "in {month}", "by the end of the year",
               "next year", "within weeks", "in the coming months"],
    "when": ["last week", "on {weekday}", "earlier this month", "in {month}", "in {year}",
             "this year", "last month", "two years ago"],
    "front_now": ["", "", "", "Increasingly, ", "These days, ", "In many countries, ",
                  "Across {domain}, ", "Outside big tech, ", "In practice, ", "Even now, "],
    "researchers": ["researchers at", "a team at", "engineers at", "scientists at", "a group at"],
    "hedge": ["plans to", "may", "is expected to", "is said to", "could soon", "aims to",
              "intends to", "reportedly plans to", "is considering whether to"],
    "dev_base": ["release", "launch", "open-source", "unveil", "introduce", "build", "ship",
                 "license"],
    "speed_clause": ["on a single GPU", "faster than its predecessor", "in real time",
                     "with little human supervision", "in {few} languages", "on a laptop",
                     "at a fraction of the usual cost", "on commodity hardware",
                     "with {pct} fewer errors", "in under {few} seconds"],
    "data_note": ["a corpus of {big} {content}", "which the team cleaned by hand",
                  "according to the technical report", "a dataset {source}"],
    "difference_3s": ["runs on phones", "reads much longer inputs",
                      "uses {few} times fewer parameters", "can call external tools",
                      "handles {few} languages", "needs no labeled data"],
    "claim_tail": ["dominate leaderboards for {task_ing}", "have become the default way to {task}",
                   "still struggle with {skill}", "are popular among {groups}"],
    "claim_clause": ["the company said", "pending approval from regulators",
                     "a move that may ease concerns about data privacy", "starting {future}"],
    "funding": ["raised {money} in a {stage} round", "raised {money} from {investors}",
                "hired {count} engineers {when}", "employs {count} researchers",
                "announced {money} in new funding", "is valued at {money}",
                "laid off {pct} of its staff {when}",
                "signed a deal to supply {groups} with tools that {task}"],
    "undisclosed": ["the price", "how much data it used", "the size of the model",
                    "which customers are testing it", "the terms of the deal",
                    "how many people worked on the project", "when the model would reach {groups}"],
    "availability": ["under an open license", "through a paid API", "as a free download",
                     "to {groups} in a limited preview", "in {count} countries",
                     "only to enterprise customers", "via a waitlist starting {future}"],
    "quote": ["We wanted {a_kind} that {groups} could actually use",
              "This is the first step, not the last",
              "The hard part was never the model, it was the data",
              "Nobody expected it to {task} this well", "I think {claim}",
              "Our goal is to help {groups} {task}", "We still don't fully understand why it works",
              "People underestimate how much {groups} will benefit",
              "It's not magic, it's {few} years of engineering"],
    "policy_news": ["proposed rules that would {policy}", "said it would {policy} by {year}",
                    "opened a consultation on plans to {policy}",
                    "announced {money} to help {groups} adopt {tools}"],
}


def unique(names):
    """Drops repeats, keeping first-seen order (independent of PYTHONHASHSEED)."""
    return list(dict.fromkeys(names))


def possessive(name):
    return name + ("'" if name.endswith("s") else "'s")


def with_article(phrase):
    return ("an " if phrase[0] in "aeiouAEIO" else "a ") + phrase


def plural(noun):
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")


def capitalize(text):
    return text[0].upper() + text[1:]


def title_case(text):
    words = text.split()
    return " ".join(w if (i and w in LOWER_WORDS) or not w[0].islower() else capitalize(w)
                    for i, w in enumerate(words))


class World:
    """Pools of entity names that grow with the corpus; a few names are very common."""

    def __init__(self, rng, size_mb):
        n = int(120 * max(1.0, size_mb) ** 0.6)
        self.people = self._distinct(rng, self._person, 3 * n)
        self.orgs = self._distinct(rng, self._org, 2 * n)
        self.techs = self._distinct(rng, self._tech, 3 * n)
        self.data = self._distinct(rng, self._dataset, n)
        self.acronyms = self._acronyms(rng, max(20, n // 4))

    @staticmethod
    def _distinct(rng, make, count):
        return unique(make(rng) for _ in range(count * 2))[:count]

    @staticmethod
    def _person(rng):
        return f"{rng.choice(FIRST)} {rng.choice(LAST)}"

    @staticmethod
    def _org(rng):
        if rng.random() < 0.1:
            return rng.choice(PLACE_ORG_FORMS).format(rng.choice(PLACES))
        root = (rng.choice(ORG_WORDS) if rng.random() < 0.25
                else rng.choice(ORG_PREFIX) + rng.choice(ORG_SUFFIX))
        return rng.choice(ORG_FORMS).format(root)

    @staticmethod
    def _tech(rng):
        return rng.choice(TECH_FORMS).format(
            rng.choice(TECH_ROOTS), n=rng.randint(2, 900), v=rng.randint(2, 5),
            b=rng.choice([1, 3, 7, 13, 34, 70]))

    @staticmethod
    def _dataset(rng):
        return rng.choice(DATA_FORMS).format(rng.choice(DATA_ROOTS), k=rng.choice([5, 20, 50, 100]))

    @staticmethod
    def _acronyms(rng, count):
        """(long form, acronym) pairs such as ("Sparse Routing Transformer", "SRT")."""
        by_acronym = {}
        for _ in range(count * 3):
            words = [rng.choice(ACRO_ADJ), rng.choice(ACRO_MID), rng.choice(ACRO_HEAD)]
            acronym = "".join(part[0] for word in words for part in word.split("-"))
            by_acronym.setdefault(acronym, " ".join(words))
        return [(long_form, acronym) for acronym, long_form in by_acronym.items()][:count]

    def pick(self, rng, kind):
        pool = getattr(self, kind)
        return pool[min(int(len(pool) * rng.random() ** 2.5), len(pool) - 1)]

    def dump(self, path):
        """Writes every name the generator can insert, as name<TAB>type lines."""
        rows = [(p, "Person") for p in self.people] + [(o, "Organization") for o in self.orgs]
        rows += [(t, "Technique") for t in self.techs + GENERIC_TECH]
        rows += [(d, "Dataset") for d in self.data] + [(p, "Location") for p in PLACES]
        for long_form, acronym in self.acronyms:
            rows += [(f"{long_form} ({acronym})", "Technique"), (acronym, "Technique")]
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(f"{name}\t{kind}\n" for name, kind in rows)


class Slots(dict):
    """Fills one sentence's {slots}.

    A slot is a cast entity ({org}, {model2}), a PHRASES list or a Story
    method of that name. A trailing digit asks for another value of the same
    kind ({task2}); "_s" makes a possessive ({org_s}: "Lumen Labs'"); "_cap"
    capitalizes. Values may contain slots themselves.
    """

    def __init__(self, story):
        super().__init__()
        self.story = story

    def __missing__(self, key):
        story = self.story
        if key in story.cast:
            value = story.cast[key]
        elif key.endswith("_s"):
            value = possessive(self[key[:-2]])
        elif key.endswith("_cap"):
            value = capitalize(self[key[:-4]])
        else:
            base = key.rstrip("0123456789")
            choices = PHRASES.get(base)
            value = story.rng.choice(choices) if choices else getattr(story, base)()
            if "{" in value:
                value = value.format_map(self)
        self[key] = value
        return value


class Story:
    """One news item: its cast of entities and the slots that need more than a choice."""

    def __init__(self, rng, world):
        self.rng, self.world = rng, world
        orgs, people = self._distinct_picks("orgs", 2), self._distinct_picks("people", 2)
        techs, data = self._distinct_picks("techs", 3), self._distinct_picks("data", 2)
        places, methods = rng.sample(PLACES, 2), rng.sample(METHODS, 2)
        self.cast = {"org": orgs[0], "org2": orgs[1], "per": people[0], "per2": people[1],
                     "model": techs[0], "model2": techs[1], "model3": techs[2],
                     "data": data[0], "data2": data[1],
                     "place": places[0], "place2": places[1],
                     "arch": rng.choice(ARCHITECTURES), "gtech": methods[0], "gtech2": methods[1]}
        self.acronym = rng.choice(world.acronyms)
        self.acronym_defined = False

    def _distinct_picks(self, kind, count):
        names = []
        while len(names) < count:
            name = self.world.pick(self.rng, kind)
            if name not in names:
                names.append(name)
        return names

    def render(self, template):
        return capitalize(template.format_map(Slots(self)))

    def elaborate(self, sentence):
        """Sometimes adds a clause before the final period, as writers do."""
        if sentence.endswith(".") and self.rng.random() < ELABORATION_RATE:
            sentence = sentence[:-1] + self.render("{elaboration}") + "."
        return sentence

    def sentence(self, mix):
        """One sentence from a template list chosen by weight: mix is [(weight, templates)]."""
        r = self.rng.random() * sum(weight for weight, _ in mix)
        for weight, templates in mix:
            r -= weight
            if r < 0:
                break
        template = self.rng.choice(templates)
        sentence = self.render(template)
        if any(tail in template for tail in TAIL_SLOTS):
            return sentence
        return self.elaborate(sentence)

    def acro(self):
        """The story's acronym: defined at its first use, bare afterwards."""
        long_form, acronym = self.acronym
        if self.acronym_defined:
            return acronym
        self.acronym_defined = True
        return f"{long_form} ({acronym})"

    def _task(self):
        base, third, gerund, objects = self.rng.choice(TASKS)
        return base, third, gerund, self.rng.choice(objects)

    def task(self):
        base, _, _, obj = self._task()
        return f"{base} {obj}"

    def task_3s(self):
        _, third, _, obj = self._task()
        return f"{third} {obj}"

    def task_ing(self):
        _, _, gerund, obj = self._task()
        return f"{gerund} {obj}"

    def desc(self):
        """An apposition: "a compact language model that summarizes court rulings"."""
        tail = self.rng.choice(["that {task_3s}", "that {task_3s}", "designed to {task}",
                                "with {params} parameters", "for {domain}",
                                "that can {task} {speed_clause}"])
        return f"{with_article(self.rng.choice(KIND_ADJ))} {{kind}} {tail}"

    def dev(self):
        """A past-tense verb of making, sometimes hedged or with an adverb."""
        verb = self.rng.choice(["developed", "built", "unveiled", "released", "introduced",
                                "launched", "open-sourced", "proposed", "announced", "debuted",
                                "designed", "trained", "published", "rolled out", "showed off"])
        r = self.rng.random()
        if r < 0.12:
            return "reportedly " + verb
        if r < 0.2:
            return self.rng.choice(["quietly ", "recently ", "also ", "jointly "]) + verb
        return verb

    def claim(self):
        """A general statement: "open models often overstate real-world performance"."""
        return " ".join([self.rng.choice(CLAIM_SUBJECTS), self.rng.choice(MODALS),
                         self.rng.choice(CLAIM_PREDICATES)])

    def front(self):
        return self.rng.choice(FRONTED) if self.rng.random() < 0.45 else ""

    def trail(self):
        return self.rng.choice(TRAILS) if self.rng.random() < 0.45 else ""

    def tools(self):
        return f"{self.rng.choice(KIND_ADJ)} {plural(self.rng.choice(KINDS))}"

    def kinds(self):
        return plural(self.rng.choice(KINDS))

    def senior_role(self):
        return self.rng.choice(ROLE_ADJ) + self.rng.choice(ROLES)

    def a_kind(self):
        return with_article(self.rng.choice(KINDS))

    def a_place(self):
        return with_article(self.cast["place"])

    def a_adj(self):
        return with_article(self.rng.choice(KIND_ADJ))

    def params(self):
        if self.rng.random() < 0.3:
            return f"{self.rng.randint(1, 900)} million"
        return f"{self.rng.choice([1.3, 2.7, 3, 7, 8, 13, 34, 70, 175, 540])} billion"

    def year(self):
        return str(self.rng.randint(2012, 2024))

    def few(self):
        return str(self.rng.randint(2, 18))

    def count(self):
        return str(self.rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 30, 40, 50, 64, 100,
                                    128, 200, 250, 500, 1000, 1200, 5000]))

    def pct(self):
        if self.rng.random() < 0.7:
            return f"{self.rng.randint(3, 97)} percent"
        return f"{self.rng.randint(1, 99)}.{self.rng.randint(0, 9)} percent"

    def score(self):
        return f"{self.rng.randint(40, 98)}.{self.rng.randint(0, 9)} percent"

    def price(self):
        return f"${self.rng.choice([9, 10, 15, 19, 20, 25, 30, 49, 99, 199, 499])}"

    def money(self):
        if self.rng.random() < 0.75:
            return f"${self.rng.randint(2, 900)} million"
        return f"${self.rng.randint(1, 9)}.{self.rng.randint(1, 9)} billion"

    def big(self):
        r = self.rng.random()
        if r < 0.4:
            return f"{self.rng.randint(2, 900)},000"
        if r < 0.8:
            return f"{self.rng.randint(1, 90)} million"
        return f"{self.rng.randint(1, 9)}.{self.rng.randint(1, 9)} billion"

    def date_iso(self):
        return (f"{self.rng.randint(2017, 2024)}-{self.rng.randint(1, 12):02d}-"
                f"{self.rng.randint(1, 28):02d}")

    def clock(self):
        return (f"{self.rng.randint(1, 12)}.{self.rng.randint(0, 59):02d}."
                f"{self.rng.randint(0, 59):02d} {self.rng.choice(['AM', 'PM'])}")


# ---------------------------------------------------------------------------
# Sentence templates. Each {slot} is filled by Slots (see there).
# ---------------------------------------------------------------------------

FACTS_LEAD = [  # who built what, with whom, where
    "{front}{org} {dev} {model}, {desc}{trail}.",
    "{front}{researchers} {org} {dev} {model}, {desc}{trail}.",
    "{front}{researchers} {org} and {org2} {dev} {model}, {a_kind} that {task_3s}.",
    "{per} and colleagues at {org} and {org2} {dev} {model}, {desc}.",
    "{front}{per}, {per2}, and a team at {org} {dev} {model}, which {task_3s}{trail}.",
    "Led by {per}, researchers at {org} {dev} {model}, {desc}.",
    "Developed by {per} and colleagues at {org}, {model} {task_3s} {speed_clause}.",
    "{model}, {desc}, was developed by {researchers} {org}{trail}.",
    "{model}, {a_kind} built by {researchers} {org}, {task_3s} {speed_clause}.",
    "{org} researchers {dev} {model} to {task} for {groups}{trail}.",
    "{front}{org} {dev} two {kinds}: {model}, which {task_3s}, and {model2}, which {task_3s2}.",
    "{model}, {a_adj} {kind} from the {place} startup {org}, {task_3s}{trail}.",
    "{front}{org} {dev} {acro}, {desc}{trail}.",
    "{org} is building {a_kind} called {model} that {task_3s}, {per}, the company's {role}, {said}.",
    "{org_s} {model} {task_3s} {speed_clause}, according to {per}, who led the project.",
    "{org} {hedge} {dev_base} {model}, {desc}, {future}, people familiar with the plan said.",
    "{front}{org}, the {place}-based lab, {dev} {model}, {desc}.",
    "{org}, {a_place}-based startup, {dev} {model}, {a_kind} trained on {data} that {task_3s}.",
]

FACTS_METHOD = [  # based on, uses, trained on
    "{model}, {a_adj} variation on the {arch}, {task_3s} {speed_clause}.",
    "{front}{model} is based on {model2}, but {difference}, which helps {groups} {task}.",
    "{model} builds on {model2} by adding {feature} that helps it {task}{trail}.",
    "{model}, which {org} {dev} {when}, is a fine-tuned version of {model2} trained on {big} {content}.",
    "{front}{org} fine-tuned {model2} on {big} {content} to produce {model}, {a_kind} that {task_3s}.",
    "{arch}-based models such as {model} and {model2} {claim_tail}.",
    "{model} is built on top of {model2} and adds {feature} for {groups} who {task}.",
    "{model} uses {gtech} to {task}, which {benefit}.",
    "{model} combines {gtech} with {gtech2} to {task}, an approach that {benefit}{trail}.",
    "{front}{org} is using {model} to {task} for customers among {groups}.",
    "{org} said it would use {model} to {task}{trail}.",
    "{model}, which is powered by {org_s} {model2}, {task_3s} {speed_clause}.",
    "{model} was trained using {gtech} on {big} {content} {source}.",
    "{model} was trained on {data}, a collection of {big} {content} {source}{trail}.",
    "The team pretrained {model} on {big} {content} and fine-tuned it on {data} to {task}.",
    "{researchers} {org} trained {model} on {data} and {data2}, which together hold {big} {content}.",
    "{data}, the same dataset used to train {model2}, contains {big} {content} {source}.",
    "{model} is based on the {arch} and was trained on {data} to {task}, {data_note}.",
    "Like {model2}, {model} relies on {gtech} to {task}, but it {difference_3s}.",
    "{model} employs {gtech} and {a_adj} {kind} to {task}{trail}.",
]

FACTS_RESULTS = [  # evaluated on, outperforms
    "{model} achieved {score} {metric} on {data}, compared with {score2} for {model2}.",
    "On {data}, {model} solved {score} of problems, while {model2} solved {score2}.",
    "The team tested {model} on {data} and {data2}, {finding}.",
    "{model_s} {metric} on {data} rose to {score}, a record for {a_kind} of its size.",
    "{model} outperformed {model2} on {data} by {few} points{trail}.",
    "{model} outperforms both {model2} and {model3} on tasks that require {skill}.",
    "{model} was {few} times faster than {model2} at {task_ing}{trail}.",
    "{model} scored {score} on {data}, surpassing {model2} and approaching human performance.",
    "In head-to-head tests judged by {groups}, {model} beat {model2} in {pct} of comparisons.",
    "{front}{model} matched {model2} on {data} while using {pct} less compute.",
    "{model}, which {org} {dev} {when}, outperformed {model2} on {data} at {task_ing}.",
    "{model} was evaluated on {data}, a benchmark of {big} {content} {source}, and {data2}.",
    "{model} reached {score} {metric} on {data}, though it trailed {model2} on {skill}.",
    "Evaluated on {data}, {model} made {pct} fewer errors than {model2} when {task_ing}.",
    "{model} is more accurate than {model2} at {task_ing}, especially when inputs involve {skill}.",
]

FACTS_PEOPLE = [  # affiliations, parent companies, places
    "{per}, a {senior_role} at {org}, {said} that {claim}.",
    "{org} {role} {per} {said} the {kind} could help {groups} {task}.",
    "{per} of {org} {said} that {claim}.",
    "{org_s} {per} {said} the team spent {few} months {task_ing}.",
    "{per}, who teaches at {org}, spent {few} years building a dataset of {content} {source}.",
    "{per} joined {org} {when} after {few} years at {org2}, where the team worked on {task_ing}.",
    "{org}, founded in {year} by {per} and {per2}, {funding}.",
    "{per}, {org_s} {role}, {said} that {claim}.",
    "{per}, a former {org} {role}, {said} that {claim}.",
    "{org2}, a research division of {org}, {funding}.",
    "{org} acquired {org2}, a startup that {task_3s}, for {money}{trail}.",
    "{org} subsidiary {org2} is using {gtech} to {task}.",
    "{org2}, which was acquired by {org} in {year}, employs {count} people in {place}.",
    "{org}, which is headquartered in {place}, {funding}.",
    "{org}, the {place} startup behind {model}, {funding}.",
    "{place}-based {org} {funding}, its {role} {per} {said}.",
    "{per}, a {senior_role} in {place}, {said} that {claim}.",
    "{place_s} {org} {funding} to {task}.",
    "{org}, {a_place} company that {task_3s}, {funding}.",
    "{org} opened a lab in {place} led by {per}, who previously worked at {org2} on {task_ing}.",
    "{per}, who previously led research at {org}, is now {role} of {org2}.",
]

FACTS_LOOSE = [  # two or more names, mostly in no relation the rules know
    "{per} compared {model} with {model2} and found that {claim}.",
    "{org} and {org2} announced a partnership to {task} for {groups}.",
    "{front}{org} declined to say whether {model} would be available in {place} or when {groups} could {task}.",
    "{per} and {per2} argued in an op-ed that {claim}.",
    "Critics including {per} {said} that claims about {model} were hard to verify until {groups} could {task} with it.",
    "{per} {said} the results on {data} should be read with care, because {claim}.",
    "Unlike {model2}, which requires labeled data, {model} learns from {content} {source}.",
    "{org} will host {model} in data centers in {place} and {place2} so that {groups} can {task} {speed_clause}.",
]

SINGLES = [  # one name
    "{model} has {params} parameters and runs {speed_clause}, so {groups} can {task} without a data center.",
    "{org} did not disclose {undisclosed}, and a spokesperson declined to say when {groups} could {task}.",
    "{per} has spent {few} years studying how {groups} {use_verb} {tools}, and the answer keeps changing.",
    "{model} is available {availability}, and {groups} can {task} with it {speed_clause}.",
    "{org} raised {money} in a {stage} round led by {investors}, valuing the company at {money2}.",
    "\u201c{quote},\u201d {per} {said}, adding that {claim}.",
    "The {kind}, called {model}, {task_3s} in under {few} {time_unit}, compared with {duration} for a person.",
    "{model} still struggles with {skill}, the authors noted, and it sometimes fails to {task}.",
    "{lawmakers} in {place} proposed rules that would {policy}, and a vote is expected {future}.",
    "{front}{org} said it would invest {money} over {few} years in {domain} research and hire {count} people.",
    "According to {org}, {claim}, and {claim2}.",
    "{front}{per} {said} that {claim}.",
    "{data} includes {big} {content} {source}, plus {big2} {content2} that were added {when}.",
    "In {place}, {groups} {adverb} {use_verb} {tools} to {task}, {context_tail}.",
    "{model} is free for research use, but companies that want to {task} must pay {money} a year.",
    "A spokesperson for {org} said the company {hedge} {dev_base} a version for {groups} {future}.",
    "{front}{per} {said}, \u201c{quote}.\u201d",
    "Users of {model} can {task} by typing a short description of what they want, then editing the result.",
    "{org} now employs {count} people, most of them engineers working on {domain} and {domain2}.",
    "{place_s} government {policy_news}, a step that {groups} have requested for years.",
    "{front}{per} {said} the project began as an attempt to {task} and grew from there.",
    "{model} costs {price} per month for {groups}, with discounts for universities and nonprofits.",
]

CONTEXT = [  # no names
    "{front_now}{groups} {adverb} {use_verb} {tools} to {task}, {context_tail}.",
    "{opinion_lead} {claim}.",
    "{opinion_lead} {claim}, especially for {groups} who {task}.",
    "{opinion_lead} {claim}, and {claim2}.",
    "{claim_cap}, but {claim2}.",
    "{stat_lead} {pct} of {groups} {stat_predicate}, compared with {pct2} {ago}.",
    "{cost_subject} took {few} days on {count} GPUs and cost roughly {money}, {cost_comment}.",
    "Can {tools} really {task} as well as {groups2} do, or will they mostly help {groups3} {task2}?",
    "What happens when {groups} can {task} in seconds rather than days, and who pays for the mistakes?",
    "In {year}, few {groups} used software to {task}; today, {claim}.",
    "The {kind} {step}, then {step2}.",
    "First, the {kind} {step}; then it {step2}, and finally it {step3}.",
    "Think of it as {analogy}: it {step}, and it {step2}.",
    "The dataset comprises {big} {content} {source}, roughly {multiple} the size of earlier collections.",
    "{groups_cap} have long wanted tools that {task}, and the demand is growing as {claim}.",
    "That matters because {groups} spend {pct} of their time {task_ing}, according to {source_doc}.",
    "Still, {claim}, so {claim2}.",
    "If {claim}, {groups} will need new ways to {task}.",
    "The approach {benefit}, which matters for {groups} who {task} {speed_clause}.",
    "Building systems that {task} reliably is harder than it looks, and {claim}.",
    "None of this means {claim}; it means {claim2}.",
    "{front}the number of papers on {task_ing} grew by {pct} in a single year.",
    "It took {few} {time_unit} to {task} this way, compared with {duration} before.",
    "For {groups}, the appeal is simple: {tools} can {task} while people focus on {task_ing}.",
    "The catch is that {claim}, and nobody has a good way to measure it yet.",
]

HEADLINES = [
    "A {kind} That {task_3s}", "Teaching {tools} to {task}", "{money} for {domain} AI",
    "{model} Tops {data} at {task_ing}", "New Rules for {tools} in {place}",
    "When {groups} Meet {tools}", "Faster, Cheaper {tools} for {domain}",
    "The Race to {task} {speed_clause}",
    "{org} Bets on {tools} for {domain}", "Better {tools} for {groups}", "{model} Learns to {task}",
    "Inside {org_s} Plan to {task}", "{groups} Embrace {tools}", "Who Will {task}?",
]
CAPTIONS = [
    "Screen Shot {date_iso} at {clock}", "Animation showing how {model} {step}",
    "Chart comparing the {metric} of {model} and {model2} on {data} after {count} training runs",
    "Image of {content} {source}",
    "Illustration of a robot learning to {task}",
    "Graph of {metric} versus training time for {few} {kinds}",
]

ELABORATION_RATE = 0.65
TAIL_SLOTS = ("{trail}", "{context_tail}", "{claim_clause}", "{source_doc}", "{cost_comment}")

# Weighted template lists for each part of an issue.
LEAD_MIX = [(0.8, FACTS_LEAD), (0.2, FACTS_PEOPLE)]
BODY_MIX = [(0.2, FACTS_LEAD), (0.17, FACTS_METHOD), (0.17, FACTS_PEOPLE), (0.08, FACTS_LOOSE),
            (0.18, SINGLES), (0.2, CONTEXT)]
HOW_MIX = [(0.6, FACTS_METHOD), (0.15, SINGLES), (0.25, CONTEXT)]
RESULTS_MIX = [(0.65, FACTS_RESULTS), (0.15, SINGLES), (0.2, CONTEXT)]
BEHIND_MIX = [(0.45, FACTS_PEOPLE), (0.15, FACTS_LOOSE), (0.2, SINGLES), (0.2, CONTEXT)]
OPINION_MIX = [(0.08, FACTS_LOOSE), (0.22, SINGLES), (0.7, CONTEXT)]
LETTER_MIX = [(0.06, FACTS_LOOSE), (0.14, SINGLES), (0.8, CONTEXT)]


# ---------------------------------------------------------------------------
# Issues
# ---------------------------------------------------------------------------

def paragraph(story, mix, count, label=""):
    return label + " ".join(story.sentence(mix) for _ in range(count))


def bullets(story, mix, count):
    return "\n".join("- " + story.sentence(mix) for _ in range(count))


def news_item(story):
    """A headline and labelled sections about one launch, paper, deal or policy."""
    rng = story.rng
    blocks = [title_case(story.render(rng.choice(HEADLINES))),
              paragraph(story, OPINION_MIX, 1),
              paragraph(story, LEAD_MIX, rng.randint(1, 2), "What's new: ")]
    for _ in range(rng.randint(0, 2)):
        blocks.append(paragraph(story, BODY_MIX, rng.randint(2, 5)))
    if rng.random() < 0.3:
        blocks.append(story.render(rng.choice(CAPTIONS)))
    if rng.random() < 0.7:
        blocks.append(paragraph(story, HOW_MIX, 1, "How it works: "))
        blocks.append(bullets(story, HOW_MIX, rng.randint(2, 4)))
    if rng.random() < 0.7:
        blocks.append(paragraph(story, RESULTS_MIX, rng.randint(1, 3), "Results: "))
    if rng.random() < 0.5:
        blocks.append(paragraph(story, BEHIND_MIX, rng.randint(2, 3), "Behind the news: "))
    if rng.random() < 0.3:
        blocks.append(paragraph(story, OPINION_MIX, rng.randint(1, 2), "Yes, but: "))
    blocks.append(paragraph(story, OPINION_MIX, rng.randint(1, 2), "Why it matters: "))
    blocks.append(paragraph(story, OPINION_MIX, rng.randint(1, 3), "We're thinking: "))
    return blocks


def letter(story):
    """A letter to readers: mostly opinion and context, few names."""
    rng = story.rng
    blocks = [rng.choice(["Dear friends,", "Dear readers,", "Hi everyone,"])]
    for _ in range(rng.randint(3, 6)):
        blocks.append(paragraph(story, LETTER_MIX, rng.randint(2, 5)))
    blocks.append(rng.choice(["Keep learning!", "Keep building!", "Onward,", "Best,"]))
    blocks.append(rng.choice(FIRST))
    return blocks


def footer(story, newsletter):
    rng = story.rng
    lines = [
        story.render(f"Subscribe to {newsletter} " + rng.choice([
            "to get news about {tools} in your inbox every {weekday}.",
            "and join {big} readers who follow research on {task_ing}.",
            "for weekly updates on {domain} AI, sent each {weekday} morning."])),
        story.render(f"Copyright {{year}} {newsletter}, {{count}} {rng.choice(STREETS)} Street, "
                     f"Suite {rng.randint(100, 999)}, {{city}}."),
        story.render("You received this email because you signed up on {month} "
                     f"{rng.randint(1, 28)}, {{year}}. Share this issue with a friend who "
                     "works on {task_ing}."),
    ]
    return rng.sample(lines, rng.randint(1, 2))


def issue(rng, world, index):
    """Returns (title, text) of one newsletter issue."""
    newsletter = rng.choice(NEWSLETTERS)
    stories = [Story(rng, world) for _ in range(rng.randint(2, 4))]
    blocks = [f"{newsletter}, Issue {index}",
              stories[0].render(f"{{weekday}}, {{month}} {rng.randint(1, 28)}, {{year}}")]
    if rng.random() < 0.2:
        blocks += letter(Story(rng, world))
    items = [news_item(story) for story in stories]
    for item in items:
        blocks += item
    blocks += footer(stories[0], newsletter)
    return items[0][0], "\n\n".join(blocks) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=float, required=True, help="total article text, in MB")
    ap.add_argument("--out", required=True, help="a .jsonl file, or a directory with --format txt")
    ap.add_argument("--format", choices=["jsonl", "txt"], default="jsonl")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dump-entities", help=argparse.SUPPRESS)  # name<TAB>type of every name
    a = ap.parse_args()
    rng = random.Random(a.seed)
    world = World(rng, a.size_mb)
    if a.dump_entities:
        world.dump(a.dump_entities)
    target = int(a.size_mb * 1_000_000)
    written, index = 0, 0
    if a.format == "txt":
        os.makedirs(a.out, exist_ok=True)
        out = None
    else:
        out = open(a.out, "w", encoding="utf-8")
    while written < target:
        index += 1
        title, text = issue(rng, world, index)
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
