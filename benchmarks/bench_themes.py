"""Theme models: quality on the demo corpus, and fit time and memory at 1k-100k documents.

    python benchmarks/bench_themes.py quality            # NMF vs LDA vs guided NMF on the demo corpus
    python benchmarks/bench_themes.py scale 1000 10000 100000

Quality: NPMI (window 10; exact and gensim-compatible counting), C_V (window 110)
and topic diversity (top 25) of each model's top 10 words, measured on the demo
corpus itself, as gensim's CoherenceModel would. The peers are scikit-learn's
own LDA and unguided NMF on the same preprocessed input.

Scale: each size runs in a fresh process (so peak RSS is that size's own) on a
synthetic corpus (textmine.themes.synthetic), k = 10, one thread.
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


def scale_one(n: int) -> dict:
    from textmine.themes import ThemeModel, ThemeVectorizer
    from textmine.themes.synthetic import synthetic_documents

    texts = [d.full_text for d in synthetic_documents(n, seed=1)]
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    vec = ThemeVectorizer(min_df=2, max_df=0.5)
    X = vec.fit_transform(texts)
    t1 = time.perf_counter()
    model = ThemeModel(n_themes=10, random_state=0).fit(X)
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    dtm_mb = (X.data.nbytes + X.indices.nbytes + X.indptr.nbytes) / 1e6
    return {"documents": n, "tokens": int(sum(len(t.split()) for t in texts)),
            "terms": X.shape[1], "preprocess_s": t1 - t0, "fit_s": t2 - t1, "total_s": t2 - t0,
            "dtm_mb": dtm_mb, "peak_rss_mb": peak / 1024, "growth_mb": (peak - base_rss) / 1024,
            "npmi_doc": model.npmi_}


def scale(sizes: list[int]) -> None:
    cols = ["documents", "tokens", "terms", "preprocess_s", "fit_s", "total_s", "dtm_mb",
            "growth_mb", "peak_rss_mb"]
    print(" | ".join(cols))
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "_one", str(n)], capture_output=True,
                             text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(" | ".join(f"{r[c]:.1f}" if isinstance(r[c], float) else str(r[c]) for c in cols),
              flush=True)


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "quality"
    if what == "quality":
        quality()
    elif what == "scale":
        scale([int(a) for a in sys.argv[2:]] or [1000, 10000, 100000])
    elif what == "_one":
        print(json.dumps(scale_one(int(sys.argv[2]))))
    else:
        sys.exit(__doc__)
