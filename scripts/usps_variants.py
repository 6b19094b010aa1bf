#!/usr/bin/env python3
"""Writes USPS variants in the ESL layout that `dkm --dataset usps` reads, for the USPS
investigation (scripts/usps-investigation.sh):

  OUT/esl-test     the 2,007 ESL test images (zip.test.gz), as they are
  OUT/libsvm-test  the same 2,007 images with LIBSVM's grey levels (usps.t.bz2)
  OUT/esl-01       all 9,298 ESL images rescaled from [-1, 1] to [0, 1]

The two test variants put their first 1,000 rows in zip.train.gz and the rest in zip.test.gz
(the reader wants both files); the row order and labels are those of zip.test.

    python3 scripts/usps_variants.py DATASETS/usps OUT
"""
import bz2
import gzip
import os
import sys


def esl_rows(path):
    with gzip.open(path, "rt") as f:
        return [line.split() for line in f if line.strip()]


def libsvm_rows(path):
    rows = []
    with bz2.open(path, "rt") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            values = ["0"] * 256
            for pair in parts[1:]:
                index, value = pair.split(":")
                values[int(index) - 1] = value
            rows.append([str(int(float(parts[0])) - 1)] + values)  # LIBSVM labels are digit + 1
    return rows


def write(folder, train, test):
    os.makedirs(folder, exist_ok=True)
    for name, rows in (("zip.train.gz", train), ("zip.test.gz", test)):
        with gzip.open(os.path.join(folder, name), "wt") as f:
            f.write("\n".join(" ".join(row) for row in rows) + "\n")


def main():
    source, out = sys.argv[1], sys.argv[2]
    train = esl_rows(os.path.join(source, "zip.train.gz"))
    test = esl_rows(os.path.join(source, "zip.test.gz"))
    libsvm = libsvm_rows(os.path.join(source, "usps.t.bz2"))
    if len(libsvm) != len(test) or any(int(float(a[0])) != int(b[0]) for a, b in zip(test, libsvm)):
        sys.exit("usps.t.bz2 does not hold zip.test's images in its order")
    write(os.path.join(out, "esl-test"), test[:1000], test[1000:])
    write(os.path.join(out, "libsvm-test"), libsvm[:1000], libsvm[1000:])
    rescale = lambda rows: [[row[0]] + ["%.6f" % ((float(v) + 1) / 2) for v in row[1:]] for row in rows]
    write(os.path.join(out, "esl-01"), rescale(train), rescale(test))


if __name__ == "__main__":
    main()
