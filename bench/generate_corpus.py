"""Writes a labeled folder corpus of generated documents for scale benchmarks.

    python3 bench/generate_corpus.py OUT --documents 200000 --topics 20 --seed 1

OUT/<topic>/<n>.txt, each document 80-400 words: a Zipf-distributed shared vocabulary of
20,000 made-up words, mixed with a topic's own 400 words (a third of the words), in
sentences. Deterministic for a seed.
"""
import argparse
import itertools
import os
import random

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--documents", type=int, default=200_000)
parser.add_argument("--topics", type=int, default=20)
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()
rng = random.Random(args.seed)

syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "po", "qui", "ban", "dor", "fel", "gim", "har"]
words = ["".join(p) for n in (2, 3, 4) for p in itertools.product(syllables, repeat=n)]
rng.shuffle(words)
shared = words[:20_000]
shared_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(shared))))
topic_words = [words[20_000 + 400 * t: 20_000 + 400 * (t + 1)] for t in range(args.topics)]
topic_weights = list(itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(400)))

for t in range(args.topics):
    os.makedirs(os.path.join(args.out, "topic%02d" % t), exist_ok=True)
for n in range(args.documents):
    t = n % args.topics
    length = rng.randint(80, 400)
    own = rng.choices(topic_words[t], cum_weights=topic_weights, k=length // 3)
    common = rng.choices(shared, cum_weights=shared_weights, k=length - len(own))
    tokens = own + common
    rng.shuffle(tokens)
    sentences = [" ".join(tokens[i:i + 12]).capitalize() + "." for i in range(0, len(tokens), 12)]
    with open(os.path.join(args.out, "topic%02d" % t, "%07d.txt" % n), "w") as f:
        f.write(" ".join(sentences) + "\n")
