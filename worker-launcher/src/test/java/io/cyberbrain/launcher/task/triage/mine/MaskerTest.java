package io.cyberbrain.launcher.task.triage.mine;

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
    void ipAddressesAndPortsKeepTheColon() {
        masks("from 10.251.42.84 to /10.250.19.102:54106", "from <*> to <*>:<*>");
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
}
