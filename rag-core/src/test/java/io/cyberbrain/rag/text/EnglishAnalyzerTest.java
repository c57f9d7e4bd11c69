package io.cyberbrain.rag.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EnglishAnalyzerTest {

    private final EnglishAnalyzer analyzer = new EnglishAnalyzer();

    @Test
    void porterStemsTheClassicExamples() {
        PorterStemmer s = new PorterStemmer();
        String[][] cases = {
                {"caresses", "caress"}, {"ponies", "poni"}, {"cats", "cat"}, {"agreed", "agre"},
                {"plastered", "plaster"}, {"motoring", "motor"}, {"hopping", "hop"}, {"filing", "file"},
                {"happy", "happi"}, {"relational", "relat"}, {"conditional", "condit"}, {"digitizer", "digit"},
                {"generalization", "gener"}, {"electrical", "electr"}, {"hopefulness", "hope"},
                {"adjustment", "adjust"}, {"adoption", "adopt"}, {"controlling", "control"}, {"rate", "rate"},
                {"running", "run"}, {"runs", "run"}, {"connection", "connect"}, {"connected", "connect"},
                {"is", "is"}, {"v2", "v2"}};
        for (String[] c : cases) {
            assertEquals(c[1], s.stem(c[0]), c[0]);
        }
    }

    @Test
    void lowercasesDropsStopwordsAndPossessivesAndStems() {
        assertEquals(List.of("contain", "restart", "nginx", "failur"),
                analyzer.analyze("What are THE containers' restarts of nginx's failures?"));
        assertEquals(List.of("gpu", "0", "temperatur", "85c"), analyzer.analyze("GPU 0 temperature: 85C"));
    }

    @Test
    void foldsAccentsAndKeepsContractionsTogether() {
        assertEquals(List.of("cafe", "dont"), analyzer.analyze("Café, don't"));
        assertEquals(List.of(), analyzer.analyze("the of and"));
        assertEquals(List.of(), analyzer.analyze(""));
    }
}
