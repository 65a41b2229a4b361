#!/usr/bin/env python3
"""Scores `docflow mail inspect --json` against a mail corpus's truth.jsonl.

Every message file under CORPUS/files is inspected in its own process (so a
crash or a hang is seen and counted, never hidden), then compared with what the
parsers' own test suites assert (CORPUS/truth.jsonl, see its README):

  messages parsed, errors, crashes, timeouts, seconds per message (max);
  attachment count agreement (messages whose count is asserted);
  file-name precision / recall, on complete:true messages and on all
    (on complete:false messages the truth lists only some parts, so "all"
    precision is a lower bound);
  size and content-type agreement on the attachments matched by name (or, for
    nameless ones, by content type);
  the worst disagreements.

Truth conventions: an entry with "kind" other than "attachment" (enmime's
inline / other parts) is listed by the truth but not counted by it, so it is
left out here too; "attachment_count", when present, is the asserted count.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import time
import unicodedata


def norm(name):
    return unicodedata.normalize("NFC", name) if isinstance(name, str) else name


def truth_entries(t):
    return [a for a in t["attachments"] if a.get("kind", "attachment") == "attachment"]


def truth_count(t):
    if "attachment_count" in t and t["attachment_count"] is not None:
        return t["attachment_count"]
    if t["complete"]:
        return len(truth_entries(t))
    return None


def match(ours, truth):
    """Pairs (our_index, truth_index): same file name first, then nameless by type."""
    pairs, used_o, used_t = [], set(), set()
    for ti, ta in enumerate(truth):
        if ta.get("filename") is None:
            continue
        for oi, oa in enumerate(ours):
            if oi not in used_o and oa.get("filename") is not None and norm(oa["filename"]) == norm(ta["filename"]):
                pairs.append((oi, ti))
                used_o.add(oi)
                used_t.add(ti)
                break
    for ti, ta in enumerate(truth):
        if ti in used_t or ta.get("filename") is not None:
            continue
        for oi, oa in enumerate(ours):
            if oi in used_o or oa.get("filename") is not None:
                continue
            if ta.get("content_type") is None or (oa.get("content_type") or "").lower() == ta["content_type"].lower():
                pairs.append((oi, ti))
                used_o.add(oi)
                used_t.add(ti)
                break
    return pairs


def run(binary, path, timeout, extra):
    start = time.monotonic()
    try:
        p = subprocess.run([binary, "mail", "inspect", path, "--json"] + extra, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"status": "timeout"}, time.monotonic() - start
    elapsed = time.monotonic() - start
    if p.returncode < 0 or p.returncode > 1:
        return {"status": "crash", "rc": p.returncode, "stderr": p.stderr.decode(errors="replace")[-300:]}, elapsed
    try:
        out = json.loads(p.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"status": "crash", "rc": p.returncode, "stderr": "no JSON line"}, elapsed
    out["status"] = "error" if out.get("error") else "ok"
    return out, elapsed


def ratio(a, b):
    return f"{a}/{b} = {100.0 * a / b:.1f} %" if b else f"{a}/0"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default="../shared/mail")
    ap.add_argument("--bin", default=os.environ.get("DOCFLOW_BIN", "build/docflow"))
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--inline-images", action="store_true", help="pass --inline-images to docflow mail inspect")
    ap.add_argument("--worst", type=int, default=15)
    ap.add_argument("--jsonl", help="also write each file's output here")
    ap.add_argument("--by-source", action="store_true", help="agreement per corpus source")
    a = ap.parse_args()

    truth = {}
    with open(os.path.join(a.corpus, "truth.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                t = json.loads(line)
                truth[t["file"]] = t
    files = []
    for root, _, names in os.walk(os.path.join(a.corpus, "files")):
        for n in names:
            files.append(os.path.relpath(os.path.join(root, n), a.corpus))
    files.sort()
    extra = ["--inline-images"] if a.inline_images else []

    c = collections.Counter()
    per_source = collections.defaultdict(collections.Counter)
    worst, times = [], []
    dump = open(a.jsonl, "w", encoding="utf-8") if a.jsonl else None
    for rel in files:
        out, elapsed = run(a.bin, os.path.join(a.corpus, rel), a.timeout, extra)
        times.append(elapsed)
        c["messages"] += 1
        c[out["status"]] += 1
        if dump:
            dump.write(json.dumps({"rel": rel, **out}, ensure_ascii=False) + "\n")
        t = truth.get(rel)
        if t is None:
            c["not in truth"] += 1
            continue
        src = t["source"].split("@")[0]
        s = per_source[src]
        s["messages"] += 1
        ours = out.get("attachments", []) if out["status"] in ("ok", "error") else []
        entries = truth_entries(t)
        want = truth_count(t)
        if want is not None:
            c["count asserted"] += 1
            s["count asserted"] += 1
            if len(ours) == want:
                c["count agrees"] += 1
                s["count agrees"] += 1
        pairs = match(ours, entries)
        t_named = [e for e in entries if e.get("filename") is not None]
        o_named = [o for o in ours if o.get("filename") is not None]
        name_hits = sum(1 for oi, ti in pairs if entries[ti].get("filename") is not None)
        for scope in (["complete"] if t["complete"] else []) + ["all"]:
            c[f"{scope} name hits"] += name_hits
            c[f"{scope} truth names"] += len(t_named)
            c[f"{scope} our names"] += len(o_named)
        s["name hits"] += name_hits
        s["truth names"] += len(t_named)
        s["our names"] += len(o_named) if t["complete"] else name_hits
        for oi, ti in pairs:
            e, o = entries[ti], ours[oi]
            if e.get("size") is not None:
                c["size compared"] += 1
                c["size agrees"] += int(o.get("size") == e["size"])
            if e.get("content_type") is not None:
                c["type compared"] += 1
                c["type agrees"] += int((o.get("content_type") or "").lower() == e["content_type"].lower())
        missing = [entries[ti].get("filename") or entries[ti].get("content_type") for ti in range(len(entries))
                   if ti not in {p[1] for p in pairs}]
        extra_ours = [ours[oi].get("filename") or ours[oi].get("content_type") for oi in range(len(ours))
                      if oi not in {p[0] for p in pairs}] if t["complete"] else []
        badness = len(missing) + len(extra_ours) + (abs(len(ours) - want) if want is not None else 0)
        if out["status"] not in ("ok",) or badness:
            worst.append((badness + (10 if out["status"] in ("crash", "timeout") else 0), rel, out, want, missing,
                          extra_ours))
    if dump:
        dump.close()

    print(f"mail corpus: {a.corpus} ({c['messages']} message files)")
    print(f"  parsed without error   {ratio(c['ok'], c['messages'])}")
    print(f"  errors (as values)     {c['error']}")
    print(f"  crashes                {c['crash']}")
    print(f"  timeouts (> {a.timeout:g} s)     {c['timeout']}")
    print(f"  seconds per message    mean {sum(times) / max(1, len(times)):.3f}, max {max(times or [0]):.3f}"
          " (process start included)")
    print(f"  count agreement        {ratio(c['count agrees'], c['count asserted'])}")
    for scope in ("complete", "all"):
        hits, tn, on = c[f"{scope} name hits"], c[f"{scope} truth names"], c[f"{scope} our names"]
        p = hits / on if on else 0.0
        r = hits / tn if tn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        label = "complete:true" if scope == "complete" else "all (precision: lower bound)"
        print(f"  file names, {label:29s} precision {hits}/{on} = {100 * p:.1f} %, recall {hits}/{tn} = "
              f"{100 * r:.1f} %, F1 {100 * f1:.1f} %")
    print(f"  size agreement         {ratio(c['size agrees'], c['size compared'])} (matched attachments with a size)")
    print(f"  content-type agreement {ratio(c['type agrees'], c['type compared'])} (matched attachments with a type)")
    if a.by_source:
        print("  per source: count agreement, name recall")
        for src, s in sorted(per_source.items()):
            print(f"    {src:45s} count {s['count agrees']}/{s['count asserted']}, names {s['name hits']}/{s['truth names']}")
    if a.worst and worst:
        print(f"worst disagreements (of {len(worst)}):")
        worst.sort(key=lambda w: (-w[0], w[1]))
        for bad, rel, out, want, missing, extra_ours in worst[: a.worst]:
            got = len(out.get("attachments", []))
            line = f"  {rel}: {out['status']}"
            if out.get("error"):
                line += f" ({out['error']})"
            line += f", ours {got}" + (f" vs {want} asserted" if want is not None else "")
            if missing:
                line += f"; missing {missing}"
            if extra_ours:
                line += f"; extra {extra_ours}"
            print(line)
    # name=value lines for scripts
    print(f"mail_messages={c['messages']} mail_ok={c['ok']} mail_errors={c['error']} mail_crashes={c['crash']} "
          f"mail_timeouts={c['timeout']} mail_count_agreement={c['count agrees']}/{c['count asserted']}")
    return 1 if c["crash"] or c["timeout"] else 0


if __name__ == "__main__":
    sys.exit(main())
