package org.gatehouse.dlp;

import java.util.List;

/**
 * A tenant's keyword list: words and phrases found as whole words, case-insensitively, each adding its weight once
 * however often it occurs, so the count is the weight of the distinct terms present.
 */
final class KeywordListDetector implements Detector {
    private final String id;
    private final List<String> terms;
    private final int[] weights;
    private final PhraseSet phrases;

    KeywordListDetector(String id, List<String> terms, int[] weights) {
        this.id = id;
        this.terms = List.copyOf(terms);
        this.weights = weights.clone();
        this.phrases = new PhraseSet(this.terms);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public DlpCategory category() {
        return DlpCategory.CUSTOM;
    }

    @Override
    public String label() {
        return "weighted keywords of list " + id;
    }

    @Override
    public void scan(ScanText text, Hits hits) {
        phrases.find(text.words(), (phrase, firstWord, lastWord) -> {
            String term = String.join(" ", PhraseSet.wordsOf(terms.get(phrase)));
            hits.add(term, Masks.generic(term), weights[phrase]);
        });
    }
}
