"""Saving and loading theme models as JSON + ``.npz``: nothing runs code on load.

A saved model is a folder with ``model.json`` (parameters, vocabulary, bigrams,
labels, figures and the textmine version) and ``arrays.npz`` (the theme-term
matrix, idf weights and online-update statistics), read with
``allow_pickle=False``. The same two parts are what the corpus database keeps.

>>> from textmine.themes.synthetic import synthetic_documents
>>> model = ThemeModel(n_themes=3, random_state=0).fit(synthetic_documents(60))
>>> spec, arrays = model_to_state(model)
>>> model_from_state(spec, arrays).labels_ == model.labels_
True
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__
from ..errors import ModelError
from .models import ThemeModel
from .preprocess import ThemeVectorizer

__all__ = [
    "save_theme_model",
    "load_theme_model",
    "model_to_state",
    "model_from_state",
    "arrays_to_bytes",
    "arrays_from_bytes",
]

FORMAT = "textmine-theme-model"
FORMAT_VERSION = 1

_LEARNED = ("n_themes_", "theme_names_", "labels_", "top_terms_", "npmi_", "diversity_",
            "scores_", "n_documents_", "seeds_skipped_")
_LDA = ("doc_topic_prior_", "topic_word_prior_", "n_batch_iter_")
_ARRAYS = ("components_", "idf_", "stats_A_", "stats_B_")


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def model_to_state(model: ThemeModel) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """A fitted model as (JSON-ready spec, named arrays)."""
    if not hasattr(model, "components_"):
        raise ModelError("the theme model is not fitted: nothing to save")
    params = model.get_params(deep=False)
    params.pop("vectorizer")
    if not isinstance(params.get("random_state"), (int, type(None))):
        params["random_state"] = None
    vec = model.vectorizer_
    spec: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "textmine_version": __version__,
        "params": _plain(params),
        "feature_names": [str(t) for t in model.feature_names_],
        "vectorizer": None if vec is None else {
            "params": _plain(vec.get_params()),
            "bigrams": list(vec.bigrams_),
            "n_documents": int(vec.n_documents_),
        },
        "learned": {name: _plain(getattr(model, name)) for name in _LEARNED},
    }
    if model.method == "lda":
        spec["learned"].update({name: _plain(getattr(model, name)) for name in _LDA})
    arrays = {name: np.asarray(getattr(model, name)) for name in _ARRAYS if hasattr(model, name)}
    return spec, arrays


def model_from_state(spec: dict[str, Any], arrays: dict[str, np.ndarray]) -> ThemeModel:
    """Rebuild a fitted model from :func:`model_to_state`'s output."""
    if spec.get("format") != FORMAT:
        raise ModelError("not a textmine theme model (wrong or missing 'format')")
    if int(spec.get("format_version", 0)) > FORMAT_VERSION:
        raise ModelError(
            f"the theme model has format version {spec['format_version']}, newer than this "
            f"textmine reads ({FORMAT_VERSION})", hint="upgrade textmine",
        )
    try:
        params = dict(spec["params"])
        params["k_range"] = tuple(params["k_range"])
        vec_spec = spec.get("vectorizer")
        vectorizer = None
        if vec_spec is not None:
            vparams = dict(vec_spec["params"])
            for key in ("names", "extra_stop_words"):
                vparams[key] = tuple(vparams.get(key) or ())
            vectorizer = ThemeVectorizer(**vparams)
            names = spec["feature_names"]
            vectorizer.vocabulary_ = {t: i for i, t in enumerate(names)}
            vectorizer.bigrams_ = tuple(vec_spec["bigrams"])
            vectorizer.n_documents_ = int(vec_spec["n_documents"])
        model = ThemeModel(vectorizer=vectorizer, **params)
        model.vectorizer_ = vectorizer
        model.feature_names_ = np.asarray(spec["feature_names"], dtype=object)
        model.n_features_in_ = len(spec["feature_names"])
        for name, value in spec["learned"].items():
            setattr(model, name, value)
        for name in _ARRAYS:
            if name in arrays:
                setattr(model, name, np.asarray(arrays[name], dtype=np.float64))
        if model.components_.shape != (model.n_themes_, len(model.feature_names_)):
            raise ModelError("the theme model's arrays do not match its vocabulary")
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"the theme model is damaged or incomplete ({exc})") from None
    return model


def arrays_to_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def arrays_from_bytes(data: bytes) -> dict[str, np.ndarray]:
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            return {name: npz[name] for name in npz.files}
    except (ValueError, OSError) as exc:
        raise ModelError(f"the theme model's arrays cannot be read ({exc})") from None


def save_theme_model(model: ThemeModel, path: str | Path) -> Path:
    """Write ``model.json`` and ``arrays.npz`` into the folder ``path`` (created)."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    spec, arrays = model_to_state(model)
    (folder / "model.json").write_text(json.dumps(spec, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    (folder / "arrays.npz").write_bytes(arrays_to_bytes(arrays))
    return folder


def load_theme_model(path: str | Path) -> ThemeModel:
    """Read a model written by :func:`save_theme_model` (no pickle: safe on any file)."""
    folder = Path(path)
    try:
        spec = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        data = (folder / "arrays.npz").read_bytes()
    except FileNotFoundError as exc:
        raise ModelError(f"{folder}: not a saved theme model ({Path(exc.filename).name} missing)",
                         hint="save one with save_theme_model() or 'textmine themes fit'") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{folder}: cannot read the theme model ({exc})") from None
    return model_from_state(spec, arrays_from_bytes(data))
