#!/usr/bin/env python3
"""Export public datasets of real scraped text, fetched as git mirrors, into the folder
layout that `examples/real_eval.rs` reads: one subfolder per set, each holding
`docs.jsonl` (one {"id", "text"} object per line). Nothing here is committed data.

usage: scripts/real-export.py MIRRORS_DIR OUT_DIR

MIRRORS_DIR holds the mirrors the search tool's `fetch` made (owner+name/repo):
  uds-lsv/GermEval-2018-Data          German tweets (train and test)
  germeval2021toxic/SharedTask        German Facebook comments under news posts
  scrapinghub/article-extraction-benchmark
                                      181 real web pages (mostly English): the
                                      trafilatura output the benchmark stores, and the
                                      raw HTML scraped naively (tags dropped, entities and
                                      text kept as they are)
  adbar/trafilatura                   tests/cache and tests/eval: about 1,000 real web
                                      pages (mostly German; English, French, Polish,
                                      Spanish, Chinese, ...), scraped naively and kept as
                                      bytes in the page's own encoding: one file per page
                                      (no docs.jsonl), for scour to decode
"""
import csv, gzip, io, json, os, re, subprocess, sys


def git(repo, *args, binary=False):
    out = subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True).stdout
    return out if binary else out.decode("utf-8")


def commit(repo):
    return git(repo, "rev-parse", "HEAD").strip()


def write(out, name, docs, source):
    folder = os.path.join(out, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "docs.jsonl"), "w", encoding="utf-8") as f:
        for doc_id, text in docs:
            f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    with open(os.path.join(folder, "SOURCE"), "w") as f:
        f.write(source + "\n")
    print(f"{name}: {len(docs)} documents from {source}")


def naive_scrape(html):
    """What a naive scraper keeps of a page: the text between tags, entities as written.
    Works on str or on bytes (then the page's own encoding is kept)."""
    b = isinstance(html, bytes)
    r = (lambda p: p.encode()) if b else (lambda p: p)
    html = re.sub(r(r"(?is)<(script|style|noscript)\b.*?</\1\s*>"), r(" "), html)
    html = re.sub(r(r"(?s)<!--.*?-->"), r(" "), html)
    html = re.sub(r(r"(?i)<(br|/p|/div|/h[1-6]|/li|/tr|/title)\b[^>]*>"), r("\n"), html)
    text = re.sub(r(r"(?s)<[^>]*>"), r(" "), html)
    lines = [re.sub(r(r"[ \t\r]+"), r(" "), l).strip() for l in text.split(r("\n"))]
    return r("\n").join(l for l in lines if l)


def main():
    mirrors, out = sys.argv[1], sys.argv[2]
    repo = os.path.join(mirrors, "uds-lsv+GermEval-2018-Data", "repo")
    if os.path.isdir(repo):
        docs = []
        for part in ["training", "test"]:
            for i, line in enumerate(git(repo, "show", f"HEAD:germeval2018.{part}.txt").splitlines()):
                docs.append((f"{part}-{i}", line.split("\t")[0]))
        write(out, "germeval2018-tweets", docs, f"uds-lsv/GermEval-2018-Data@{commit(repo)}")
    repo = os.path.join(mirrors, "germeval2021toxic+SharedTask", "repo")
    if os.path.isdir(repo):
        docs = []
        for part in ["Train", "Test"]:
            data = git(repo, "show", f"HEAD:Data Sets/GermEval21_{part}Data.csv")
            for row in csv.DictReader(io.StringIO(data)):
                docs.append((f"{part.lower()}-{row.get('comment_id', len(docs))}", row["comment_text"]))
        write(out, "germeval2021-comments", docs, f"germeval2021toxic/SharedTask@{commit(repo)}")
    repo = os.path.join(mirrors, "scrapinghub+article-extraction-benchmark", "repo")
    if os.path.isdir(repo):
        src = f"scrapinghub/article-extraction-benchmark@{commit(repo)}"
        extracted = json.loads(git(repo, "show", "HEAD:output/trafilatura.json"))["output"]
        docs = [(k, v.get("articleBody") or "") for k, v in sorted(extracted.items())]
        write(out, "aeb-trafilatura", docs, src + " output/trafilatura.json")
        docs = []
        for name in git(repo, "ls-tree", "--name-only", "HEAD", "html/").split():
            raw = gzip.decompress(git(repo, "show", f"HEAD:{name}", binary=True))
            html = raw.decode("utf-8", errors="replace")
            docs.append((os.path.basename(name).split(".")[0], naive_scrape(html)))
        write(out, "aeb-naive", docs, src + " html/ (tags dropped)")
    repo = os.path.join(mirrors, "adbar+trafilatura", "repo")
    if os.path.isdir(repo):
        src = f"adbar/trafilatura@{commit(repo)}"
        for folder, name in [("tests/cache/", "trafilatura-cache-naive"), ("tests/eval/", "trafilatura-eval-naive")]:
            target = os.path.join(out, name)
            os.makedirs(target, exist_ok=True)
            pages = [p for p in git(repo, "ls-tree", "--name-only", "HEAD", folder).splitlines() if p.endswith(".html")]
            for page in pages:
                raw = git(repo, "show", f"HEAD:{page}", binary=True)
                with open(os.path.join(target, os.path.basename(page)[:-5] + ".txt"), "wb") as f:
                    f.write(naive_scrape(raw))
            with open(os.path.join(target, "SOURCE"), "w") as f:
                f.write(f"{src} {folder} (tags dropped, bytes kept)\n")
            print(f"{name}: {len(pages)} documents from {src} {folder}")


if __name__ == "__main__":
    main()
