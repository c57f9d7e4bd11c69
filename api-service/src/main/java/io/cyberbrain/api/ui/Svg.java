package io.cyberbrain.api.ui;

/** Text placed inside the UI's SVG pictures (charts, the service map). */
public final class Svg {

    private Svg() {
    }

    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
