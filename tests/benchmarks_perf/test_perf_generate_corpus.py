"""benchmarks.generate: reproducible, varied, realistic synthetic articles."""

from pathlib import Path

from stdnum import iban

from benchmarks import generate


def _read_all(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.txt"))}


def test_perf_generate_same_seed_same_bytes(tmp_path):
    pool = generate.load_pool()
    generate.generate(12, tmp_path / "a", seed=7, pool=pool)
    generate.generate(12, tmp_path / "b", seed=7, pool=pool)
    generate.generate(12, tmp_path / "c", seed=8, pool=pool)
    a, b, c = _read_all(tmp_path / "a"), _read_all(tmp_path / "b"), _read_all(tmp_path / "c")
    assert len(a) == 12
    assert a == b
    assert a != c


def test_perf_generate_sizes_headline_and_furniture(tmp_path):
    pool = generate.load_pool()
    texts = [generate.article(i, 3, pool) for i in range(150)]
    sizes = [len(t.encode("utf-8")) for t in texts]
    assert min(sizes) >= generate.MIN_BYTES
    assert max(sizes) <= generate.MAX_BYTES
    assert max(sizes) > 4 * min(sizes)  # varied, not one length
    assert len(set(texts)) == len(texts)
    joined = "\n".join(texts)
    assert "@" in joined and "IBAN" in joined  # personal data mixed in
    assert any(t.split("\n", 1)[0] and not t.split("\n", 1)[0].endswith(".") for t in texts)  # headline lines


def test_perf_generate_ibans_have_valid_checksums():
    import random

    for i in range(20):
        value = generate.make_iban(random.Random(i))
        assert value.startswith("DE")
        assert iban.is_valid(value)


def test_perf_generate_join_tokens_fixes_spacing_and_quotes():
    tokens = ["Er", "sagte", '"', "nein", '"', "(", "kurz", ")", ",", "dann", "ging", "er", "."]
    assert generate.join_tokens(tokens) == "Er sagte „nein“ (kurz), dann ging er."


def test_perf_generate_rejects_non_empty_output(tmp_path):
    (tmp_path / "x.txt").write_text("schon da", encoding="utf-8")
    try:
        generate.generate(1, tmp_path, seed=0)
    except SystemExit as exc:
        assert "not empty" in str(exc)
    else:
        raise AssertionError("generate wrote into a non-empty folder")
