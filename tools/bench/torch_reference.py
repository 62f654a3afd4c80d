#!/usr/bin/env python3
"""Reference training throughput of the seed study's LSTM autoencoder, in PyTorch on the CPU.

tools/bench divides its own figures by this one's (tools/bench/torch-runner.mjs runs it). PyTorch is never a
dependency of seqsweep: install it only to compare, with an optimised BLAS beside it, as its users run it
(Debian: `apt-get install -y python3-torch libopenblas0-pthread`, then run this file with /usr/bin/python3).
`python3-torch` alone can leave the libblas.so.3 alternative on netlib's reference BLAS, about 5x slower on the
MNIST-rows shape (issue 26): every run therefore reports the BLAS this process loaded.

Model "ae" (the seed's LSTM_AE): encoder LSTM(F -> H), decoder LSTM(H -> F), MSE against the input.
Model "ae-classifier" (the seed's V4): two such autoencoders; the second one's last step feeds Linear(F,F)-ReLU-Linear(F,10).
Training: Adam, gradient clipping by global norm, mini-batches, random data of the given shape.
Prints one JSON line: {"framework": "pytorch", ..., "blas": {...}, "samples_per_s": N, "samples_per_cpu_s": N}
(the second over the process's CPU time, all its threads: steadier than wall time on a loaded machine).
`--blas-only` prints only {"blas": {...}} after one small matrix product (so the BLAS is loaded).
"""
import argparse, ctypes, json, os, re, time
import torch


class _DlInfo(ctypes.Structure):
    _fields_ = [("dli_fname", ctypes.c_char_p), ("dli_fbase", ctypes.c_void_p), ("dli_sname", ctypes.c_char_p), ("dli_saddr", ctypes.c_void_p)]


def sgemm_provider():
    """The file whose sgemm_ this process's global symbol lookup finds: the BLAS torch's calls land in."""
    try:
        process = ctypes.CDLL(None)
        address = ctypes.cast(process.sgemm_, ctypes.c_void_p)
        info = _DlInfo()
        process.dladdr.argtypes = [ctypes.c_void_p, ctypes.POINTER(_DlInfo)]
        if process.dladdr(address, ctypes.byref(info)) and info.dli_fname:
            return os.path.realpath(info.dli_fname.decode())
    except (OSError, AttributeError):
        pass
    return None


def blas_info():
    """Which BLAS this process loaded (from /proc/self/maps and the library sgemm_ resolves to), and its core."""
    try:
        maps = open("/proc/self/maps").read()
    except OSError:
        maps = ""
    mapped = sorted(set(re.findall(r"(/\S*(?:blas|mkl)\S*\.so[\S]*)", maps)))
    config = torch.__config__.show()
    # torch's libraries are loaded locally, so sgemm_ is global only when something preloaded it; else the
    # libblas.so.3 the dynamic loader mapped for torch is the one its calls land in.
    provider = sgemm_provider() or next((p for p in mapped if os.path.basename(p).startswith("libblas.so")), None)
    info = {"sgemm": provider or "not found", "mapped": mapped}
    if provider and "openblas" in provider:
        info["library"] = "openblas"
        core = next((p for p in mapped if "libopenblas" in p), provider)
        try:
            so = ctypes.CDLL(core)
            so.openblas_get_corename.restype = ctypes.c_char_p
            so.openblas_get_config.restype = ctypes.c_char_p
            info["core"] = so.openblas_get_corename().decode()
            info["config"] = so.openblas_get_config().decode().strip()
            info["threads"] = so.openblas_get_num_threads()
        except (OSError, AttributeError) as e:
            info["core"] = f"unknown ({e})"
    elif (provider and "mkl" in provider) or "Math Kernel Library" in config or "BLAS_INFO=mkl" in config:
        info["library"] = "mkl"
    elif provider and re.search(r"/blas/libblas\.so", provider):
        info["library"] = "reference"
    else:
        info["library"] = "unknown"
    return info


class AE(torch.nn.Module):
    def __init__(self, f, h):
        super().__init__()
        self.enc = torch.nn.LSTM(f, h, batch_first=True)
        self.dec = torch.nn.LSTM(h, f, batch_first=True)

    def forward(self, x):
        z, _ = self.enc(x)
        y, _ = self.dec(z)
        return y


class AEClassifier(torch.nn.Module):
    def __init__(self, f, h, classes=10):
        super().__init__()
        self.rec, self.cls_ae = AE(f, h), AE(f, h)
        self.head = torch.nn.Sequential(torch.nn.Linear(f, f), torch.nn.ReLU(), torch.nn.Linear(f, classes))

    def forward(self, x):
        return self.rec(x), self.head(self.cls_ae(x)[:, -1, :])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["ae", "ae-classifier"], default="ae")
    p.add_argument("--seq", type=int, default=28)
    p.add_argument("--features", type=int, default=28)
    p.add_argument("--hidden", type=int, default=16)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--samples", type=int, default=128 * 40)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--clip", type=float, default=1.0)
    p.add_argument("--blas-only", action="store_true")
    a = p.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(a.threads)
    if a.blas_only:
        torch.mm(torch.rand(64, 64), torch.rand(64, 64))
        print(json.dumps({"version": torch.__version__, "blas": blas_info()}))
        return
    x = torch.rand(a.samples, a.seq, a.features)
    y = torch.randint(0, 10, (a.samples,))
    m = AE(a.features, a.hidden) if a.model == "ae" else AEClassifier(a.features, a.hidden)
    opt = torch.optim.Adam(m.parameters(), lr=a.lr)

    def epoch():
        loss = None
        for i in range(0, a.samples - a.batch + 1, a.batch):
            xb, yb = x[i:i + a.batch], y[i:i + a.batch]
            opt.zero_grad()
            if a.model == "ae":
                loss = torch.nn.functional.mse_loss(m(xb), xb)
            else:
                rec, logits = m(xb)
                loss = 0.5 * torch.nn.functional.mse_loss(rec, xb) + 0.5 * torch.nn.functional.cross_entropy(logits, yb)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(m.parameters(), a.clip)
            opt.step()
        return loss.item()

    epoch()  # warm-up
    t0, c0 = time.perf_counter(), time.process_time()
    loss = epoch()
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = (a.samples // a.batch) * a.batch
    print(json.dumps({"framework": "pytorch", "version": torch.__version__, "model": a.model, "seq": a.seq,
                      "features": a.features, "hidden": a.hidden, "batch": a.batch, "threads": a.threads,
                      "blas": blas_info(), "loss": round(loss, 5), "samples_per_s": round(n / dt, 1),
                      "samples_per_cpu_s": round(n / cpu, 1) if cpu > 0 else None}))


if __name__ == "__main__":
    main()
