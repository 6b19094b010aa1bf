"""The reference for dkm's sentence encoder: token ids from the Hugging Face tokenizer and
embeddings from sentence-transformers for a fixed set of texts, written as the fixture
Tests/DKMEncoderTests/Fixtures/all-MiniLM-L6-v2-reference.json that the exactness test reads.

    bench/.venv/bin/python bench/encoder_reference.py [MODEL_FOLDER]

(default: the folder scripts/fetch-encoder makes). Run once; commit the fixture."""
import hashlib
import json
import os
import sys

import numpy as np
from sentence_transformers import SentenceTransformer

TEXTS = [
    "",
    "   ",
    "Hello, world!",
    "The quick brown fox jumps over the lazy dog.",
    "UNAFFABLE unaffable Unaffable",
    "Café au lait, naïve façade, crème brûlée, Ångström, São Paulo",
    "e\u0301 decomposed accents: Cafe\u0301",
    "İstanbul, STRASSE und straße, ǅemal, ﬁnancial ﬂows",
    "中文字符测试：今天天气很好。",
    "日本語のテキストとカタカナ、ひらがな",
    "한국어 텍스트입니다",
    "Emoji: 🙂 👍🏽 👨‍👩‍👧 🥲 🫠 ❤️ ✨",
    "URLs: https://example.com/path?q=1&r=two#frag and www.test.org/a_b-c",
    "email someone@example.org, version 1.2.3, $4.50, 50%, 3.14159, 10^6",
    "tab\there, newline\nthere, carriage\rreturn, nul\x00byte, bell\x07, zero\u200bwidth, soft\u00adhyphen",
    "Привет, мир! Ελληνικά κείμενα. مرحبا بالعالم. שלום עולם",
    "a" * 150 + " " + "supercalifragilisticexpialidocious" * 4,
    "Subject: Re: Clipper chip and crypto key-escrow (was: NSA)",
    "how do I sort a list of dictionaries by a value of the dictionary in python?",
    "PDP-11 vs. VAX/VMS -- the \"best\" machine ever?!... (c) 1993",
    " ".join(["word%d" % i for i in range(400)]),
    ("Deep k-Means jointly learns representations and cluster assignments by gradient descent. " * 30).strip(),
    "\u3000full-width\u3000spaces\u00a0and no-break\u2028line separator",
    "Ⅻ ① ² ½ ℃ ™ ©",
    "x",
    "[CLS] [SEP] [MASK] [UNK] [PAD] literal specials",
]


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.local/share/dkm/models/all-MiniLM-L6-v2")
    model = SentenceTransformer(folder, device="cpu")
    features = model.tokenize(TEXTS)
    ids = [[int(t) for t, m in zip(row, mask) if m] for row, mask in zip(features["input_ids"], features["attention_mask"])]
    embeddings = model.encode(TEXTS, batch_size=8, convert_to_numpy=True, normalize_embeddings=False)
    with open(os.path.join(folder, "model.safetensors"), "rb") as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    out = os.path.join(os.path.dirname(__file__), "..", "Tests", "DKMEncoderTests", "Fixtures", "all-MiniLM-L6-v2-reference.json")
    import sentence_transformers, tokenizers, torch, transformers
    fixture = {
        "made_by": "bench/encoder_reference.py",
        "versions": {"sentence-transformers": sentence_transformers.__version__, "transformers": transformers.__version__,
                     "tokenizers": tokenizers.__version__, "torch": torch.__version__},
        "model_sha256": sha256,
        "max_seq_length": model.max_seq_length,
        "texts": TEXTS,
        "ids": ids,
        "embeddings": [[float(np.float32(v)) for v in row] for row in embeddings],
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=True, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {out}: {len(TEXTS)} texts, {sum(map(len, ids))} tokens", file=sys.stderr)


if __name__ == "__main__":
    main()
