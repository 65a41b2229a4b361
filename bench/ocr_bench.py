#!/usr/bin/python3
"""OCR benchmark: docflow's OCR against the plain `tesseract` CLI on pages of known text.

usage (normally through bench/ocr.sh, from the repository root):
  ocr_bench.py [PAGES_DIR]            pages with PAGES_DIR/truth.jsonl (default samples/ocr)
  ocr_bench.py --corpus CORPUS_DIR    the corpus documents whose truth has "ocr_text"
  ocr_bench.py --scaling DIR          pages/s of `docflow ocr --threads 1` vs `--threads 2`
                                      (one process over all the pages; --repeat N: best of N)
options: --docflow PATH (default build/docflow), --langs L and --psm N (default: docflow's
  effective ocr.languages / ocr.page_seg_mode), --timeout S per process (default 300),
  --no-tesseract, --jsonl OUT (per-file results), --quiet (no per-file table).

Two truth formats are read, and may be mixed:
  samples/ocr/truth.jsonl:  {"file": "x.png", "text": "...", "degradation": "skew5", ...}
  corpus truth.jsonl:       {"file": "files/...pdf", "kind": "pdf-image", "ocr_text": "files/...txt"}
Files are relative to the truth's folder. Pages are grouped by "degradation" (else "kind").

For each file, sequentially (one process at a time, so timings are not disturbed):
  docflow:   OMP_THREAD_LIMIT=1 docflow ocr FILE --json --threads 1
  tesseract: OMP_THREAD_LIMIT=1 tesseract FILE - -l LANGS --psm N; a PDF is first
             rasterised with `pdftoppm -r 300 -gray -png` (its time is counted to
             tesseract, since docflow renders PDFs itself) and the page images are
             given to one tesseract process as a list file.
Then, warm: one `docflow ocr` process over all the files and one tesseract
process over a list of all the page images, seconds per page with each engine
loaded once (as in docflow's OCR workers).
Wall time is measured around each process; peak RSS comes from os.wait4() on that
very process (the kernel's ru_maxrss, which also covers its waited-for children),
so no /usr/bin/time and no RUSAGE_CHILDREN deltas are needed. One warm-up run of
each engine (not counted) loads the traineddata into the page cache first.

Metrics, on text normalised the same way on both sides (Unicode NFKC, typographic
quotes and dashes folded to ASCII, runs of whitespace -> one space):
  CER        = character Levenshtein distance / reference characters
  WER        = word Levenshtein distance / reference words
  word error = 1 - F1 of the bags of words (order-free: reading-order slips cost less)
Groups and the overall line are micro-averaged (sums of distances over sums of
lengths); seconds per page = total seconds / total pages; RSS = the largest peak.
A file an engine fails on (error, crash, timeout) counts as empty output: CER 1.0.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections import Counter

DEFAULT_LANGS, DEFAULT_PSM = "eng+fra", 3
# Display order of the degradation groups (others follow alphabetically).
GROUP_ORDER = ["clean", "rotate90", "rotate180", "rotate270", "skew2", "skew5", "skew8",
               "blur", "noise", "jpeg40", "dpi150", "scan200", "photo"]
IMAGE_EXT = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp", ".pnm", ".pdf")


# --------------------------------------------------------------------------
# Text metrics
# --------------------------------------------------------------------------
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                       "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
                       "\u00ab": '"', "\u00bb": '"',
                       "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                       "\u2014": "-", "\u2015": "-", "\u2212": "-"})


def normalise(text):
    """NFKC (ligatures, no-break spaces), ASCII quotes and dashes, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return " ".join(text.split())


def levenshtein(a, b):
    """Edit distance between two sequences (str, or lists of words).

    Bit-parallel algorithm of Myers (1999) in Hyyrö's formulation: one column
    of the DP matrix is held as bit vectors in Python integers, so each symbol
    of `b` costs a dozen big-integer operations on len(a) bits, done in C.
    A 3,000-character page against its OCR takes a few milliseconds, an
    18,000-character document well under a second.
    """
    if len(a) < len(b):
        a, b = b, a                       # the longer one becomes the bit vector
    m = len(a)
    if m == 0 or not b:
        return m
    peq = {}                              # symbol -> bitmask of its positions in a
    for i, c in enumerate(a):
        peq[c] = peq.get(c, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m            # vertical +1 / -1 deltas; D[m][0] = m
    for c in b:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | ~(xh | pv)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) | 1                # row 0 is D[0][j] = j: +1 each column
        mh <<= 1
        pv = (mh | ~(xv | ph)) & mask
        mv = ph & xv & mask
    return score


def score(reference, hypothesis):
    """Raw counts for one file; the rates are computed from sums of these."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    rw, hw = ref.split(), hyp.split()
    common = sum((Counter(rw) & Counter(hw)).values())
    return {"char_dist": levenshtein(ref, hyp), "ref_chars": len(ref),
            "word_dist": levenshtein(rw, hw), "ref_words": len(rw),
            "hyp_words": len(hw), "common_words": common}


def rates(counts):
    """CER, WER and word error (1 - bag-of-words F1) from summed counts."""
    def ratio(num, den):
        return num / den if den else (0.0 if num == 0 else 1.0)
    words = counts["ref_words"] + counts["hyp_words"]
    return {"cer": ratio(counts["char_dist"], counts["ref_chars"]),
            "wer": ratio(counts["word_dist"], counts["ref_words"]),
            "word_error": 1 - 2 * counts["common_words"] / words if words else 0.0}


# --------------------------------------------------------------------------
# Running one process and measuring it
# --------------------------------------------------------------------------
def run(cmd, timeout, env=None, stdout_path=None):
    """Runs cmd; returns (exit code or None on timeout, stdout, stderr, seconds, peak RSS MB).

    The child is reaped with os.wait4(), which returns the rusage of that process
    (and of the children it waited for): its ru_maxrss is this run's peak RSS in KiB.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            p = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 env=env, start_new_session=True)
        except OSError as e:
            return 127, "", str(e), 0.0, 0.0
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(p.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)   # already reaped: tell Popen
        out.seek(0)
        err.seek(0)
        rc = None if timed_out.is_set() else p.returncode
        return (rc, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                seconds, usage.ru_maxrss / 1024.0)


def ocr_env():
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"        # both engines single-threaded, as docflow's workers
    return env


def docflow_ocr(docflow, path, timeout):
    """docflow ocr on one file: {"text", "seconds", "rss_mb", "error", "note"}."""
    rc, out, err, secs, rss = run([docflow, "ocr", path, "--json", "--threads", "1"],
                                  timeout, ocr_env())
    res = {"text": "", "seconds": secs, "rss_mb": rss, "error": None, "note": ""}
    if rc is None:
        res["error"] = f"timeout after {timeout:.0f} s"
        return res
    doc = None
    for line in out.splitlines():
        if line.startswith("{"):
            try:
                doc = json.loads(line)
            except ValueError:
                pass
    if doc is None:
        res["error"] = f"exit {rc}, no JSON: {last_line(err)}"
    elif "error" in doc:
        res["error"] = str(doc["error"])
    else:
        pages = doc.get("pages", [])
        res["text"] = "\n".join(p.get("text", "") for p in pages)
        res["note"] = "+".join(sorted({str(p.get("source", "?")) for p in pages}))
        confs = [p["mean_confidence"] for p in pages if "mean_confidence" in p]
        if confs:
            res["note"] += f" conf {sum(confs) / len(confs):.0f}"
    return res


def tesseract_ocr(path, langs, psm, timeout):
    """The tesseract CLI on one file (a PDF rasterised first): same result dict."""
    res = {"text": "", "seconds": 0.0, "rss_mb": 0.0, "error": None, "note": ""}
    with tempfile.TemporaryDirectory(prefix="ocrbench-") as tmp:
        source = path
        if path.lower().endswith(".pdf"):
            rc, _, err, secs, rss = run(["pdftoppm", "-r", "300", "-gray", "-png", path,
                                         os.path.join(tmp, "p")], timeout)
            res["seconds"] += secs
            res["rss_mb"] = max(res["rss_mb"], rss)
            images = sorted(f for f in os.listdir(tmp) if f.endswith(".png"))
            if rc != 0 or not images:
                res["error"] = f"pdftoppm failed (exit {rc}): {last_line(err)}"
                return res
            source = os.path.join(tmp, "pages.txt")   # tesseract reads a list of images
            with open(source, "w") as f:
                f.write("".join(os.path.join(tmp, i) + "\n" for i in images))
            res["note"] = f"pdftoppm {secs:.1f}s"
        rc, out, err, secs, rss = run(["tesseract", source, "-", "-l", langs, "--psm", str(psm)],
                                      timeout, ocr_env())
        res["seconds"] += secs
        res["rss_mb"] = max(res["rss_mb"], rss)
        if rc != 0:
            res["error"] = (f"timeout after {timeout:.0f} s" if rc is None
                            else f"exit {rc}: {last_line(err)}")
        else:
            res["text"] = out
    return res


def last_line(s):
    lines = [l for l in s.strip().splitlines() if l.strip()]
    return lines[-1][:160] if lines else ""


def page_count(path):
    """Pages in a file: pdfinfo for PDFs, frames for images (1 when unknown)."""
    try:
        if path.lower().endswith(".pdf"):
            out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
            m = re.search(r"^Pages:\s+(\d+)", out, re.M)
            return int(m.group(1)) if m else 1
        from PIL import Image
        with Image.open(path) as im:
            return getattr(im, "n_frames", 1)
    except Exception:
        return 1


def docflow_settings(docflow):
    """(languages, page segmentation mode) docflow itself uses, from `docflow config`."""
    try:
        out = subprocess.run([docflow, "config"], capture_output=True, text=True, timeout=30).stdout
        ocr = json.loads(out[out.index("{"):]).get("ocr", {})
        return ocr.get("languages") or DEFAULT_LANGS, int(ocr.get("page_seg_mode", DEFAULT_PSM))
    except Exception:
        return DEFAULT_LANGS, DEFAULT_PSM


# --------------------------------------------------------------------------
# Truth
# --------------------------------------------------------------------------
def load_truth(folder):
    """[(path, group, reference text)] for every truth line that has a transcription."""
    items = []
    truth = os.path.join(folder, "truth.jsonl")
    with open(truth, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            if "text" in row:
                ref = row["text"]
            elif "ocr_text" in row:
                with open(os.path.join(folder, row["ocr_text"]), encoding="utf-8") as t:
                    ref = t.read()
            else:
                continue
            group = row.get("degradation") or row.get("kind") or "all"
            items.append((os.path.join(folder, row["file"]), group, ref))
    return items


def group_key(g):
    return (GROUP_ORDER.index(g), g) if g in GROUP_ORDER else (len(GROUP_ORDER), g)


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------
def fmt_ratio(a, b):
    if a is None or b is None:
        return "-"
    if b == 0:
        return "-" if a == 0 else "inf"
    return f"{a / b:.2f}"


def aggregate(results, engine):
    counts = Counter()
    secs = rss = 0.0
    pages = failures = 0
    for r in results:
        e = r[engine]
        counts.update(e["counts"])
        secs += e["seconds"]
        rss = max(rss, e["rss_mb"])
        pages += r["pages"]
        failures += e["error"] is not None
    out = rates(counts)
    out.update(seconds_per_page=secs / pages if pages else 0.0, rss_mb=rss,
               failures=failures, pages=pages, files=len(results))
    return out


def print_report(results, engines, min_gap, max_cer):
    groups = sorted({r["group"] for r in results}, key=group_key)
    rows = [(g, [r for r in results if r["group"] == g]) for g in groups] + [("ALL", results)]
    agg = {(g, e): aggregate(rs, e) for g, rs in rows for e in engines}
    both = "tesseract" in engines

    def trio(g, key, f):
        d = agg[(g, "docflow")][key]
        if not both:
            return f"{f.format(d):>8} {'-':>8} {'-':>6}"
        t = agg[(g, "tesseract")][key]
        return f"{f.format(d):>8} {f.format(t):>8} {fmt_ratio(d, t):>6}"

    cols = f"{'docflow':>8} {'tess':>8} {'d/t':>6}"     # 24 characters, like trio()
    left = f"{'group':<10} {'files':>5} {'pages':>5}"

    def header(*titles):
        print("\n" + " " * len(left) + "".join(f" | {t:^24}" for t in titles))
        print(left + f" | {cols}" * len(titles))

    header("CER", "WER", "1-F1 (bag of words)")
    for g, _ in rows:
        if g == "ALL":
            print("-" * (len(left) + 3 * 27))
        a = agg[(g, "docflow")]
        print(f"{g:<10} {a['files']:>5} {a['pages']:>5} | {trio(g, 'cer', '{:.4f}')} | "
              f"{trio(g, 'wer', '{:.4f}')} | {trio(g, 'word_error', '{:.4f}')}")
    header("seconds per page", "peak RSS MB")
    for g, _ in rows:
        if g == "ALL":
            print("-" * (len(left) + 2 * 27 + 26))
        a = agg[(g, "docflow")]
        tf = agg[(g, "tesseract")]["failures"] if both else "-"
        print(f"{g:<10} {a['files']:>5} {a['pages']:>5} | {trio(g, 'seconds_per_page', '{:.2f}')} | "
              f"{trio(g, 'rss_mb', '{:.0f}')} | failures {a['failures']}/{tf}")

    if any(r[e]["error"] for r in results for e in engines):
        print("\nfailures (scored as empty output, CER 1.0):")
        for r in results:
            for e in engines:
                if r[e]["error"]:
                    print(f"  {e:<9} {r['file']}: {r[e]['error']}")

    print()
    if both:
        behind = [(g, agg[(g, "docflow")]["cer"], agg[(g, "tesseract")]["cer"])
                  for g in groups
                  if agg[(g, "docflow")]["cer"] - agg[(g, "tesseract")]["cer"] > min_gap]
        print(f"docflow behind tesseract (CER higher by > {min_gap:g}): " +
              (", ".join(f"{g} ({d:.3f} vs {t:.3f})" for g, d, t in behind) or "none"))

    weak = [(g, agg[(g, "docflow")]["cer"]) for g in groups
            if agg[(g, "docflow")]["cer"] > max_cer]
    print(f"docflow CER above {max_cer:g}: " +
          (", ".join(f"{g} ({c:.3f})" for g, c in weak) or "none"))

    # name=value lines, for scripts and for quoting
    print()
    names = {"cer": "cer", "wer": "wer", "word_error": "word_error",
             "seconds_per_page": "seconds_per_page", "rss_mb": "peak_rss_mb"}
    a = agg[("ALL", "docflow")]
    print(f"ocr.files={a['files']}")
    print(f"ocr.pages={a['pages']}")
    for e in engines:
        print(f"{e}.failures={agg[('ALL', e)]['failures']}")
    for key, name in names.items():
        for e in engines:
            print(f"{e}.{name}={agg[('ALL', e)][key]:.4f}")
        if both:
            print(f"ratio.{name}={fmt_ratio(agg[('ALL', 'docflow')][key], agg[('ALL', 'tesseract')][key])}")
    for g in groups:
        for e in engines:
            print(f"{e}.cer.{g}={agg[(g, e)]['cer']:.4f}")
    for g in groups:
        for e in engines:
            print(f"{e}.word_error.{g}={agg[(g, e)]['word_error']:.4f}")


def print_pages(r, engines):
    d = r["docflow"]
    line = (f"  {os.path.basename(r['file'])[:34]:<34} {r['group']:<9} "
            f"CER {rates(d['counts'])['cer']:.3f}")
    if "tesseract" in engines:
        t = r["tesseract"]
        line += f"/{rates(t['counts'])['cer']:.3f}  s {d['seconds']:5.1f}/{t['seconds']:5.1f}"
        line += f"  MB {d['rss_mb']:4.0f}/{t['rss_mb']:4.0f}"
    else:
        line += f"  s {d['seconds']:5.1f}  MB {d['rss_mb']:4.0f}"
    line += f"  {('ERROR ' + d['error'][:50]) if d['error'] else d['note']}"
    print(line, flush=True)


# --------------------------------------------------------------------------
# Modes
# --------------------------------------------------------------------------
def bench(args, folder):
    items = load_truth(folder)
    if not items:
        sys.exit(f"{folder}/truth.jsonl has no page with a transcription (text / ocr_text)")
    missing = [p for p, _, _ in items if not os.path.exists(p)]
    if missing:
        sys.exit(f"missing files: {', '.join(missing[:5])}")
    engines = ["docflow"]
    if not args.no_tesseract:
        if shutil.which("tesseract"):
            engines.append("tesseract")
        else:
            print("tesseract not found: docflow only", file=sys.stderr)
    langs, psm = docflow_settings(args.docflow)
    langs, psm = args.langs or langs, args.psm if args.psm is not None else psm
    print(f"OCR benchmark: {len(items)} files from {folder}; engines: {', '.join(engines)}; "
          f"languages {langs}, psm {psm}, OMP_THREAD_LIMIT=1, one process per file, sequential")

    # Warm-up (not counted): traineddata and binaries into the page cache.
    docflow_ocr(args.docflow, items[0][0], args.timeout)
    if "tesseract" in engines:
        tesseract_ocr(items[0][0], langs, psm, args.timeout)

    results = []
    if not args.quiet:
        print("per file: CER docflow/tesseract, seconds, peak RSS MB, docflow's page source")
    for path, group, ref in items:
        r = {"file": path, "group": group, "pages": page_count(path)}
        r["docflow"] = docflow_ocr(args.docflow, path, args.timeout)
        if "tesseract" in engines:
            r["tesseract"] = tesseract_ocr(path, langs, psm, args.timeout)
        for e in engines:
            r[e]["counts"] = score(ref, r[e]["text"])
        results.append(r)
        if not args.quiet:
            print_pages(r, engines)
    if args.jsonl:
        with open(args.jsonl, "w", encoding="utf-8") as f:
            for r in results:
                row = {"file": r["file"], "group": r["group"], "pages": r["pages"]}
                for e in engines:
                    row[e] = {k: v for k, v in r[e].items() if k != "text"}
                    row[e].update(rates(r[e]["counts"]))
                    row[e]["text"] = r[e]["text"]
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print_report(results, engines, args.min_gap, args.max_cer)
    if "tesseract" in engines and not args.no_warm:
        warm(args, [p for p, _, _ in items], sum(r["pages"] for r in results), langs, psm)


def warm(args, files, pages, langs, psm):
    """Seconds per page with each engine loaded once: one `docflow ocr` process
    over every file, and one tesseract process over a list of every page image
    (PDFs rasterised by pdftoppm first, that time counted to tesseract)."""
    rc, _, err, d_secs, _ = run([args.docflow, "ocr", *files, "--json", "--threads", "1"],
                                args.timeout * len(files), ocr_env())
    if rc != 0:
        print(f"warm: docflow failed (exit {rc}): {last_line(err)}")
        return
    with tempfile.TemporaryDirectory(prefix="ocrbench-warm-") as tmp:
        images, t_secs = [], 0.0
        for i, path in enumerate(files):
            if not path.lower().endswith(".pdf"):
                images.append(path)
                continue
            _, _, _, secs, _ = run(["pdftoppm", "-r", "300", "-gray", "-png", path,
                                    os.path.join(tmp, f"{i:04d}")], args.timeout)
            t_secs += secs
            images += sorted(os.path.join(tmp, f) for f in os.listdir(tmp)
                             if f.startswith(f"{i:04d}") and f.endswith(".png"))
        listing = os.path.join(tmp, "pages.txt")
        with open(listing, "w") as f:
            f.write("".join(p + "\n" for p in images))
        rc, _, err, secs, _ = run(["tesseract", listing, "-", "-l", langs, "--psm", str(psm)],
                                  args.timeout * len(files), ocr_env())
        if rc != 0:
            print(f"warm: tesseract failed (exit {rc}): {last_line(err)}")
            return
        t_secs += secs
    d, t = d_secs / pages, t_secs / pages
    print(f"\nwarm (each engine loaded once, one process over all {pages} pages): "
          f"docflow {d:.2f} s/page, tesseract {t:.2f} s/page, docflow/tesseract {d / t:.2f}")
    print(f"docflow.warm_seconds_per_page={d:.3f}\ntesseract.warm_seconds_per_page={t:.3f}\n"
          f"warm_ratio={d / t:.3f}")


def scaling(args, folder):
    """Throughput of one `docflow ocr` over the same pages with 1 and 2 threads."""
    if os.path.exists(os.path.join(folder, "truth.jsonl")):
        files = [p for p, _, _ in load_truth(folder)]
    else:
        files = sorted(os.path.join(folder, f) for f in os.listdir(folder)
                       if f.lower().endswith(IMAGE_EXT))
    if not files:
        sys.exit(f"no pages in {folder}")
    print(f"OCR scaling: {len(files)} files from {folder}, OMP_THREAD_LIMIT=1, "
          f"{os.cpu_count()} CPUs, best of {max(1, args.repeat)}; load average "
          f"{os.getloadavg()[0]:.2f} (other load skews these figures)")
    run([args.docflow, "ocr", files[0], "--json"], args.timeout, ocr_env())   # warm-up
    figures = {}
    for threads in args.threads:
        # Best of --repeat runs: the least disturbed by other load on the machine.
        rc, out, err, secs, rss = min(
            (run([args.docflow, "ocr", *files, "--json", "--threads", str(threads)],
                 args.timeout * len(files), ocr_env()) for _ in range(max(1, args.repeat))),
            key=lambda r: r[3])
        pages = errors = 0
        for line in out.splitlines():
            if line.startswith("{"):
                doc = json.loads(line)
                pages += len(doc.get("pages", []))
                errors += "error" in doc
        pps = pages / secs if secs else 0.0
        figures[threads] = pps
        print(f"threads={threads} pages={pages} errors={errors} seconds={secs:.1f} "
              f"pages_per_second={pps:.3f} peak_rss_mb={rss:.0f}"
              + ("" if rc == 0 else f" exit={rc}"), flush=True)
    if len(args.threads) >= 2:
        lo, hi = args.threads[0], args.threads[-1]
        print(f"scaling_ratio={figures[hi] / figures[lo]:.2f}   "
              f"(pages/s with {hi} threads / with {lo}; ideal {hi / lo:.0f})"
              if figures[lo] else "scaling_ratio=-")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pages", nargs="?", default="samples/ocr", help="folder with truth.jsonl")
    ap.add_argument("--corpus", help="corpus folder (its documents with ocr_text)")
    ap.add_argument("--scaling", metavar="DIR", help="measure pages/s with 1 vs 2 threads")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="for --scaling")
    ap.add_argument("--repeat", type=int, default=1, help="for --scaling: best of N runs")
    ap.add_argument("--docflow", default=os.environ.get("DOCFLOW_BIN", "build/docflow"))
    ap.add_argument("--langs", help="tesseract languages (default: docflow's ocr.languages)")
    ap.add_argument("--psm", type=int, help="tesseract page segmentation mode (default: docflow's)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per process")
    ap.add_argument("--no-tesseract", action="store_true", help="docflow only")
    ap.add_argument("--min-gap", type=float, default=0.01,
                    help="CER gap above which a group is listed as lost to tesseract")
    ap.add_argument("--max-cer", type=float, default=0.05,
                    help="CER above which a group is listed as weak for docflow")
    ap.add_argument("--jsonl", help="write per-file results (with the OCR text) here")
    ap.add_argument("--quiet", action="store_true", help="no per-file lines")
    ap.add_argument("--no-warm", action="store_true",
                    help="skip the warm run (one process per engine over all files)")
    args = ap.parse_args()
    if not os.access(args.docflow, os.X_OK):
        sys.exit(f"{args.docflow} not found: cmake --build build --target docflow")
    if args.scaling:
        scaling(args, args.scaling.rstrip("/"))
    else:
        bench(args, (args.corpus or args.pages).rstrip("/"))


if __name__ == "__main__":
    main()
