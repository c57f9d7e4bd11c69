package io.cyberbrain.redaction;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal data found by anchor characters: e-mail addresses ('@') and home-folder user names.
 */
final class PersonalData {

    private PersonalData() {
    }

    /*
     * E-mail: local part and domain are matched possessively (linear) and the domain is validated
     * in Java (labels, alphabetic TLD) instead of with nested "(label\.)+" quantifiers. Candidates
     * are anchored at each '@'. "git@host" (SSH remote user) is not a person's address.
     */
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+\\-])([A-Za-z0-9][A-Za-z0-9._%+\\-]{0,63}+)@([A-Za-z0-9][A-Za-z0-9.\\-]{0,252}+)");

    static void emails(Scan s) {
        String t = s.text;
        Matcher m = s.matcher(EMAIL);
        for (int at = t.indexOf('@'); at >= 0; at = t.indexOf('@', at + 1)) {
            int st = at;
            while (st > 0 && at - st < 65 && isLocalChar(t.charAt(st - 1))) {
                st--;
            }
            while (st < at && !Character.isLetterOrDigit(t.charAt(st))) {
                st++;
            }
            m.region(st, Math.min(s.n, at + 254));
            if (!m.lookingAt()) {
                continue;
            }
            String local = m.group(1);
            if (local.endsWith(".") || local.equals("git")) {
                continue;
            }
            int de = m.end(2);
            while (de > m.start(2) && (t.charAt(de - 1) == '.' || t.charAt(de - 1) == '-')) {
                de--;
            }
            if (validDomain(t, m.start(2), de)) {
                s.add(m.start(), de, EntityClass.EMAIL);
            }
        }
    }

    private static boolean isLocalChar(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || "._%+-".indexOf(ch) >= 0;
    }

    private static boolean validDomain(String t, int s, int e) {
        int dots = 0;
        int labelStart = s;
        int tldStart = s;
        for (int i = s; i <= e; i++) {
            if (i == e || t.charAt(i) == '.') {
                int len = i - labelStart;
                if (len == 0 || len > 63 || t.charAt(labelStart) == '-' || t.charAt(i - 1) == '-') {
                    return false;
                }
                if (i < e) {
                    dots++;
                }
                tldStart = labelStart;
                labelStart = i + 1;
            }
        }
        if (dots == 0 || e - tldStart < 2 || e - tldStart > 24) {
            return false;
        }
        for (int i = tldStart; i < e; i++) {
            if (!Character.isLetter(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }


    /*
     * Home folders: /home/<user>, /Users/<user>, C:\\Users\\<user> (also JSON-escaped "\\\\"). Only the
     * user segment is masked so the path stays meaningful. A Windows user name may contain spaces,
     * so when the segment is closed by another backslash it is taken whole; otherwise (and on
     * Unix) it ends at the first character that cannot be part of a user name.
     */
    private static final Pattern HOME_USER = Pattern.compile(
            "(?:(?<![A-Za-z0-9_.\\-])/(?:home|Users)/|(?<![A-Za-z0-9])[A-Za-z]:\\\\{1,2}(?:Users|Documents and Settings)\\\\{1,2})"
                    + "(?:([^\\\\/:*?\"<>|\\r\\n\\t]{1,64}+)(?=\\\\)|([A-Za-z0-9._$\\-]{1,64}+))");
    private static final Set<String> NOT_USERS = Set.of(
            "shared", "public", "default", "default user", "all users", "$user", "${user}", "%username%");

    static void homeUsers(Scan s) {
        String t = s.text;
        Matcher m = s.matcher(HOME_USER);
        for (String marker : new String[] {"/home/", "/Users/", "Users\\", "Documents and Settings\\"}) {
            for (int i = t.indexOf(marker); i >= 0; i = t.indexOf(marker, i + 1)) {
                int st = marker.charAt(0) == '/' ? i : Math.max(0, i - 4);
                m.region(st, Math.min(s.n, i + marker.length() + 70));
                if (m.find() && m.start() <= i + 1) {
                    int g = m.group(1) != null && t.charAt(m.start()) != '/' ? 1 : 2;
                    if (m.group(g) == null) {
                        continue;
                    }
                    String user = m.group(g);
                    if (!NOT_USERS.contains(user.toLowerCase(Locale.ROOT)) && !user.startsWith("$")
                            && !user.startsWith("%")) {
                        s.add(m.start(g), m.end(g), EntityClass.HOME_USER);
                    }
                }
            }
        }
    }

}
