package io.cyberbrain.redaction;

import static io.cyberbrain.redaction.NumericDetectors.IPV4;

import java.util.Map;

/**
 * Check digits and grammars that confirm a candidate: Luhn and card issuers, IBAN mod-97, SSN ranges,
 * IPv6, bech32.
 */
final class Validators {

    private Validators() {
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    static boolean plausibleCard(String d) {
        int n = d.length();
        if (n < 12 || n > 19 || !luhn(d)) {
            return false;
        }
        int p2 = Integer.parseInt(d.substring(0, 2));
        int p3 = Integer.parseInt(d.substring(0, 3));
        int p4 = Integer.parseInt(d.substring(0, 4));
        if (d.charAt(0) == '4') {
            return n == 13 || n == 16 || n == 19;                            // Visa
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return n == 16;                                                  // Mastercard
        }
        if (p2 == 34 || p2 == 37) {
            return n == 15;                                                  // Amex
        }
        if ((p3 >= 300 && p3 <= 305) || p3 == 309 || p2 == 36 || p2 == 38 || p2 == 39) {
            return n >= 14 && n <= 19;                                       // Diners
        }
        if (p2 == 35) {
            return n >= 16 && n <= 19;                                       // JCB
        }
        if (p4 == 1800 || p4 == 2131) {
            return n == 15;                                                  // JCB (15 digits)
        }
        if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649) || p2 == 62) {
            return n >= 16 && n <= 19;                                       // Discover, UnionPay
        }
        if (p2 == 50 || (p2 >= 56 && p2 <= 69)) {
            return n >= 12;                                                  // Maestro
        }
        return false;
    }

    private static final Map<String, Integer> IBAN_LENGTHS = ibanLengths();

    private static Map<String, Integer> ibanLengths() {
        String spec = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 "
                + "DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 "
                + "IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 "
                + "MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 "
                + "SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
        Map<String, Integer> m = new java.util.HashMap<>();
        for (String e : spec.split(" ")) {
            m.put(e.substring(0, 2), Integer.parseInt(e.substring(2)));
        }
        return Map.copyOf(m);
    }

    static boolean validIban(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch != ' ') {
                sb.append(Character.toUpperCase(ch));
            }
        }
        String iban = sb.toString();
        Integer len = IBAN_LENGTHS.get(iban.substring(0, 2));
        if (len == null || len != iban.length()) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int mod = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char ch = rearranged.charAt(i);
            int v;
            if (ch >= '0' && ch <= '9') {
                v = ch - '0';
                mod = (mod * 10 + v) % 97;
            } else if (ch >= 'A' && ch <= 'Z') {
                v = ch - 'A' + 10;
                mod = (mod * 100 + v) % 97;
            } else {
                return false;
            }
        }
        return mod == 1;
    }

    static boolean validSsn(String area, String group, String serial) {
        int a = Integer.parseInt(area);
        return a != 0 && a != 666 && a < 900 && !group.equals("00") && !serial.equals("0000");
    }

    static boolean validIpv6(String s) {
        String head = s;
        int groups = 0;
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.') >= 0) {
            String v4 = s.substring(lastColon + 1);
            if (!IPV4.matcher(v4).matches()) {
                return false;
            }
            head = s.substring(0, lastColon + 1);
            if (!head.endsWith("::")) {
                head = head.substring(0, head.length() - 1);
            }
            groups += 2;
        }
        int dc = head.indexOf("::");
        if (dc >= 0 && head.indexOf("::", dc + 1) >= 0) {
            return false;
        }
        boolean hexLetter = false;
        int nonEmpty = 0;
        String[] parts = head.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                boolean partOfDoubleColon = dc >= 0;
                if (!partOfDoubleColon) {
                    return false;
                }
                continue;
            }
            if (p.length() > 4) {
                return false;
            }
            for (int j = 0; j < p.length(); j++) {
                char ch = p.charAt(j);
                if (Character.digit(ch, 16) < 0) {
                    return false;
                }
                hexLetter |= Character.isLetter(ch);
            }
            nonEmpty++;
        }
        groups += nonEmpty;
        if (dc < 0) {
            if (groups != 8) {
                return false;
            }
        } else {
            // an empty part is only legal as the "::" itself (or its leading/trailing colon)
            if (groups > 7 || head.startsWith(":") && !head.startsWith("::")
                    || head.endsWith(":") && !head.endsWith("::")) {
                return false;
            }
            if (s.equals("::1") || s.equals("::")) {
                return false; // loopback / unspecified
            }
            if (nonEmpty + (s.indexOf('.') >= 0 ? 1 : 0) < 2 || (!hexLetter && groups < 3)) {
                return false; // "1::2", "a::b" are more likely code than addresses
            }
        }
        return true;
    }

    private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    static boolean bech32Valid(String s) {
        int sep = s.lastIndexOf('1');
        if (sep < 1 || sep + 7 > s.length()) {
            return false;
        }
        int chk = 1;
        for (int i = 0; i < sep; i++) {
            chk = bech32Step(chk) ^ (s.charAt(i) >> 5);
        }
        chk = bech32Step(chk);
        for (int i = 0; i < sep; i++) {
            chk = bech32Step(chk) ^ (s.charAt(i) & 31);
        }
        for (int i = sep + 1; i < s.length(); i++) {
            int v = BECH32.indexOf(s.charAt(i));
            if (v < 0) {
                return false;
            }
            chk = bech32Step(chk) ^ v;
        }
        return chk == 1 || chk == 0x2bc830a3;
    }

    private static int bech32Step(int pre) {
        int b = pre >>> 25;
        return ((pre & 0x1ffffff) << 5)
                ^ (-((b) & 1) & 0x3b6a57b2)
                ^ (-((b >> 1) & 1) & 0x26508e6d)
                ^ (-((b >> 2) & 1) & 0x1ea119fa)
                ^ (-((b >> 3) & 1) & 0x3d4233dd)
                ^ (-((b >> 4) & 1) & 0x2a1462b3);
    }

}
