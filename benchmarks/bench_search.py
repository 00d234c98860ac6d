"""Search benchmark: index build throughput, query latency and retrieval quality.

Speed: synthetic Swedish documents (words drawn with a Zipf law from the forms of the
Swedish lemma table, plus made-up compounds) at each size of ``--sizes``. Three
indexes of the same documents are built and queried in the same run:

* ``fts5``        bare FTS5 over the raw text (``unicode61 remove_diacritics 0``)
* ``fts5+stem``   FTS5 over Snowball stems (PyStemmer applied to every word in Python)
* ``textmine``    the textmine index (lemma table, stems for unknown words, compound parts)

All three end their build with FTS5's 'optimize' (one b-tree instead of many segments),
as textmine's index stage does after a bulk load.

Latency: two-word queries with a ``source`` filter, top 20 by BM25 (textmine through
``textmine.search``, with and without facets; the peers through one SQL query).

Quality: on the demo corpus (``corpora/demo/search_queries.jsonl``: ``query`` and
``relevant`` ids), recall@10 and MRR for the normaliser with and without stemming and
compound splitting, beside bare FTS5.

    python benchmarks/bench_search.py --sizes 10000,100000
    python benchmarks/bench_search.py --sizes 1000000 --queries 200
    python benchmarks/bench_search.py --quality
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from textmine import Document, load_settings, open_corpus  # noqa: E402
from textmine.index.search import search, update_corpus_index  # noqa: E402
from textmine.nlp.lemmas import lemma_table  # noqa: E402

_WORD = re.compile(r"[^\W_]+")
SOURCES = [f"kommun{i:02d}" for i in range(20)]


def vocabulary(size: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    forms = sorted(w for w in lemma_table() if w.isalpha() and w.islower() and 3 <= len(w) <= 14)
    words = rng.sample(forms, size)
    # a few made-up compounds of known words, as news text is full of them
    for _ in range(size // 20):
        words.append(rng.choice(forms) + rng.choice(forms))
    # frequent words are short (Zipf's law of abbreviation): rank by length, with noise,
    # so that a long compound does not land among the most frequent words by chance
    return sorted(words, key=lambda w: len(w) + rng.uniform(-3, 3))


def synthetic_documents(n: int, seed: int = 7):
    rng = random.Random(seed)
    vocab = vocabulary(30_000, seed)
    weights = [1.0 / (i + 10) for i in range(len(vocab))]
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)

    def words(k: int) -> str:
        return " ".join(rng.choices(vocab, cum_weights=cum, k=k))

    for i in range(n):
        yield Document(
            id=f"doc{i}", source=SOURCES[i % len(SOURCES)],
            published=f"{2015 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            title=words(6).capitalize(), lead=words(20).capitalize() + ".",
            body=". ".join(words(rng.randint(8, 20)).capitalize() for _ in range(8)) + ".",
        )


def build_peer(path: Path, docs: list[tuple], stem: bool) -> tuple[float, float]:
    import Stemmer

    stemmer = Stemmer.Stemmer("swedish")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE docs (rowid INTEGER PRIMARY KEY, source TEXT, published TEXT)")
    conn.execute("CREATE VIRTUAL TABLE fts USING fts5(title, lead, body, "
                 "tokenize = 'unicode61 remove_diacritics 0')")
    conn.executemany("INSERT INTO docs VALUES (?, ?, ?)", [(d[0], d[1], d[2]) for d in docs])

    def prep(text: str) -> str:
        if not stem:
            return text
        return " ".join(stemmer.stemWords(_WORD.findall(text.lower())))

    started, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(docs), 5000):
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO fts (rowid, title, lead, body) VALUES (?, ?, ?, ?)",
                         [(d[0], prep(d[3]), prep(d[4]), prep(d[5])) for d in docs[i:i + 5000]])
        conn.execute("COMMIT")
    # merge the segments into one b-tree, as textmine's index stage does after a bulk load
    conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    conn.close()
    return seconds, cpu


def peer_query(conn: sqlite3.Connection, words: list[str], source: str, stem) -> int:
    terms = stem(words) if stem else [w.lower() for w in words]
    match = " AND ".join('"' + t + '"' for t in terms)
    rows = conn.execute(
        "SELECT fts.rowid FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ? "
        "AND d.source = ? ORDER BY bm25(fts, 10.0, 4.0, 1.0) LIMIT 20",
        (match, source)).fetchall()
    return len(rows)


def percentiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    p50 = statistics.median(values)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return p50 * 1000, p95 * 1000


def bench_size(n: int, queries: int, workdir: Path) -> list[dict]:
    import Stemmer

    stemmer = Stemmer.Stemmer("swedish")
    print(f"\n== {n:,} documents ==", flush=True)
    t0 = time.perf_counter()
    docs = list(synthetic_documents(n))
    rows = [(i + 1, d.source, d.published, d.title, d.lead, d.body) for i, d in enumerate(docs)]
    print(f"generated in {time.perf_counter() - t0:.1f} s", flush=True)

    results = []
    for name, stem in (("fts5", False), ("fts5+stem", True)):
        path = workdir / f"{name}-{n}.db"
        secs, cpu = build_peer(path, rows, stem)
        results.append({"index": name, "build_s": secs, "cpu_s": cpu, "path": path, "stem": stem})
        print(f"built {name} in {secs:.1f} s ({cpu:.1f} s CPU)", flush=True)

    db = workdir / f"textmine-{n}.db"
    settings = load_settings()
    with open_corpus(db) as corpus:
        t0 = time.perf_counter()
        corpus.upsert_documents(docs, batch_size=5000)
        print(f"stored in the corpus in {time.perf_counter() - t0:.1f} s (not counted)", flush=True)
        started, cpu = time.perf_counter(), time.process_time()
        update_corpus_index(corpus, settings=settings)
        secs, cpu = time.perf_counter() - started, time.process_time() - cpu
    results.append({"index": "textmine", "build_s": secs, "cpu_s": cpu, "path": db})
    print(f"built textmine in {secs:.1f} s ({cpu:.1f} s CPU)", flush=True)
    del docs, rows
    measure_queries(results, queries, settings)
    for r in results:
        r["size_mb"] = Path(r["path"]).stat().st_size / 1e6
        r["n"] = n
    return results


def measure_queries(results: list[dict], queries: int, settings) -> None:
    """p50/p95 latency of the same two-word filtered queries on each index."""
    import Stemmer

    stemmer = Stemmer.Stemmer("swedish")
    # two-word queries from the middle of the frequency range, with a source filter
    rng = random.Random(11)
    vocab = vocabulary(30_000, 7)[200:3000]
    qs = [(rng.sample(vocab, 2), rng.choice(SOURCES)) for _ in range(queries)]
    for r in results:
        times = []
        if r["index"] == "textmine":
            # one open corpus, as the peers keep one connection (the CLI opens per call)
            with open_corpus(r["path"]) as corpus:
                search("warm up", db=corpus, settings=settings)
                for facets in (False, True):
                    times = []
                    for words, source in qs:
                        t = time.perf_counter()
                        search(" ".join(words), db=corpus, source=source, facets=facets,
                               settings=settings)
                        times.append(time.perf_counter() - t)
                    key = "_facets" if facets else ""
                    r["p50" + key], r["p95" + key] = percentiles(times)
        else:
            conn = sqlite3.connect(r["path"])
            fn = stemmer.stemWords if r["stem"] else None
            for words, source in qs:
                t = time.perf_counter()
                peer_query(conn, words, source, (lambda ws: fn([w.lower() for w in ws]))
                           if fn else None)
                times.append(time.perf_counter() - t)
            conn.close()
            r["p50"], r["p95"] = percentiles(times)


def queries_only(n: int, queries: int, workdir: Path) -> list[dict]:
    """Latency on the databases a previous run left in ``workdir`` (no build figures)."""
    results = []
    for name, stem in (("fts5", False), ("fts5+stem", True), ("textmine", None)):
        path = workdir / f"{name}-{n}.db"
        if not path.is_file():
            sys.exit(f"{path} is missing: run without --queries-only first")
        results.append({"index": name, "path": path, "stem": stem, "n": n,
                         "build_s": float("nan"), "cpu_s": float("nan"),
                         "size_mb": path.stat().st_size / 1e6})
    measure_queries(results, queries, load_settings())
    return results


def print_speed(rows: list[dict]) -> None:
    print("\n| docs | index | build s (wall) | build s (CPU) | docs/s (CPU) | CPU vs fts5+stem "
          "| DB MB* | p50 ms | p95 ms | p50 ms facets | p95 ms facets |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sorted({r["n"] for r in rows}):
        group = [r for r in rows if r["n"] == n]
        peer = next(r for r in group if r["index"] == "fts5+stem")
        for r in group:
            fac = (f"{r['p50_facets']:.1f} | {r['p95_facets']:.1f}" if "p50_facets" in r
                   else "– | –")
            print(f"| {n:,} | {r['index']} | {r['build_s']:.1f} | {r['cpu_s']:.1f} | "
                  f"{n / r['cpu_s']:,.0f} | {r['cpu_s'] / peer['cpu_s']:.2f}x | "
                  f"{r['size_mb']:.0f} | "
                  f"{r['p50']:.1f} | {r['p95']:.1f} | {fac} |")


# -- quality --------------------------------------------------------------------------
def quality(corpus_path: Path, queries_path: Path, workdir: Path) -> None:
    from textmine.store import import_documents

    queries = [json.loads(line) for line in queries_path.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    variants = [
        ("lemmas + stems + compounds (default)", {}),
        ("lemmas + stems, no compounds", {"compounds": False}),
        ("lemmas only (no stems, no compounds)", {"stem": False, "compounds": False}),
        ("stems only (Snowball, no lemmas)", {"lemmas": False, "compounds": False}),
        ("no normalisation (lower-case words)", {"lemmas": False, "stem": False,
                                                  "compounds": False}),
    ]
    ceiling = statistics.mean(min(10, len(q["relevant"])) / len(q["relevant"])
                              for q in queries if q.get("relevant"))
    print(f"\n{len(queries)} queries on {corpus_path}; best possible recall@10: {ceiling:.3f} "
          "(some queries have more than 10 relevant documents)")
    print("\n| normaliser | recall@10 | MRR |")
    print("|---|---:|---:|")
    for name, opts in variants:
        db = workdir / f"quality-{abs(hash(name))}.db"
        settings = load_settings(overrides={"search": opts})
        with open_corpus(db) as corpus:
            import_documents(corpus, corpus_path)
            update_corpus_index(corpus, settings=settings, rebuild=True)
        recalls, rrs = [], []
        for q in queries:
            relevant = set(q.get("relevant") or [])
            if not relevant:
                continue
            try:
                got = search(q["query"], db=db, limit=10, facets=False, settings=settings).ids
            except Exception as exc:  # a query the parser refuses counts as nothing found
                print(f"  {q['query']!r}: {exc}", file=sys.stderr)
                got = []
            recalls.append(len(relevant & set(got)) / len(relevant))
            rank = next((i + 1 for i, d in enumerate(got) if d in relevant), None)
            rrs.append(1.0 / rank if rank else 0.0)
        print(f"| {name} | {statistics.mean(recalls):.3f} | {statistics.mean(rrs):.3f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000",
                    help="comma-separated document counts (e.g. 10000,100000,1000000)")
    ap.add_argument("--queries", type=int, default=200, help="queries per index")
    ap.add_argument("--quality", action="store_true", help="only the retrieval-quality table")
    ap.add_argument("--workdir", help="where to write the databases (default: a temp dir)")
    ap.add_argument("--queries-only", action="store_true",
                    help="only measure latency on the databases an earlier run left in --workdir")
    args = ap.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="bench-search-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.quality:
        demo = ROOT / "corpora" / "demo"
        if not (demo / "search_queries.jsonl").is_file():
            sys.exit("corpora/demo/search_queries.jsonl is missing: no quality figures")
        quality(demo / "news.jsonl", demo / "search_queries.jsonl", workdir)
        return
    rows = []
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        if args.queries_only:
            rows.extend(queries_only(n, args.queries, workdir))
        else:
            rows.extend(bench_size(n, args.queries, workdir))
        print_speed(rows)
    print("\n* textmine's database is the whole corpus (documents stored too); the peers hold "
          "only their index and a table of source and date")
    print(f"databases in {workdir}")


if __name__ == "__main__":
    main()
