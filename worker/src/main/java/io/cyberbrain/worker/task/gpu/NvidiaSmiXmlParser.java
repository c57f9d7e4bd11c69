package io.cyberbrain.worker.task.gpu;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses {@code nvidia-smi -q -x}. The schema changed across driver generations (v9 to v13 DTDs):
 * {@code clocks_throttle_reasons} became {@code clocks_event_reasons}, {@code power_readings} became
 * {@code gpu_power_readings} with average/instant draws, ECC counters moved from per-structure
 * single/double-bit totals to SRAM/DRAM counts. Every alternative is read; anything absent is null.
 */
public final class NvidiaSmiXmlParser {

    private static final String[] OLD_AND_NEW_REASON_PREFIXES = {"clocks_event_reason_", "clocks_throttle_reason_"};

    public NvidiaSmiSnapshot parse(String xml) {
        if (xml == null || xml.isBlank()) {
            throw new GpuDataException("empty nvidia-smi XML");
        }
        Element root = parseDocument(xml).getDocumentElement();
        if (!"nvidia_smi_log".equals(root.getTagName())) {
            throw new GpuDataException("not nvidia-smi XML: root element <" + root.getTagName() + ">");
        }
        String driver = NvidiaValues.text(childText(root, "driver_version"));
        String cuda = NvidiaValues.text(childText(root, "cuda_version"));

        List<GpuInfo> parsed = new ArrayList<>();
        int position = 0;
        for (Element gpu : children(root, "gpu")) {
            parsed.add(gpu(gpu, position++, driver));
        }
        return new NvidiaSmiSnapshot(driver, cuda, ordered(parsed));
    }

    /**
     * nvidia-smi lists GPUs by PCI address, which need not follow /dev/nvidiaN (minor number); the
     * minor number is what containers and the rest of the system see, so it decides the order.
     */
    static List<GpuInfo> ordered(List<GpuInfo> gpus) {
        List<GpuInfo> sorted = new ArrayList<>(gpus);
        sorted.sort(Comparator.comparing((GpuInfo g) -> g.minorNumber() == null ? 1 : 0)
                .thenComparing(g -> g.minorNumber() == null ? g.index() : g.minorNumber()));
        return sorted;
    }

    private static GpuInfo gpu(Element gpu, int position, String driver) {
        Integer minor = NvidiaValues.integer(childText(gpu, "minor_number"));
        int index = minor != null ? minor : position;

        Element fb = child(gpu, "fb_memory_usage");
        Element util = child(gpu, "utilization");
        Element temp = child(gpu, "temperature");
        Element power = firstChild(gpu, "gpu_power_readings", "power_readings");

        String busId = NvidiaValues.text(childText(child(gpu, "pci"), "pci_bus_id"));
        if (busId == null) {
            busId = NvidiaValues.text(gpu.getAttribute("id"));
        }

        List<GpuProcess> processes = new ArrayList<>();
        String uuid = NvidiaValues.text(childText(gpu, "uuid"));
        for (Element p : children(child(gpu, "processes"), "process_info")) {
            Long pid = NvidiaValues.whole(childText(p, "pid"));
            if (pid == null) {
                continue;
            }
            processes.add(new GpuProcess(index, uuid, pid, NvidiaValues.text(childText(p, "process_name")),
                    NvidiaValues.text(childText(p, "type")), NvidiaValues.integer(childText(p, "used_memory")),
                    null, null));
        }

        Element mig = child(gpu, "mig_mode");
        List<MigDevice> migDevices = new ArrayList<>();
        for (Element d : children(child(gpu, "mig_devices"), "mig_device")) {
            Element dfb = child(d, "fb_memory_usage");
            migDevices.add(new MigDevice(NvidiaValues.integer(childText(d, "index")),
                    NvidiaValues.integer(childText(dfb, "total")), NvidiaValues.integer(childText(dfb, "used")),
                    NvidiaValues.integer(childText(dfb, "free"))));
        }

        return new GpuInfo(
                index,
                minor,
                NvidiaValues.text(childText(gpu, "product_name")),
                uuid,
                busId,
                driver,
                NvidiaValues.integer(childText(fb, "total")),
                NvidiaValues.integer(childText(fb, "used")),
                NvidiaValues.integer(childText(fb, "free")),
                NvidiaValues.integer(childText(fb, "reserved")),
                NvidiaValues.integer(childText(util, "gpu_util")),
                NvidiaValues.integer(childText(util, "memory_util")),
                NvidiaValues.integer(childText(temp, "gpu_temp")),
                threshold(temp, "gpu_temp_slow_threshold", "gpu_temp_slow_tlimit_threshold"),
                threshold(temp, "gpu_temp_max_threshold", "gpu_temp_max_tlimit_threshold"),
                // average first: that is what --query-gpu's power.draw reports on drivers that print both
                firstDecimal(power, "power_draw", "average_power_draw", "instant_power_draw"),
                firstDecimal(power, "enforced_power_limit", "current_power_limit", "power_limit"),
                NvidiaValues.text(childText(gpu, "performance_state")),
                activeReasons(gpu),
                ecc(gpu),
                retiredPages(child(gpu, "retired_pages")),
                remappedRows(child(gpu, "remapped_rows")),
                NvidiaValues.flag(childText(mig, "current_mig")),
                migDevices,
                processes);
    }

    /**
     * A temperature threshold in °C. Recent drivers on some boards (Ada, v13 schema) give thresholds
     * only as T.Limit values: {@code gpu_temp_tlimit} is the current margin below the limit and a
     * threshold is the margin at which it applies (-2 C = 2 °C past the limit), so in absolute terms it
     * is {@code temperature + margin - threshold}.
     */
    private static Integer threshold(Element temp, String absolute, String tlimitRelative) {
        Integer direct = NvidiaValues.integer(childText(temp, absolute));
        if (direct != null) {
            return direct;
        }
        Integer current = NvidiaValues.integer(childText(temp, "gpu_temp"));
        Integer margin = NvidiaValues.integer(childText(temp, "gpu_temp_tlimit"));
        Integer relative = NvidiaValues.integer(childText(temp, tlimitRelative));
        return current == null || margin == null || relative == null ? null : current + margin - relative;
    }

    private static List<String> activeReasons(Element gpu) {
        List<String> active = new ArrayList<>();
        Element reasons = firstChild(gpu, "clocks_event_reasons", "clocks_throttle_reasons");
        for (Element r : children(reasons, null)) {
            if (!"Active".equalsIgnoreCase(NvidiaValues.text(r.getTextContent()))) {
                continue;
            }
            String name = r.getTagName();
            for (String prefix : OLD_AND_NEW_REASON_PREFIXES) {
                if (name.startsWith(prefix)) {
                    name = name.substring(prefix.length());
                }
            }
            active.add(name);
        }
        return active;
    }

    private static EccCounts ecc(Element gpu) {
        Boolean enabled = NvidiaValues.flag(childText(child(gpu, "ecc_mode"), "current_ecc"));
        Element errors = child(gpu, "ecc_errors");
        Element vol = child(errors, "volatile");
        Element agg = child(errors, "aggregate");
        return new EccCounts(enabled, corrected(vol), uncorrected(vol), corrected(agg), uncorrected(agg));
    }

    /** Old schema: single-bit errors are the corrected ones; new schema: SRAM plus DRAM correctable. */
    private static Long corrected(Element scope) {
        if (scope == null) {
            return null;
        }
        Element singleBit = child(scope, "single_bit");
        if (singleBit != null) {
            return NvidiaValues.whole(childText(singleBit, "total"));
        }
        return NvidiaValues.sum(NvidiaValues.whole(childText(scope, "sram_correctable")),
                NvidiaValues.whole(childText(scope, "dram_correctable")));
    }

    /** Old schema: double-bit totals; new schema: SRAM (one count, or parity + SEC-DED) plus DRAM. */
    private static Long uncorrected(Element scope) {
        if (scope == null) {
            return null;
        }
        Element doubleBit = child(scope, "double_bit");
        if (doubleBit != null) {
            return NvidiaValues.whole(childText(doubleBit, "total"));
        }
        return NvidiaValues.sum(NvidiaValues.whole(childText(scope, "sram_uncorrectable")),
                NvidiaValues.whole(childText(scope, "sram_uncorrectable_parity")),
                NvidiaValues.whole(childText(scope, "sram_uncorrectable_secded")),
                NvidiaValues.whole(childText(scope, "dram_uncorrectable")));
    }

    private static RetiredPages retiredPages(Element retired) {
        if (retired == null) {
            return RetiredPages.UNKNOWN;
        }
        // older drivers call the same state "pending_blacklist"; newer ones print both
        Boolean retirement = NvidiaValues.flag(childText(retired, "pending_retirement"));
        Boolean blacklist = NvidiaValues.flag(childText(retired, "pending_blacklist"));
        Boolean pending = Boolean.TRUE.equals(retirement) || Boolean.TRUE.equals(blacklist) ? Boolean.TRUE
                : retirement != null ? retirement : blacklist;
        return new RetiredPages(
                NvidiaValues.integer(childText(child(retired, "multiple_single_bit_retirement"), "retired_count")),
                NvidiaValues.integer(childText(child(retired, "double_bit_retirement"), "retired_count")),
                pending);
    }

    private static RemappedRows remappedRows(Element rows) {
        if (rows == null) {
            return RemappedRows.UNKNOWN;
        }
        return new RemappedRows(NvidiaValues.integer(childText(rows, "remapped_row_corr")),
                NvidiaValues.integer(childText(rows, "remapped_row_unc")),
                NvidiaValues.flag(childText(rows, "remapped_row_pending")),
                NvidiaValues.flag(childText(rows, "remapped_row_failure")));
    }

    private static Double firstDecimal(Element parent, String... names) {
        for (String n : names) {
            Double v = NvidiaValues.decimal(childText(parent, n));
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- DOM helpers (direct children only:
    // names such as <total> and <used> occur at many depths)

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static Element firstChild(Element parent, String... names) {
        for (String n : names) {
            Element e = child(parent, n);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
                out.add(e);
            }
        }
        return out;
    }

    /** Text of a leaf child; null for a missing child or one that has children of its own. */
    private static String childText(Element parent, String name) {
        Element e = child(parent, name);
        if (e == null) {
            return null;
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                return null;
            }
        }
        return e.getTextContent();
    }

    private static Document parseDocument(String xml) {
        try {
            DocumentBuilder builder = secureFactory().newDocumentBuilder();
            // the default handler prints every error to stderr before throwing; the exception is enough
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            throw new GpuDataException("nvidia-smi XML is not well-formed: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * nvidia-smi output carries a DOCTYPE naming a DTD file that is not there; it must be neither
     * fetched nor required, and no external entity may be resolved from input the task did not write.
     */
    private static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setValidating(false);
        f.setNamespaceAware(false);
        return f;
    }
}
