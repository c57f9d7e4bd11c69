package io.cyberbrain.api.usage;

import java.util.List;
import java.util.Locale;

import io.cyberbrain.api.ui.Svg;

/**
 * Horizontal bar charts drawn on the server as SVG: no chart library in the page, and the numbers are also in a
 * table beside each chart for screen readers and copying. Labels are escaped.
 */
public final class BarChartSvg {

    public record Bar(String label, long value) {
    }

    static final int LABEL_W = 170;
    static final int BAR_MAX = 420;
    static final int ROW_H = 24;

    private BarChartSvg() {
    }

    public static String render(String title, List<Bar> bars) {
        if (bars.isEmpty()) {
            return "";
        }
        long max = Math.max(1, bars.stream().mapToLong(Bar::value).max().orElse(1));
        int width = LABEL_W + BAR_MAX + 90;
        int height = bars.size() * ROW_H + 8;
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" class=\"chart\"><title>").append(Svg.escape(title)).append("</title>");
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = 4 + i * ROW_H;
            int w = (int) Math.round((double) bar.value() / max * BAR_MAX);
            svg.append("<text x=\"").append(LABEL_W - 6).append("\" y=\"").append(y + 15)
                    .append("\" font-size=\"12\" text-anchor=\"end\" fill=\"#1b1f24\">")
                    .append(Svg.escape(shorten(bar.label()))).append("</text>")
                    .append("<rect x=\"").append(LABEL_W).append("\" y=\"").append(y + 3).append("\" width=\"")
                    .append(Math.max(w, bar.value() > 0 ? 1 : 0)).append("\" height=\"").append(ROW_H - 8)
                    .append("\" fill=\"#0b5cad\"/>")
                    .append("<text x=\"").append(LABEL_W + w + 6).append("\" y=\"").append(y + 15)
                    .append("\" font-size=\"12\" fill=\"#1b1f24\">").append(String.format(Locale.ROOT, "%,d", bar.value()))
                    .append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static String shorten(String label) {
        return label.length() <= 26 ? label : label.substring(0, 25) + "…";
    }
}
