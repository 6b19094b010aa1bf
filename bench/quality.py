"""Cluster quality of dkm's methods on many families of corpora, over several seeds.

Runs `dkm cluster --json` for every (corpus, configuration, seed), appends each run to
`<work>/runs.jsonl` (a run already there for the same commit is not run again), runs the
classical peer a scikit-learn user would pick (LSA: TruncatedSVD to 100 dimensions, rows
normalized, then k-means) on the same tf-idf rows (`dkm vectorize`), and the peers of sentence
embeddings on the same documents (all-MiniLM-L6-v2 + k-means, and BERTopic: see
embedding_peers.py), and writes the summary to bench/results/quality.md. Driven by
bench/quality.sh, which builds dkm and makes the venv.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DKM = Path(os.environ.get("DKM", REPO / ".build/release/dkm"))

SEEDS = [8905, 9129, 291, 4667, 3533]  # the paper's first five seeds

# The configurations compared: the default, k-means on the tf-idf rows, and the paper's
# AE-KM and DKMp exactly as published. More can be added with --config NAME=ARGS.
CONFIGS = {
    "default": [],
    "km": ["--method", "km"],
    "ae-km (paper)": ["--method", "ae-km", "--preset", "paper", "--encoder", "none"],
    "dkm-p (paper)": ["--method", "dkm-p", "--preset", "paper", "--encoder", "none"],
}
# The encoder named (its default method is k-means), the deep model on its embeddings, and the
# tf-idf rows alone (the default before --encoder auto; the same as the default on long texts).
ENCODER = ["--encoder", "all-MiniLM-L6-v2"]
CONFIGS["--encoder all-MiniLM-L6-v2"] = ENCODER
CONFIGS["--encoder all-MiniLM-L6-v2 --method dkm-p"] = ENCODER + ["--method", "dkm-p"]
CONFIGS["--encoder none"] = ["--encoder", "none"]
CONFIGS["--encoder none --method km"] = ["--encoder", "none", "--method", "km"]
TEXT_ONLY = {"--encoder all-MiniLM-L6-v2", "--encoder all-MiniLM-L6-v2 --method dkm-p", "--encoder none", "--encoder none --method km"}
PEER = "LSA + k-means (scikit-learn)"
ST_PEER = "all-MiniLM-L6-v2 + k-means (sentence-transformers)"
BERTOPIC_PEER = "BERTopic (nr_topics = K + 1)"
PEERS = [PEER, ST_PEER, BERTOPIC_PEER]
# The paper's configurations run on the first two seeds only: their numbers are known from
# `dkm reproduce`, and five seeds of them on every corpus would take the run far past 2 hours.
SEED_LIMITS = {"ae-km (paper)": 2, "dkm-p (paper)": 2, "--encoder all-MiniLM-L6-v2 --method dkm-p": 2}


def newsgroups_messages(root):
    """(group, path) of every message of the 20 Newsgroups bydate tree, in path order."""
    for split in ("20news-bydate-train", "20news-bydate-test"):
        for group in sorted(os.listdir(root / split)):
            for name in sorted(os.listdir(root / split / group)):
                yield group, root / split / group / name


def copy_groups(root, target, prefixes):
    """A flat <group>/<id> newsgroups tree of the groups whose name starts with a prefix."""
    if target.exists():
        return
    staging = target.with_suffix(".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    for group, path in newsgroups_messages(root):
        if group.startswith(prefixes):
            (staging / group).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, staging / group / path.name)
    staging.rename(target)


def subject_lines(root, target):
    """Each message's Subject line alone (Re: prefixes removed), a file each, by group."""
    if target.exists():
        return
    staging = target.with_suffix(".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    for group, path in newsgroups_messages(root):
        header = path.read_bytes().decode("latin-1").split("\n\n", 1)[0]
        match = re.search(r"^Subject:(.*)$", header, re.MULTILINE)
        subject = re.sub(r"^(\s*(re|fwd?)\s*:)+", "", match.group(1) if match else "", flags=re.IGNORECASE).strip()
        if subject:
            (staging / group).mkdir(parents=True, exist_ok=True)
            (staging / group / (path.name + ".txt")).write_text(subject + "\n")
    staging.rename(target)


def sample_files(source, target, count, seed=1):
    """A <label>/<file> tree of `count` files drawn at random from another such tree."""
    if target.exists():
        return
    files = sorted((label, name) for label in os.listdir(source) for name in os.listdir(source / label))
    random.Random(seed).shuffle(files)
    staging = target.with_suffix(".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    for label, name in files[:count]:
        (staging / label).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / label / name, staging / label / name)
    staging.rename(target)


DEBIAN_SECTIONS = ("games", "fonts", "sound", "science", "mail", "database")
DEBIAN_LANGUAGES = ("python", "perl", "haskell", "rust", "golang", "javascript", "java", "ruby", "gnu-r", "php", "ocaml", "lisp")


def debian_packages(target, sections, key):
    """The one-line descriptions (synopses) of Debian's packages in `sections` (apt's lists on
    this machine), one file per package whose key(section, description) was not seen yet, the
    section as the folder."""
    if target.exists():
        return
    text = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True, check=True).stdout
    staging = target.with_suffix(".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    seen = set()
    for block in text.split("\n\n"):
        fields = dict(re.findall(r"^(Package|Section|Description): (.*)$", block, re.MULTILINE))
        section, description = fields.get("Section"), fields.get("Description")
        if section in sections and description and key(section, description) not in seen:
            seen.add(key(section, description))
            (staging / section).mkdir(parents=True, exist_ok=True)
            (staging / section / (fields["Package"] + ".txt")).write_text(description + "\n")
    staging.rename(target)


def debian_descriptions(target):
    """Six sections, each distinct description once per section: short texts of another genre."""
    debian_packages(target, DEBIAN_SECTIONS, lambda section, description: (section, description))


def debian_language_synopses(target):
    """Twelve programming-language sections, each distinct synopsis once: short texts whose
    keywords ("Perl module", "Rust crate", "Haskell library") carry the class, as tagged
    programming titles do."""
    debian_packages(target, DEBIAN_LANGUAGES, lambda section, description: description)


def corpora(data, work):
    """name -> (K, dkm cluster arguments, preparation or None, is text)."""
    news = data / "20news-bydate"
    order = str(news / "sklearn-all-order.tsv")
    return {
        "sample": (5, [str(REPO / "corpora/sample"), "--labels", "subfolder"], None, True),
        "20news (reference featurization)": (
            20, [str(news), "--tokens", "sklearn", "--order", order, "--stop-words", "none", "--strip", "none"], None, True),
        "20news (raw, dkm's default boilerplate removal)": (20, [str(news)], None, True),
        "20news (headers, footers, quotes stripped)": (20, [str(news), "--strip", "headers,footers,quotes"], None, True),
        "20news comp.* (5 groups, headers stripped)": (
            5, [str(work / "comp"), "--format", "newsgroups", "--strip", "headers"],
            lambda: copy_groups(news, work / "comp", ("comp.",)), True),
        "20news sci.* + rec.* (8 groups, headers stripped)": (
            8, [str(work / "scirec"), "--format", "newsgroups", "--strip", "headers"],
            lambda: copy_groups(news, work / "scirec", ("sci.", "rec.")), True),
        "20news subject lines (short texts)": (
            20, [str(work / "subjects"), "--labels", "subfolder"], lambda: subject_lines(news, work / "subjects"), True),
        "Debian package descriptions (6 sections)": (
            6, [str(work / "debian"), "--labels", "subfolder"], lambda: debian_descriptions(work / "debian"), True),
        "Debian synopses of 12 language sections (one-line, keyword-heavy)": (
            12, [str(work / "debian-languages"), "--labels", "subfolder"],
            lambda: debian_language_synopses(work / "debian-languages"), True),
        "20news comp.* (a 1,000-message sample)": (
            5, [str(work / "comp-1000"), "--format", "newsgroups", "--strip", "headers"],
            lambda: (copy_groups(news, work / "comp", ("comp.",)), sample_files(work / "comp", work / "comp-1000", 1000)), True),
        "Debian package descriptions (a 1,000-description sample)": (
            6, [str(work / "debian-1000"), "--labels", "subfolder"],
            lambda: (debian_descriptions(work / "debian"), sample_files(work / "debian", work / "debian-1000", 1000)), True),
        "USPS": (10, ["--dataset", "usps", "--data", str(data / "usps")], None, False),
        "MNIST (10k sample)": (10, ["--dataset", "mnist", "--data", str(data / "mnist"), "--sample", "10000"], None, False),
        "Fashion-MNIST (10k sample)": (10, ["--dataset", "fashion-mnist", "--sample", "10000"], None, False),
    }


QUICK = ["sample", "20news comp.* (5 groups, headers stripped)", "Debian package descriptions (6 sections)", "USPS"]


def commit():
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()


def run_dkm(corpus_args, k, config_args, seed, work):
    arguments = [str(DKM), "cluster", *corpus_args, "--k", str(k), "--seed", str(seed), "--json", "--quiet", "--no-out",
                 "--pretrained-cache", str(work / "pretrained"), *config_args]
    started = time.time()
    done = subprocess.run(arguments, capture_output=True, text=True)
    seconds = time.time() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    result = json.loads(done.stdout)
    sizes = [cluster["size"] for cluster in result["summary"]["clusters"]]
    scores = result["summary"]["scores"]
    return {"acc": scores["acc"], "nmi": scores["nmi"], "ari": scores["ari"], "empty": sizes.count(0),
            "seconds": seconds, "comparison": (result.get("diagnostics") or {}).get("kmeans")}


def vectors(corpus_args, work, name):
    """The folder `dkm vectorize` writes for this corpus (made once)."""
    folder = work / "vectors" / re.sub(r"[^A-Za-z0-9]+", "-", name)
    if not (folder / "matrix.mtx").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(DKM), "vectorize", *corpus_args, "--out", str(folder)], check=True, capture_output=True)
    return folder


def scores(truth, found, k, seconds):
    """ACC (one class per cluster; a peer's extra clusters, as BERTopic's outliers, match none), NMI and ARI."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
    clusters = {c: i for i, c in enumerate(sorted(set(found)))}
    table = np.zeros((max(len(clusters), k), truth.max() + 1))
    for cluster, label in zip(found, truth):
        table[clusters[cluster], label] += 1
    rows, columns = linear_sum_assignment(-table)
    return {"acc": table[rows, columns].sum() / len(truth), "nmi": normalized_mutual_info_score(truth, found),
            "ari": adjusted_rand_score(truth, found), "empty": max(k - len(clusters), 0), "seconds": seconds}


def run_peer(corpus_args, k, seed, work, name, peer):
    """A Python peer on this corpus: LSA + k-means on dkm's tf-idf rows, or a peer of sentence
    embeddings on the documents' texts."""
    import numpy as np
    folder = vectors(corpus_args, work, name)
    names = (folder / "labels.txt").read_text().splitlines()
    classes = {label: i for i, label in enumerate(sorted(set(names)))}
    truth = np.array([classes[label] for label in names])
    if peer == PEER:
        from scipy.io import mmread
        from sklearn.cluster import KMeans
        from sklearn.decomposition import TruncatedSVD
        from sklearn.preprocessing import Normalizer
        matrix = mmread(str(folder / "matrix.mtx")).tocsr()
        started = time.time()
        reduced = TruncatedSVD(n_components=min(100, matrix.shape[1] - 1), random_state=seed).fit_transform(matrix)
        reduced = Normalizer().fit_transform(reduced)
        found = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(reduced)
        return scores(truth, found, k, time.time() - started)
    import embedding_peers
    ids = (folder / "documents.txt").read_text().splitlines()
    newsgroups = "--format" in corpus_args or "20news-bydate" in corpus_args[0]
    documents = embedding_peers.texts(corpus_args[0], ids, newsgroups)
    rows, encoding = embedding_peers.embeddings(folder, documents)
    started = time.time()
    if peer == ST_PEER:
        result = scores(truth, embedding_peers.kmeans(rows, k, seed), k, time.time() - started)
    else:
        topics, outliers = embedding_peers.bertopic(documents, rows, k, seed)
        result = {**scores(truth, topics, k, time.time() - started), "outliers": outliers}
    return {**result, "encodeSeconds": encoding}


def summarize(runs, corpus_names, config_names, seeds, out, head, command):
    lines = ["# Cluster quality: the default against k-means, the paper's methods and LSA + k-means", "",
             f"`bench/quality.sh {command}`".replace(" `", "`") + f", commit {head}, "
             f"{os.cpu_count()} cores, seeds {', '.join(map(str, seeds))}. ACC, NMI and ARI in % against the "
             "true labels over all points: mean [min, max] over the seeds. Empty: clusters with no point, "
             "summed over the seeds. Seconds: mean wall time of one run (LSA: its SVD and k-means only; the peers of "
             "embeddings: k-means or BERTopic on embeddings made once per corpus, whose encoding time is not counted). "
             "BERTopic's outlier topic counts as one more cluster, matched to no class.", ""]
    for corpus in corpus_names:
        lines += [f"## {corpus}", "", "| method | ACC | NMI | ARI | empty | seconds |", "|---|---|---|---|---:|---:|"]
        for config in config_names:
            found = [r for r in runs if r["corpus"] == corpus and r["config"] == config and r["seed"] in seeds]
            if not found:
                continue

            def cell(key):
                values = [100 * r[key] for r in found]
                return f"{sum(values) / len(values):.1f} [{min(values):.1f}, {max(values):.1f}]"
            seconds = sum(r["seconds"] for r in found) / len(found)
            count = "" if len(found) == len(seeds) else f" ({len(found)} seeds)"
            outliers = [r["outliers"] for r in found if "outliers" in r]
            share = f" ({100 * sum(outliers) / len(outliers):.0f} % outliers)" if outliers else ""
            lines.append(f"| {config}{count}{share} | {cell('acc')} | {cell('nmi')} | {cell('ari')} | "
                         f"{sum(r['empty'] for r in found)} | {seconds:.1f} |")
        lines.append("")
    out.write_text("\n".join(lines))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="four corpora, two seeds")
    parser.add_argument("--data", default=str(REPO.parent / "shared/datasets"))
    parser.add_argument("--work", default=str(REPO / "bench/results/tmp/quality"))
    parser.add_argument("--corpus", action="append",
                        help="only corpora whose name contains this ('=NAME': exactly this name, e.g. =sample)")
    parser.add_argument("--config", action="append", default=[], help="NAME=ARGS: another configuration")
    parser.add_argument("--only", action="append", help="only these configurations (names)")
    parser.add_argument("--seeds", type=int, help="number of seeds")
    parser.add_argument("--seed", type=int, action="append", help="only this seed (repeatable; instead of --seeds)")
    parser.add_argument("--out", default=str(REPO / "bench/results/quality.md"))
    parser.add_argument("--keep-runs", action="store_true", help="reuse runs of other commits too (exploration)")
    parser.add_argument("--same-as", action="append", default=[], metavar="COMMIT",
                        help="reuse runs of this earlier commit too (one whose changes leave results unchanged)")
    parser.add_argument("--fresh", action="append", default=[], metavar="CONFIG",
                        help="with --same-as: this configuration's results changed, reuse only its runs of this commit")
    options = parser.parse_args()
    work = Path(options.work)
    work.mkdir(parents=True, exist_ok=True)
    data = Path(options.data)
    known = corpora(data, work)
    names = QUICK if options.quick else list(known)
    if options.corpus:
        names = [n for n in known if any(n == part[1:] if part.startswith("=") else part in n for part in options.corpus)]
    seeds = options.seed or SEEDS[:options.seeds or (2 if options.quick else 5)]
    configs = dict(CONFIGS)
    for extra in options.config:
        name, _, arguments = extra.partition("=")
        configs[name] = arguments.split()
    if options.only:
        configs = {name: configs[name] for name in options.only if name in configs}
    runs_file = work / "runs.jsonl"
    head = commit()
    runs = [json.loads(line) for line in runs_file.read_text().splitlines()] if runs_file.exists() else []
    if not options.keep_runs:
        runs = [r for r in runs if r["commit"] == head
                or (r["config"] not in options.fresh and any(r["commit"].startswith(c) for c in options.same_as))]
        # One run per corpus, configuration, seed and arguments: the newest (several kept commits may hold one).
        runs = list({(r["corpus"], r["config"], r["seed"], tuple(r["args"])): r for r in runs}.values())
    done = {(r["corpus"], r["config"], r["seed"], tuple(r["args"])) for r in runs}
    peers = [p for p in PEERS if options.only is None or p in options.only]
    for corpus in names:
        if known[corpus][2]:
            known[corpus][2]()
    # Seed by seed, so that a partial run already covers every corpus.
    for seed in seeds:
        for corpus in names:
            k, corpus_args, _, is_text = known[corpus]
            plan = [(name, arguments) for name, arguments in configs.items() if seeds.index(seed) < SEED_LIMITS.get(name, len(seeds))
                    and (is_text or name not in TEXT_ONLY)]
            plan += [(p, None) for p in peers] if is_text else []
            for name, arguments in plan:
                key = (corpus, name, seed, tuple(arguments or []))
                if key in done:
                    continue
                result = run_peer(corpus_args, k, seed, work, corpus, name) if arguments is None \
                    else run_dkm(corpus_args, k, arguments, seed, work)
                record = {"commit": head, "corpus": corpus, "config": name, "seed": seed, "args": arguments or [], **result}
                runs.append(record)
                with runs_file.open("a") as file:
                    file.write(json.dumps(record) + "\n")
                print(f"{corpus} | {name} | seed {seed}: ACC {100 * result['acc']:.1f} NMI {100 * result['nmi']:.1f} "
                      f"empty {result['empty']} {result['seconds']:.0f}s", file=sys.stderr, flush=True)
    label = head + "".join(f" (runs of {c} kept: same results)" for c in options.same_as)
    label += "".join(f" ({name} run anew)" for name in options.fresh)
    summarize(runs, names, list(configs) + PEERS, seeds, Path(options.out), label, " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
