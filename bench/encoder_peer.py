"""sentence-transformers' encode of a JSON Lines file's "text" fields, timed: prints JSON with
the texts, tokens, encode seconds and the embeddings' first values (for bench/encoder.sh).

    python bench/encoder_peer.py MODEL_FOLDER TEXTS.jsonl --threads N --batch-size B [--out E.npy]"""
import argparse
import json
import sys
import time

import numpy as np
import torch
from sentence_transformers import SentenceTransformer

parser = argparse.ArgumentParser()
parser.add_argument("model")
parser.add_argument("texts")
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--batch-size", type=int, default=32)
parser.add_argument("--out")
args = parser.parse_args()
torch.set_num_threads(args.threads)
texts = [json.loads(line)["text"] for line in open(args.texts, encoding="utf-8")]
start = time.time()
model = SentenceTransformer(args.model, device="cpu")
loaded = time.time()
embeddings = model.encode(texts, batch_size=args.batch_size, convert_to_numpy=True)
encoded = time.time()
tokens = sum(int(m.sum()) for m in (model.tokenize(texts[i:i + 1024])["attention_mask"] for i in range(0, len(texts), 1024)))
if args.out:
    np.save(args.out, embeddings.astype(np.float32))
json.dump({"texts": len(texts), "tokens": tokens, "load_seconds": loaded - start, "encode_seconds": encoded - loaded}, sys.stdout)
print()
