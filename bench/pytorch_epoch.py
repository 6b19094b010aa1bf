"""Times one pretraining epoch and one DKM fine-tuning epoch of the paper's model in PyTorch.

The same model and loop as `dkm-bench`: auto-encoder d-500-500-2000-K, ReLU hidden layers,
Adam (lr 1e-3), batches of exactly 256 drawn from a reshuffled stream, ceil(n/256) batches
per epoch; fine-tuning adds lambda * mean sum_k f_k softmax(-alpha (f - min f))_k.
Workload "gemm" times the matrix products alone: a 2048 x 2048 square product and the dense
products of one MNIST epoch in nn.Linear's layout (forward x W^T, weight gradient G^T x, input
gradient G W), the floor under PyTorch's own epoch.
Prints one JSON object per measurement.
"""
import argparse
import gzip
import json
import math
import time

import numpy as np
import torch


def generated_corpus(rows, columns, density, seed):
    rng = np.random.default_rng(seed)
    per_row = max(1, int(columns * density))
    indptr = np.arange(rows + 1) * per_row
    indices = np.concatenate([np.sort(rng.choice(columns, per_row, replace=False)) for _ in range(rows)])
    values = rng.uniform(0.1, 1, size=rows * per_row).astype(np.float32)
    values = values.reshape(rows, per_row)
    values /= np.linalg.norm(values, axis=1, keepdims=True)
    return indptr, indices, values.ravel()


def mnist(directory):
    def read(name, offset):
        with gzip.open(f"{directory}/{name}", "rb") as f:
            return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)
    parts = []
    for part in ("train", "t10k"):
        images = read(f"{part}-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float32) / 255
        labels = read(f"{part}-labels-idx1-ubyte.gz", 8)
        parts.append(images[np.argsort(labels, kind="stable")])
    return np.concatenate(parts)


class Autoencoder(torch.nn.Module):
    def __init__(self, d, k):
        super().__init__()
        sizes = [d, 500, 500, 2000, k, 2000, 500, 500, d]
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        for layer in self.layers:
            torch.nn.init.xavier_uniform_(layer.weight)
            torch.nn.init.zeros_(layer.bias)
        self.embedding_index = 3

    def forward(self, x):
        embedding = None
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i == self.embedding_index:
                embedding = x
            elif i != len(self.layers) - 1:
                x = torch.relu(x)
        return embedding, x


def sorted_timings(count, body):
    """The seconds of `count` calls of body, timed one by one, fastest first."""
    times = []
    for _ in range(count):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return sorted(times)


def gemm_report(phase, flops, repetitions, body):
    body()  # warm-up
    times = sorted_timings(repetitions, body)
    median = times[len(times) // 2]
    print(json.dumps({"implementation": "pytorch", "workload": "gemm", "phase": phase,
                      "seconds": round(median, 4), "min_seconds": round(times[0], 4),
                      "gflops": round(flops / median / 1e9, 1), "threads": torch.get_num_threads(),
                      "torch": torch.__version__}), flush=True)


def measure_gemm(epochs):
    side = 2048
    a, b = torch.rand(side, side) * 2 - 1, torch.rand(side, side) * 2 - 1
    c = torch.empty(side, side)
    gemm_report("square-2048", 2 * side ** 3, 5, lambda: torch.mm(a, b, out=c))
    sizes, batch = [784, 500, 500, 2000, 10, 2000, 500, 500, 784], 256
    batches = math.ceil(70000 / batch)
    layers = []
    flops = 0
    for index, (i, o) in enumerate(zip(sizes, sizes[1:])):
        layers.append({"x": torch.rand(batch, i) * 2 - 1, "w": torch.rand(o, i) * 2 - 1,
                       "g": torch.rand(batch, o) * 2 - 1, "y": torch.empty(batch, o),
                       "dw": torch.empty(o, i), "dx": torch.empty(batch, i)})
        flops += 2 * batch * i * o * (2 if index == 0 else 3)

    def epoch():
        for _ in range(batches):
            for layer in layers:
                torch.mm(layer["x"], layer["w"].t(), out=layer["y"])
            for index in reversed(range(len(layers))):
                layer = layers[index]
                torch.mm(layer["g"].t(), layer["x"], out=layer["dw"])
                if index > 0:
                    torch.mm(layer["g"], layer["w"], out=layer["dx"])

    gemm_report("mnist-epoch-products", flops * batches, epochs, epoch)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workload", choices=["sparse", "mnist", "gemm"], default="sparse")
    parser.add_argument("--input", choices=["dense", "sparse"], default="dense",
                        help="feed the sparse corpus as a dense tensor or as a sparse CSR tensor")
    parser.add_argument("--mnist", default="../shared/datasets/mnist")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--precision", choices=["fp32", "bf16"], default="fp32",
                        help="bf16: forward and loss under torch.autocast('cpu', dtype=torch.bfloat16)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(8905)
    if args.workload == "gemm":
        measure_gemm(args.epochs)
        return

    if args.workload == "sparse":
        indptr, indices, values = generated_corpus(18846, 2000, 0.05, 8905)
        dense = np.zeros((18846, 2000), dtype=np.float32)
        for r in range(18846):
            dense[r, indices[indptr[r]:indptr[r + 1]]] = values[indptr[r]:indptr[r + 1]]
        data = torch.from_numpy(dense)
        csr = data.to_sparse_csr() if args.input == "sparse" else None
        k = 20
    else:
        data = torch.from_numpy(mnist(args.mnist))
        csr = None
        k = 10
    n, d = data.shape
    batch = 256
    batches = math.ceil(n / batch)
    model = Autoencoder(d, k)
    representatives = torch.nn.Parameter(torch.empty(k, k).uniform_(-1, 1))
    optimizer = torch.optim.Adam(list(model.parameters()) + [representatives], lr=1e-3)
    generator = torch.Generator().manual_seed(8905)
    stream = {"order": torch.randperm(n, generator=generator), "position": 0}

    def next_batch():
        picked, count = [], 0
        while count < batch:
            if stream["position"] == n:
                stream["order"] = torch.randperm(n, generator=generator)
                stream["position"] = 0
            take = min(batch - count, n - stream["position"])
            picked.append(stream["order"][stream["position"]:stream["position"] + take])
            stream["position"] += take
            count += take
        return torch.cat(picked)

    def first_layer_input(index):
        target = data[index]
        if csr is None:
            return target, target
        return target.to_sparse_csr(), target

    def step(alpha, lam):
        index = next_batch()
        x, target = first_layer_input(index)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.precision == "bf16"):
            loss = forward_loss(x, target, alpha, lam)
        optimizer.zero_grad(set_to_none=False)
        loss.backward()
        optimizer.step()

    def forward_loss(x, target, alpha, lam):
        if csr is not None:
            first = model.layers[0]
            h = torch.relu(torch.sparse.mm(x, first.weight.t()) + first.bias)
            for i, layer in enumerate(model.layers[1:], start=1):
                h = layer(h)
                if i == model.embedding_index:
                    embedding = h
                elif i != len(model.layers) - 1:
                    h = torch.relu(h)
            output = h
        else:
            embedding, output = model(x)
        loss = ((output - target) ** 2).sum(dim=1).mean()
        if alpha is not None:
            f = ((embedding[:, None, :] - representatives[None, :, :]) ** 2).sum(dim=2)
            g = torch.softmax(-alpha * (f - f.min(dim=1, keepdim=True).values), dim=1)
            loss = loss + lam * (f * g).sum(dim=1).mean()
        return loss

    def measure(phase, alpha):
        for _ in range(3):  # warm-up
            step(alpha, 1.0)
        def epoch():
            for _ in range(batches):
                step(alpha, 1.0)
        times = sorted_timings(args.epochs, epoch)
        print(json.dumps({"implementation": f"pytorch-{args.input}-input" + ("-bf16-autocast" if args.precision == "bf16" else ""), "workload": args.workload, "phase": phase,
                          "seconds_per_epoch": round(times[len(times) // 2], 3), "min_seconds": round(times[0], 3),
                          "epochs": len(times), "threads": torch.get_num_threads(), "torch": torch.__version__}), flush=True)

    measure("pretrain", None)
    measure("finetune", 1000.0)


if __name__ == "__main__":
    main()
