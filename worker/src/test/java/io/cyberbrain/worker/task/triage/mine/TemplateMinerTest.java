package io.cyberbrain.worker.task.triage.mine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cyberbrain.worker.task.triage.parse.Level;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TemplateMinerTest {

    // Fixture lines in the style of Loghub OpenSSH/HDFS logs (Loghub, https://github.com/logpai/loghub,
    // Zhu et al., ISSRE 2023; research-use licence) - rewritten, not copied.

    @Test
    void linesOfOneTemplateGroupTogetherAndDifferentOnesSeparate() {
        TemplateMiner m = new TemplateMiner();
        int a = m.add("Invalid user webmaster from 173.234.31.186");
        int b = m.add("Invalid user test9 from 52.80.34.196");
        int c = m.add("Invalid user oracle from 10.0.0.1");
        int d = m.add("Connection closed by 10.0.0.1 [preauth]");
        m.finish();
        assertEquals(m.templateText(a), m.templateText(b));
        assertEquals(m.templateText(a), m.templateText(c));
        assertNotEquals(m.templateText(a), m.templateText(d));
        assertEquals("Invalid user <*> from <*>", m.templateText(a));
        assertEquals("Connection closed by <*> [preauth]", m.templateText(d));
    }

    @Test
    void generalisationYieldsAVariableAndTheFinalIdIsTheHashOfTheFinalText() {
        TemplateMiner m = new TemplateMiner();
        int first = m.add("session opened for user alice by (uid=0)");
        String before = m.templateId(first);
        assertEquals(TemplateMiner.hashOf("session opened for user alice by (uid=<*>)"), before);
        m.add("session opened for user bob by (uid=0)");
        m.add("session opened for user carol by (uid=0)");
        m.finish();
        assertEquals("session opened for user <*> by (uid=<*>)", m.templateText(first));
        String after = m.templateId(first);
        assertNotEquals(before, after);
        assertEquals(TemplateMiner.hashOf("session opened for user <*> by (uid=<*>)"), after);
        assertEquals(64, after.length());
        List<MinedTemplate> ts = m.templates();
        assertEquals(1, ts.size());
        assertEquals(after, ts.get(0).id());
    }

    @Test
    void templatesKeepCountsLevelsTimesSourcesAndSamples() {
        TemplateMiner m = new TemplateMiner();
        Instant t1 = Instant.parse("2024-01-01T00:00:00Z");
        Instant t2 = Instant.parse("2024-01-02T00:00:00Z");
        for (int i = 0; i < 5; i++) {
            m.add("Receiving block blk_" + i + "00000 src: /10.0.0." + i + ":50010", i == 4 ? Level.ERROR : Level.INFO,
                    "node-" + (i % 2), i == 4 ? t2 : t1);
        }
        MinedTemplate t = m.templates().get(0);
        assertEquals("Receiving block <*> src: <*>", t.text());
        assertEquals(5, t.count());
        assertEquals(4L, t.countByLevel().get(Level.INFO));
        assertEquals(1L, t.countByLevel().get(Level.ERROR));
        assertEquals(Level.ERROR, t.level());
        assertEquals(t1, t.firstSeen());
        assertEquals(t2, t.lastSeen());
        assertEquals(2, t.sources().size());
        assertEquals(3, t.samples().size());
        assertTrue(t.samples().get(0).startsWith("Receiving block blk_000000"));
    }

    @Test
    void postPassMergesTemplatesThatDifferOnlyWhereOneHasAVariable() {
        TemplateMiner m = new TemplateMiner();
        int a = m.add("Failed password for root from 1.2.3.4 port 22 ssh2");
        int b = m.add("Failed password for alice from 1.2.3.5 port 23 ssh2");
        int c = m.add("Failed password for bob from 1.2.3.6 port 24 ssh2");
        m.finish();
        assertEquals("Failed password for <*> from <*> port <*> ssh2", m.templateText(a));
        assertEquals(m.templateText(a), m.templateText(b));
        assertEquals(m.templateText(a), m.templateText(c));
        assertEquals(1, m.size());
    }

    @Test
    void templateCapEvictsAndMemoryStaysBounded() {
        TemplateMiner m = new TemplateMiner(MinerConfig.defaults().withMaxTemplates(500));
        Random r = new Random(42);
        int last = -1;
        for (int i = 0; i < 100_000; i++) {
            StringBuilder b = new StringBuilder();
            int words = 1 + r.nextInt(12);
            for (int w = 0; w < words; w++) {
                b.append((char) ('a' + r.nextInt(26))).append((char) ('a' + r.nextInt(26)))
                        .append((char) ('a' + r.nextInt(26))).append(' ');
            }
            last = m.add(b.toString());
            assertTrue(m.size() <= 500);
        }
        m.finish();
        assertTrue(m.size() <= 500);
        assertTrue(m.evictedCount() > 0);
        assertNotNull(m.templateText(last));
    }

    @Test
    void tokensPerLineAreCapped() {
        TemplateMiner m = new TemplateMiner();
        StringBuilder b = new StringBuilder("start");
        for (int i = 0; i < 1000; i++) {
            b.append(" w").append((char) ('a' + i % 26));
        }
        int id = m.add(b.toString());
        String text = m.templateText(id);
        assertEquals(MinerConfig.defaults().maxTokens(), text.split(" ").length);
        assertTrue(text.endsWith("<*>"));
    }

    @Test
    void tokenGeneralisationKeepsThePunctuationSkeleton() {
        assertEquals("user=<*>", TemplateTokens.generaliseToken("user=alice", "user=bob"));
        assertEquals("(<*>)", TemplateTokens.generaliseToken("(host.example.org)", "(other)"));
        assertEquals("<*>", TemplateTokens.generaliseToken("alpha", "beta"));
    }

    @Test
    void globLetsEachVariableStandForOneOrMoreChars() {
        assertTrue(TemplateTokens.glob("a<*>b", "axyb"));
        assertTrue(!TemplateTokens.glob("a<*>b", "ab"));
        assertTrue(TemplateTokens.glob("<*>:<*>", "1:2:3"));
        assertTrue(!TemplateTokens.glob("<*>", ""));
        assertTrue(!TemplateTokens.glob("x<*>", "x"));
        assertTrue(!TemplateTokens.glob("<*>.<*>.<*>", "a.b"));
        assertTrue(TemplateTokens.glob("<*>ab<*>", "aabab"));
        assertTrue(!TemplateTokens.glob("<*>ab", "abx"));
        assertTrue(TemplateTokens.glob("(<*>)", "(<*>)"));
    }

    @Test
    void manyDistinctTokensDoNotDisturbMasking() {
        // more distinct tokens than the miner's token cache has slots: colliding entries are replaced
        TemplateMiner m = new TemplateMiner();
        int first = m.add("task started for aaaa on node7");
        for (int i = 0; i < 40_000; i++) {
            StringBuilder w = new StringBuilder();
            for (int k = i; k > 0 || w.length() < 4; k /= 26) {
                w.append((char) ('a' + k % 26));
            }
            m.add("task started for " + w + " on node7");
        }
        int ip = m.add("task started for 10.0.0.7:50010 on node7");
        m.finish();
        assertEquals("task started for <*> on node7", m.templateText(first));
        assertEquals(m.templateText(first), m.templateText(ip));
        assertEquals(1, m.size());
    }

    @Test
    void aSeededTemplateKeepsItsIdentityForALineThisRunAloneWouldNotGeneralise() {
        TemplateMiner miner = new TemplateMiner();
        miner.seed("opened volume <*> in <*> ms");
        miner.seed("never matched by any line <*>");
        int id = miner.add("opened volume vol9 in 12 ms");
        miner.finish();
        assertEquals("opened volume <*> in <*> ms", miner.templateText(id));
        assertEquals(1, miner.templates().size(), "seeds without lines are not reported");
        assertEquals(1, miner.templates().get(0).count());
    }

    /** A letters-only name per i: aa, ab, ..., so that the masker keeps it as a word. */
    private static String name(int i) {
        return "" + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26) + (char) ('a' + i / 676 % 26) + "x";
    }

    @Test
    void leadingWordWithManyValuesGivesOneTemplate() {
        TemplateMiner m = new TemplateMiner();
        int[] ids = new int[300];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = m.add(name(i) + " logged in from 10.0." + i % 250 + ".7 port " + (2000 + i));
        }
        m.finish();
        assertEquals(1, m.templates().size(), () -> m.templates().get(0).text() + ", ...");
        assertEquals("<*> logged in from <*> port <*>", m.templateText(ids[0]));
        assertEquals(m.templateText(ids[0]), m.templateText(ids[299]));
    }

    @Test
    void leadingHostPortOrAddressListDoesNotSplitTemplates() {
        TemplateMiner m = new TemplateMiner();
        int a = m.add("api.github.com:443 open through proxy proxy.example.edu:5070 HTTPS");
        int b = m.add("cdn.example.net:80 open through proxy proxy.example.edu:5070 HTTPS");
        int c = m.add("10.0.0.1,10.0.0.2 \"GET /v2/servers HTTP/1.1\" status: 200");
        int d = m.add("10.0.0.3 \"GET /v2/flavors HTTP/1.1\" status: 404");
        m.finish();
        assertEquals("<*> open through proxy <*> HTTPS", m.templateText(a));
        assertEquals(m.templateText(a), m.templateText(b));
        assertEquals(m.templateText(c), m.templateText(d));
    }

    @Test
    void messagesWithDifferentConstantWordsStayTwoTemplates() {
        TemplateMiner m = new TemplateMiner();
        int closed = m.add("Connection closed by peer 10.0.0.1");
        int reset = m.add("Connection reset by peer 10.0.0.2");
        m.finish();
        assertEquals("Connection closed by peer <*>", m.templateText(closed));
        assertEquals("Connection reset by peer <*>", m.templateText(reset));
    }

    @Test
    void frequentAlternativeWordsStayEventsAndRareOnesBecomeAVariable() {
        TemplateMiner m = new TemplateMiner();
        String[] methods = {"GET", "POST", "DELETE"};
        for (int i = 0; i < 30; i++) {
            m.add("10.0.0." + i + " \"" + methods[i % 3] + " /v2/servers/" + i + " HTTP/1.1\" status: 200 len: " + i);
            m.add("VM " + (i % 2 == 0 ? "Started" : "Stopped") + " (Lifecycle Event)");
        }
        int a = m.add("Invalid user webmaster from 10.1.1.1");
        int b = m.add("Invalid user oracle from 10.1.1.2");
        int c = m.add("Invalid user guest from 10.1.1.3");
        m.finish();
        List<String> texts = m.templates().stream().map(MinedTemplate::text).sorted().toList();
        assertEquals(List.of("<*> \"DELETE <*> HTTP/<*>\" status: <*> len: <*>",
                "<*> \"GET <*> HTTP/<*>\" status: <*> len: <*>", "<*> \"POST <*> HTTP/<*>\" status: <*> len: <*>",
                "Invalid user <*> from <*>", "VM Started (Lifecycle Event)", "VM Stopped (Lifecycle Event)"), texts);
        assertEquals(m.templateText(a), m.templateText(b));
        assertEquals(m.templateText(a), m.templateText(c));
    }

    @Test
    void aMessagesOnlyWordIsNeverMergedAway() {
        TemplateMiner m = new TemplateMiner();
        for (String s : List.of("clear()", "initEnvironment", "reStartStepCounter", "onStepChanged 12",
                "theDayChanged 1514044800216", "isScreenOn 7")) {
            m.add(s);
        }
        m.finish();
        assertEquals(6, m.templates().size(), () -> m.templates().toString());
    }

    @Test
    void boundedDurationIsOneVariable() {
        TemplateMiner m = new TemplateMiner();
        int a = m.add("proxy.example.com:5070 close, 403 bytes sent, 426 bytes received, lifetime <1 sec");
        int b = m.add("www.example.org:443 close, 0 bytes sent, 0 bytes received, lifetime 00:01");
        m.finish();
        assertEquals("<*> close, <*> bytes sent, <*> bytes received, lifetime <*>", m.templateText(a));
        assertEquals(m.templateText(a), m.templateText(b));
    }

    @Test
    void keyValueValuesAndBracketedFieldsGeneraliseWhereTheyVary() {
        TemplateMiner m = new TemplateMiner();
        int a = m.add("acquire lock flags=0x1 tag=AudioMix uid=1041 pid=0");
        int b = m.add("acquire lock flags=0x1 tag=ViewLock uid=10037 pid=2227");
        int c = m.add("Worker [alpha] started task 7");
        int d = m.add("Worker [beta] started task 8");
        m.finish();
        assertEquals("acquire lock flags=<*> tag=<*> uid=<*> pid=<*>", m.templateText(a));
        assertEquals(m.templateText(a), m.templateText(b));
        assertEquals("Worker <*> started task <*>", m.templateText(c));
        assertEquals(m.templateText(c), m.templateText(d));
    }

    @Test
    void aTemplateMadeGeneralByAMergeTakesTheLaterValuesInsteadOfStartingDuplicates() {
        TemplateMiner m = new TemplateMiner();
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            m.add("Worker w" + r.nextInt(40) + " started");
        }
        assertEquals(1, m.size());
        assertEquals("Worker <*> started", m.templateText(m.add("Worker w3 started")));
    }
}
