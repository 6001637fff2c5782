package io.rebase.student.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SquadMetricsTest {

    @Test
    void normalisationDropsCaseArticlesPunctuationAndExtraSpace() {
        assertEquals("eiffel tower", SquadMetrics.normalize("The  Eiffel Tower!"));
        assertEquals("eiffeltower", SquadMetrics.normalize("Eiffel-Tower"), "punctuation is deleted, not spaced");
        assertEquals("cat sat", SquadMetrics.normalize("A cat, sat."));
        assertEquals("theory", SquadMetrics.normalize("theory"), "'the' inside a word is kept");
        assertEquals("", SquadMetrics.normalize("  the  "));
    }

    @Test
    void exactMatchTakesBestGold() {
        assertEquals(1.0, SquadMetrics.exactMatch("the Denver Broncos", List.of("Carolina", "Denver Broncos")));
        assertEquals(0.0, SquadMetrics.exactMatch("Denver", List.of("Denver Broncos")));
        assertEquals(1.0, SquadMetrics.exactMatch("1,000", List.of("1000")), "punctuation removed inside numbers");
    }

    @Test
    void tokenF1HandComputed() {
        // pred tokens {denver, broncos, team}, gold {denver, broncos}: p=2/3, r=1, f1=0.8
        assertEquals(0.8, SquadMetrics.f1("Denver Broncos team", List.of("Denver Broncos")), 1e-9);
        // max over golds: second gold matches exactly
        assertEquals(1.0, SquadMetrics.f1("Broncos", List.of("Denver Broncos", "the Broncos")), 1e-9);
        // a repeated token matches only as often as it occurs in gold: common=2, p=2/3, r=1
        assertEquals(0.8, SquadMetrics.f1("new new york", List.of("new york")), 1e-9);
        assertEquals(0.0, SquadMetrics.f1("", List.of("Denver")), "empty prediction scores 0");
        assertEquals(0.0, SquadMetrics.f1("The", List.of("a")), "v1.1 script: no common token scores 0 even if both normalise to empty");
        assertEquals(0.0, SquadMetrics.f1("Paris", List.of("London")));
    }
}
