"""Any sentence-transformers model, by local path or by a name already in the local HF cache."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from tqcheck.embed.base import describe_path, normalize_rows
from tqcheck.errors import ModelError


class SentenceTransformerEmbedder:
    """Loads with ``local_files_only`` so a name that is not on disk fails at once with a clear
    message instead of hanging on a hub that this machine cannot reach."""

    def __init__(self, model: str, batch_size: int = 64) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise ModelError(f"--model {model} needs sentence-transformers (and torch): {error}") from error
        is_path = Path(model).exists()
        try:
            self._model = SentenceTransformer(model, device="cpu", local_files_only=True)
        except Exception as error:
            where = "the folder holds no sentence-transformers model" if is_path else "it is not on this disk"
            raise ModelError(
                f"cannot load model {model!r}: {where} ({type(error).__name__}); "
                "give a local model folder or a name already in the Hugging Face cache, "
                "or leave --model out to use the bundled multilingual-e5-small"
            ) from error
        self.name = Path(model).name if is_path else model
        self.model_id = f"st:{describe_path(model)}"
        self._batch_size = batch_size

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            # newer sentence-transformers renamed this; the old name emits a FutureWarning there
            get_dimension = getattr(self._model, "get_embedding_dimension", None)
            get_dimension = get_dimension or self._model.get_sentence_embedding_dimension
            dim = get_dimension() or 0
            return np.zeros((0, dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts), batch_size=self._batch_size, convert_to_numpy=True, show_progress_bar=False
        )
        return normalize_rows(vectors)
