package io.cyberbrain.worker.task.triage.mine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaskerTest {

    private static void masks(String in, String out) {
        assertEquals(out, Masker.mask(in), in);
    }

    @Test
    void numbersHexAndLongIds() {
        masks("took 42 retries -7 times 3.14", "took <*> retries <*> times <*>");
        masks("addr 0x7fff12 crc 00544eb8 ok", "addr <*> crc <*> ok");
        masks("blk_-6952295868487656571 appattempt_1445144423722_0020_000001", "<*> <*>");
        masks("ssh2 tty2 L1 Slf4jLogger", "ssh2 tty2 L1 Slf4jLogger");
    }

    @Test
    void ipAddressAndPortAreOneVariable() {
        masks("from 10.251.42.84 to /10.250.19.102:54106", "from <*> to <*>");
        masks("rhost=218.188.2.4", "rhost=<*>");
    }

    @Test
    void uuidsUrlsEmailsAndPaths() {
        masks("job 123e4567-e89b-12d3-a456-426614174000 done", "job <*> done");
        masks("see http://wiki.apache.org/hadoop/NoRouteToHost.", "see <*>.");
        masks("mail bob.smith@example.com now", "mail <*> now");
        masks("ok /etc/httpd/conf/workers2.properties", "ok <*>");
        masks("Extract jar:file:/opt/a/b.jar", "Extract jar:file:<*>");
    }

    @Test
    void durationsAndSizesWithUnits() {
        masks("took 12ms and 3.5s for 10MB", "took <*> and <*> for <*>");
        masks("read 4 KiB", "read <*> KiB");
    }

    @Test
    void keyValueValuesAreMaskedKeysKept() {
        masks("uid=0 euid=0 tty=NODEVssh user=root", "uid=<*> euid=<*> tty=NODEVssh user=<*>");
        masks("(TID 12) headroom=<memory:1024, vCores:1>", "(TID <*>) headroom=<memory:<*>, vCores:<*>>");
    }

    @Test
    void versionsAndBooleans() {
        masks("Support v0.97 and dquot_6.5.1 core.2275", "Support <*> and <*> core.<*>");
        masks("enabled=true flag false", "enabled=<*> flag <*>");
    }

    @Test
    void punctuationAroundMaskedWordsIsKept() {
        masks("release 1.2.3. now", "release <*>. now");
        masks("(flag=TRUE), [null] x.admin", "(flag=<*>), [<*>] x.<*>");
        masks("12ms, 0x1F; 1a2b3c4d", "<*>, <*>; <*>");
        masks("[/var/log/a.log] v-1.5", "[<*>] v-<*>");
        masks("ID:job_20151017_0001...", "ID:<*>...");
    }

    @Test
    void hostNamesAndDomainsAreVariables() {
        masks("connect to www.example.com failed", "connect to <*> failed");
        masks("api.github.com:443 open through proxy proxy.cse.example.edu.hk:5070 HTTPS",
                "<*> open through proxy <*> HTTPS");
        masks("audit for node cp-1.slowvm1.tcloud-pg0.utah.cloudlab.us", "audit for node <*>");
        masks("host 'db.internal' and db-2.prod.internal:5432.", "host '<*>' and <*>.");
    }

    @Test
    void javaNamesPropertyKeysAndFileNamesAreNotHostNames() {
        masks("org.apache.hadoop.ipc.Server started", "org.apache.hadoop.ipc.Server started");
        masks("mapred.job.id is deprecated. Instead, use mapreduce.job.id",
                "mapred.job.id is deprecated. Instead, use mapreduce.job.id");
        masks("ran deploy.sh and main.py", "ran deploy.sh and main.py");
        masks("at DAVEngineImpl.cpp:1400 and main.go:42", "at DAVEngineImpl.cpp:<*> and main.go:<*>");
        masks("e.g. java.net.SocketException", "e.g. java.net.SocketException");
    }

    @Test
    void ipv6MacAndClockTimesAreOneVariable() {
        masks("addr fe80::1ff:fe23:4567:890a up", "addr <*> up");
        masks("IPV6 Addr: 2607:f140:6000:8:c6b3:1ff:fecd:467f", "IPV6 Addr: <*>");
        masks("bssid 5c:50:15:4c:18:13, ok", "bssid <*>, ok");
        masks("mac 00-1A-2B-3C-4D-5E", "mac <*>");
        masks("lifetime 00:01 at 12:30:45", "lifetime <*> at <*>");
        masks("dead:beef is a word pair", "dead:beef is a word pair");
    }

    @Test
    void windowsPathsAreOneVariable() {
        masks("loaded C:\\Windows\\System32\\kernel32.dll ok", "loaded <*> ok");
        masks("share \\\\fileserver\\public\\x.txt", "share <*>");
        masks("[C:\\Temp\\a.log]", "[<*>]");
    }

    @Test
    void sizesAndDurationsWithAndWithoutSpace() {
        masks("read 12KB in 1.5s, 250us and 3h", "read <*> in <*>, <*> and <*>");
        masks("sent 1.2 MiB", "sent <*> MiB");
    }
}
