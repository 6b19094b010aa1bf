#!/usr/bin/env python3
"""Prints a Markdown table of the `dkm evaluate --json` reports in results/<dataset>/,
test-split ACC and NMI (%) as mean ± std, beside the paper's Table 1 values."""
import json
import pathlib
import sys

PAPER = {  # (ACC / NMI, %) from Table 1 of the paper (reference/deep-k-means-paper.md)
    "usps": {"KM": "67.3 ± 0.1 / 61.4 ± 0.1", "AE-KM": "72.9 ± 0.8 / 71.7 ± 1.2",
             "DKMa": "75.5 ± 6.8 / 73.0 ± 2.3", "DKMp": "75.7 ± 1.3 / 77.6 ± 1.1"},
    "mnist": {"KM": "53.5 ± 0.3 / 49.8 ± 0.5", "AE-KM": "80.8 ± 1.8 / 75.2 ± 1.1",
              "DKMa": "82.3 ± 3.2 / 78.0 ± 1.9", "DKMp": "84.0 ± 2.2 / 79.6 ± 0.9"},
    "20news": {"KM": "23.2 ± 1.5 / 21.6 ± 1.8", "AE-KM": "49.0 ± 2.9 / 44.5 ± 1.5",
               "DKMa": "44.8 ± 2.4 / 42.8 ± 1.1", "DKMp": "51.2 ± 2.8 / 46.7 ± 1.2"},
}
NAMES = {"km": "KM", "ae-km": "AE-KM", "dkm-a": "DKMa", "dkm-p": "DKMp"}


def cell(summary):
    acc, nmi = summary["acc"], summary["nmi"]
    return f"{100 * acc['mean']:.1f} ± {100 * acc['std']:.1f} / {100 * nmi['mean']:.1f} ± {100 * nmi['std']:.1f}"


def tables(root="results"):
    """Markdown tables per data set folder, as {name: text}. Reports of the cosine distance
    (f and g) get rows of their own; the paper's cosine results are in its supplementary
    material, which we do not have."""
    out = {}
    for directory in sorted(pathlib.Path(root).iterdir()):
        if not directory.is_dir():
            continue
        rows = {}
        for report_file in sorted(directory.glob("*.json")):
            report = json.loads(report_file.read_text())
            subset = "test" if "test" in report["summary"] else "all"
            name = NAMES.get(report["method"], report["method"])
            distance = report["settings"].get("clusteringDistance", "euclidean")
            if report["settings"].get("kmeans", {}).get("spherical"):
                distance += ", spherical k-means start"
            uses_lambda = report["method"].startswith("dkm")
            rows[(name, distance)] = (cell(report["summary"][subset]), len(report["runs"]),
                                      report["settings"]["lambda"] if uses_lambda else "—")
            if report.get("initializationSummary"):
                rows.setdefault(("AE-KM", distance), (cell(report["initializationSummary"][subset]), len(report["runs"]),
                                                      "— (DKMp's initialization)"))
        if not rows:
            continue
        distances = sorted({d for _, d in rows}, key=lambda d: (d != "euclidean", d))
        with_distance = distances != ["euclidean"]
        head = "| method | f, g | dkm | runs | lambda | paper |" if with_distance else "| method | dkm | runs | lambda | paper |"
        lines = [head, "|---|---|---|---:|---|---|" if with_distance else "|---|---|---:|---|---|"]
        for distance in distances:
            for name in ("KM", "AE-KM", "DKMa", "DKMp"):
                if (name, distance) in rows:
                    value, runs, lam = rows[(name, distance)]
                    paper = PAPER.get(directory.name, {}).get(name, "") if distance == "euclidean" else "(supplementary)"
                    middle = f" {distance} |" if with_distance else ""
                    lines.append(f"| {name} |{middle} {value} | {runs} | {lam} | {paper} |")
        out[directory.name] = (subset, "\n".join(lines))
    return out


def main(*args):
    """Prints the tables; with --readme, rewrites docs/reproduction.md between <!-- results:NAME --> markers."""
    found = tables()
    if "--readme" in args:
        readme = pathlib.Path("docs/reproduction.md")
        text = readme.read_text()
        for name, (_, table) in found.items():
            start, end = f"<!-- results:{name} -->\n", f"\n<!-- /results:{name} -->"
            if start in text:
                before, rest = text.split(start, 1)
                text = before + start + table + end + rest.split(end, 1)[1]
        readme.write_text(text)
        return
    for name, (subset, table) in found.items():
        print(f"\n{name} ({subset} split): ACC / NMI in %, mean ± std over runs\n\n{table}")


if __name__ == "__main__":
    main(*sys.argv[1:])
