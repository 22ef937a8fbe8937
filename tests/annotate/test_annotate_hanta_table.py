"""The stored HanTa analyses of frequent words give the same best tags as analysing them on the fly."""

from __future__ import annotations

from HanTa import HanoverTagger

from builder.annotate import lexicon


def test_annotate_hanta_table_gives_the_tags_of_live_analysis():
    ours = lexicon._hanover_tagger()
    plain = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")  # no table: frequent unknown words analysed live
    table = lexicon._frequent_word_analyses(ours)
    words = sorted(table)[::1000]
    assert len(words) > 10 and not any(w in plain.cache for w in words)
    for word in words:
        for form in (word, word[:1].upper() + word[1:]):
            assert ours.tag_word(form)[0] == plain.tag_word(form)[0], form


def test_annotate_hanta_table_leaves_rare_words_to_live_analysis():
    table = lexicon._frequent_word_analyses(lexicon._hanover_tagger())
    assert "kurgärtnerei" not in table  # rare (Zipf < 3): word_class gives None without analysing it
    assert lexicon.word_class("Kurgärtnerei") is None
