"""Sentence embeddings: the bundled offline default and any sentence-transformers model."""

from tqcheck.embed.base import Embedder, load_embedder
from tqcheck.embed.cache import CachedEmbedder, EmbeddingCache, default_cache_dir

__all__ = ["CachedEmbedder", "Embedder", "EmbeddingCache", "default_cache_dir", "load_embedder"]
