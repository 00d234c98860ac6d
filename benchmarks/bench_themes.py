"""Theme models: quality on the demo corpus, and fit time and memory at 1k-100k documents.

    python benchmarks/bench_themes.py quality            # NMF vs LDA vs guided NMF on the demo corpus
    python benchmarks/bench_themes.py scale 1000 10000 100000 [--simple] [--only=textmine,...]
                                      [--measure-path=OLD/src]   # measure another checkout

Quality: NPMI (window 10; exact and gensim-compatible counting), C_V (window 110)
and topic diversity (top 25) of each model's top 10 words, measured on the demo
corpus itself, as gensim's CoherenceModel would. The peers are scikit-learn's
own LDA and unguided NMF on the same preprocessed input.

Scale: a synthetic corpus of each size is written to a temporary corpus database
(``iter_synthetic_news``: ~150 words an item over 5,000 Zipf-distributed Swedish
words; ``--simple``: the short 315-term items of ``synthetic_documents``). Each
measurement runs in a fresh process, so its peak RSS is its own, reads the texts
from the store as a stream, k = 10, one thread:

* textmine: ThemeVectorizer + ThemeModel (NMF) on the stream;
* fit_themes: the whole library call behind ``textmine themes fit`` (storing included);
* sklearn: the peer, CountVectorizer (same stop words, no lemmas) + NMF.

Growth is peak RSS (VmHWM, reset after imports) minus RSS after imports and the
lemma table (~150 MB) are loaded.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]


def quality() -> None:
    from textmine import read_documents
    from textmine.themes import ThemeModel, ThemeVectorizer, cv_coherence, load_seeds
    from textmine.themes.coherence import count_cooccurrences, npmi_coherence, topic_diversity

    docs = list(read_documents(ROOT / "corpora" / "demo" / "news.jsonl"))
    texts = [d.full_text for d in docs]
    seeds = load_seeds("default")
    base = ThemeModel(random_state=0, k_range=(6, 16),
                      vectorizer=ThemeVectorizer(min_df=2, max_df=0.5)).fit(texts)
    k = base.n_themes_
    models = {
        f"NMF (auto k={k})": base,
        f"LDA (k={k})": ThemeModel(method="lda", n_themes=k, random_state=0,
                                   vectorizer=ThemeVectorizer(min_df=2, max_df=0.5)).fit(texts),
        "guided NMF (default seeds)": ThemeModel(
            random_state=0, k_range=(6, 16), seeds=seeds,
            vectorizer=ThemeVectorizer(min_df=2, max_df=0.5)).fit(texts),
    }
    tokens = base.vectorizer_.analyze_many(texts)
    rows = []
    for name, model in models.items():
        topics = [t[:10] for t in model.top_terms_]
        ref = model.vectorizer_.analyze_many(texts)
        words = [w for t in topics for w in t]
        c10 = count_cooccurrences(words, ref, window=10)
        g10 = count_cooccurrences(words, ref, window=10, mode="gensim")
        c110 = count_cooccurrences(words, ref, window=110, mode="gensim")
        all_terms = [[str(model.feature_names_[i]) for i in row[:25]]
                     for row in (-model.components_).argsort(axis=1)]
        rows.append({
            "model": name, "k": model.n_themes_,
            "NPMI": npmi_coherence(topics, c10),
            "NPMI gensim": npmi_coherence(topics, g10, mode="gensim"),
            "C_V gensim": cv_coherence(topics, c110, mode="gensim"),
            "diversity": topic_diversity(all_terms),
        })
    del tokens
    print(f"demo corpus: {len(docs)} documents")
    cols = ["model", "k", "NPMI", "NPMI gensim", "C_V gensim", "diversity"]
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(f"{r[c]:.3f}" if isinstance(r[c], float) else str(r[c]) for c in cols))
    guided = models["guided NMF (default seeds)"]
    print("\nguided themes:")
    for label, terms in zip(guided.labels_, guided.top_terms_):
        print(f"  {label}: {', '.join(terms[:6])}")


def _texts_from_store(db: str):
    """The documents' texts straight from the store, one row at a time (a generator)."""
    import json as _json

    from textmine import Document, open_corpus

    with open_corpus(db) as corpus:
        for title, lead, body, captions in corpus.conn.execute(
                "SELECT title, lead, body, captions FROM documents ORDER BY rowid"):
            yield Document(id="x", title=title or "", lead=lead or "", body=body or "",
                           captions=_json.loads(captions) if captions else []).full_text


def build_corpus(db: str, n: int, kind: str) -> None:
    from textmine import open_corpus
    from textmine.themes.synthetic import iter_synthetic_news, synthetic_documents

    docs = iter_synthetic_news(n, seed=1) if kind == "rich" else iter(synthetic_documents(n, seed=1))
    with open_corpus(db) as corpus:
        batch = []
        for doc in docs:
            batch.append(doc)
            if len(batch) == 2000:
                corpus.upsert_documents(batch)
                batch = []
        corpus.upsert_documents(batch)


def _status_mb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak() -> float:
    """Resident MB now, with the kernel's peak (VmHWM) reset to it where Linux allows."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    return _status_mb("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak_mb() -> float:
    return _status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scale_one(db: str, how: str) -> dict:
    """One measurement in this (fresh) process: peak RSS growth over the state after imports."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import CountVectorizer

    from textmine import load_settings, open_corpus
    from textmine.themes import ThemeModel, ThemeVectorizer, fit_themes, stop_words

    with open_corpus(db) as corpus:
        n = corpus.count_documents()
    if how != "sklearn":
        from textmine.nlp.lemmas import known_lemmas, lemmatize

        known_lemmas(), lemmatize("skolan")  # load the lemma table before the baseline
    base = _reset_peak()
    t0 = time.perf_counter()
    out: dict = {"documents": n, "how": how}
    if how == "fit_themes":  # the library call behind 'textmine themes fit', storing included
        settings = load_settings(overrides={"themes": {"min_documents": 1}})
        with open_corpus(db) as corpus:
            report = fit_themes(corpus, k=10, seeds=None, settings=settings)
        out.update(terms=report.terms, preprocess_s=float("nan"), fit_s=float("nan"),
                   dtm_mb=float("nan"))
        t1 = t2 = time.perf_counter()
    else:
        if how == "sklearn":  # the peer: CountVectorizer (no lemmas) + NMF on the same stream
            vec = CountVectorizer(min_df=2, max_df=0.5, max_features=20000,
                                  stop_words=sorted(stop_words()))
            X = vec.fit_transform(_texts_from_store(db)).astype(float)
            t1 = time.perf_counter()
            NMF(n_components=10, init="nndsvda", random_state=0, max_iter=300).fit(X)
        else:  # textmine: ThemeVectorizer + ThemeModel on the same stream
            X = ThemeVectorizer(min_df=2, max_df=0.5).fit_transform(_texts_from_store(db))
            t1 = time.perf_counter()
            ThemeModel(n_themes=10, random_state=0).fit(X)
        t2 = time.perf_counter()
        out.update(terms=X.shape[1], preprocess_s=t1 - t0, fit_s=t2 - t1,
                   dtm_mb=(X.data.nbytes + X.indices.nbytes + X.indptr.nbytes) / 1e6)
    peak = _peak_mb()
    out.update(total_s=t2 - t0, base_rss_mb=base, peak_rss_mb=peak, growth_mb=peak - base)
    return out


def scale(sizes: list[int], kind: str = "rich", hows: tuple[str, ...] = (
        "textmine", "fit_themes", "sklearn"), measure_path: str | None = None) -> None:
    import tempfile

    cols = ["documents", "how", "tokens", "terms", "preprocess_s", "fit_s", "total_s", "dtm_mb",
            "growth_mb", "peak_rss_mb"]
    print(f"corpus: {kind}; " + " | ".join(cols), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-themes-") as tmp:
        for n in sizes:
            db = str(Path(tmp) / f"{kind}-{n}.db")
            subprocess.run([sys.executable, __file__, "_build", db, str(n), kind], check=True)
            tokens = _count_tokens(db)
            for how in hows:
                env = dict(os.environ)
                if measure_path:  # e.g. an older checkout's src/, to compare before/after
                    env["PYTHONPATH"] = os.pathsep.join(
                        p for p in (measure_path, env.get("PYTHONPATH")) if p)
                out = subprocess.run([sys.executable, __file__, "_one", db, how],
                                     capture_output=True, text=True, env=env)
                if out.returncode:
                    print(f"{n} | {how} | failed: {out.stderr.strip().splitlines()[-1:]}")
                    continue
                r = json.loads(out.stdout.strip().splitlines()[-1])
                r["tokens"] = tokens
                print(" | ".join(f"{r[c]:.1f}" if isinstance(r[c], float) else str(r[c])
                                 for c in cols), flush=True)
            Path(db).unlink()


def _count_tokens(db: str) -> int:
    import re

    word = re.compile(r"[^\W\d_]+")
    return sum(len(word.findall(t)) for t in _texts_from_store(db))


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "quality"
    if what == "quality":
        quality()
    elif what == "scale":
        args = sys.argv[2:]
        kind = "simple" if "--simple" in args else "rich"
        hows, measure_path = ("textmine", "fit_themes", "sklearn"), None
        for a in args:
            if a.startswith("--only="):
                hows = tuple(a.split("=", 1)[1].split(","))
            if a.startswith("--measure-path="):
                measure_path = a.split("=", 1)[1]
        scale([int(a) for a in args if a.isdigit()] or [1000, 10000, 100000], kind, hows,
              measure_path)
    elif what == "_build":
        build_corpus(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif what == "_one":
        print(json.dumps(scale_one(sys.argv[2], sys.argv[3])))
    else:
        sys.exit(__doc__)
