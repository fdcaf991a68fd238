package org.ehr.x12check;

import com.imsweb.x12.Element;
import com.imsweb.x12.Loop;
import com.imsweb.x12.Segment;
import com.imsweb.x12.mapping.CompositeDefinition;
import com.imsweb.x12.mapping.ElementDefinition;
import com.imsweb.x12.mapping.LoopDefinition;
import com.imsweb.x12.mapping.SegmentDefinition;
import com.imsweb.x12.mapping.TransactionDefinition.Usage;
import com.imsweb.x12.reader.X12Reader;
import com.imsweb.x12.reader.X12Reader.FileType;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads X12 files with com.imsweb:x12-parser and prints one JSON object per file on a line:
 * the parser's errors and fatal errors, and every element that carries a value where the
 * implementation guide marks it not used. Usage: X12Check 837I|835 FILE... The exit code is 0
 * when every file is clean, 1 when any has a finding, 2 on bad arguments.
 */
public final class X12Check {
    private X12Check() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: X12Check 837I|835 FILE...");
            System.exit(2);
        }
        FileType type = switch (args[0]) {
            case "837I" -> FileType.ANSI837_5010_X223;
            case "835" -> FileType.ANSI835_5010_X221;
            default -> null;
        };
        if (type == null) {
            System.err.println("unknown transaction " + args[0] + ": expected 837I or 835");
            System.exit(2);
        }
        boolean clean = true;
        for (int i = 1; i < args.length; i++) {
            Result result = check(type, new File(args[i]));
            clean &= result.errors.isEmpty() && result.notUsed.isEmpty();
            System.out.println(result.toJson(args[i]));
        }
        System.exit(clean ? 0 : 1);
    }

    record Result(List<String> errors, List<String> notUsed, int loops) {
        String toJson(String file) {
            return "{\"file\":" + quote(file) + ",\"loops\":" + loops + ",\"errors\":" + array(errors) + ",\"notUsed\":" + array(notUsed) + "}";
        }
    }

    static Result check(FileType type, File file) throws Exception {
        X12Reader reader;
        try {
            reader = new X12Reader(type, file);
        } catch (RuntimeException e) {
            // The parser gives up on some malformed input by throwing: that is a finding, not a crash.
            return new Result(List.of("parser failed: " + e), List.of(), 0);
        }
        List<String> errors = new ArrayList<>(reader.getFatalErrors());
        errors.addAll(reader.getErrors());
        List<String> notUsed = new ArrayList<>();
        for (Loop loop : reader.getLoops()) walk(loop, reader.getDefinition().getLoop(), notUsed);
        errors.removeIf(error -> repeatsWithinLimits(error, reader));
        return new Result(errors, notUsed, reader.getLoops().size());
    }

    /** Each segment of the loop against the loop's definition, then each child loop. */
    private static void walk(Loop loop, LoopDefinition scope, List<String> notUsed) {
        LoopDefinition definition = find(scope, loop.getId());
        if (definition == null) return;
        for (Segment segment : loop.getSegments()) {
            List<SegmentDefinition> candidates = definitionsOf(definition, segment);
            if (candidates.isEmpty()) continue;
            for (Element element : segment.getElements()) {
                if (element.getValue() == null || element.getValue().isEmpty()) continue;
                String where = "loop " + loop.getId() + " " + element.getId();
                if (candidates.stream().allMatch(s -> elementNotUsed(s, element.getId()))) {
                    notUsed.add(where + "=" + element.getValue());
                    continue;
                }
                for (int sub = 0; sub < element.getNumOfSubElements(); sub++) {
                    String value = element.getSubElement(sub);
                    if (value == null || value.isEmpty()) continue;
                    String subId = element.getId() + "-" + String.format("%02d", sub + 1);
                    if (element.getNumOfSubElements() > 1 && candidates.stream().allMatch(s -> subElementNotUsed(s, element.getId(), subId))) {
                        notUsed.add("loop " + loop.getId() + " " + subId + "=" + value);
                    }
                }
            }
        }
        for (Loop child : loop.getLoops()) walk(child, definition, notUsed);
    }

    /**
     * The definitions a segment can be: those of its id in the loop, narrowed by the qualifier in
     * its first element (or the first component of its first composite) where the guide lists one.
     */
    private static List<SegmentDefinition> definitionsOf(LoopDefinition loop, Segment segment) {
        List<SegmentDefinition> byId = new ArrayList<>();
        if (loop.getSegment() != null) {
            for (SegmentDefinition s : loop.getSegment()) if (s.getXid().equals(segment.getId())) byId.add(s);
        }
        if (byId.size() < 2 || segment.getElements().isEmpty()) return byId;
        Element first = segment.getElements().get(0);
        String qualifier = first.getNumOfSubElements() > 0 ? first.getSubElement(0) : first.getValue();
        List<SegmentDefinition> matching = new ArrayList<>();
        for (SegmentDefinition s : byId) if (qualifiers(s).contains(qualifier)) matching.add(s);
        return matching.isEmpty() ? byId : matching;
    }

    private static List<String> qualifiers(SegmentDefinition segment) {
        ElementDefinition first = null;
        if (segment.getElements() != null) {
            for (ElementDefinition e : segment.getElements()) if ("01".equals(e.getSeq())) first = e;
        }
        if (first == null && segment.getComposites() != null) {
            for (CompositeDefinition c : segment.getComposites()) {
                if ("01".equals(c.getSeq()) && c.getElements() != null && !c.getElements().isEmpty()) first = c.getElements().get(0);
            }
        }
        return first == null || first.getValidCodes() == null || first.getValidCodes().getCodes() == null ? List.of() : first.getValidCodes().getCodes();
    }

    /**
     * x12-parser 1.13 counts every repeat of a segment id against the first definition of that id,
     * so a claim with a principal and an admitting diagnosis (two HI segments, each used once) is
     * reported as "HI appears too many times". The count is made again per definition, picked by
     * qualifier; the error stays when some definition really is used more often than the guide allows.
     */
    private static boolean repeatsWithinLimits(String error, X12Reader reader) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\w+) in loop (\\w+) appears too many times$").matcher(error);
        if (!m.matches()) return false;
        String segmentId = m.group(1);
        String loopId = m.group(2);
        LoopDefinition definition = find(reader.getDefinition().getLoop(), loopId);
        if (definition == null) return false;
        List<Loop> loops = new ArrayList<>();
        for (Loop top : reader.getLoops()) collect(top, loopId, loops);
        for (Loop loop : loops) {
            java.util.Map<SegmentDefinition, Integer> uses = new java.util.IdentityHashMap<>();
            for (Segment segment : loop.getSegments()) {
                if (!segment.getId().equals(segmentId)) continue;
                List<SegmentDefinition> candidates = definitionsOf(definition, segment);
                if (candidates.size() != 1) return false;
                uses.merge(candidates.get(0), 1, Integer::sum);
            }
            for (java.util.Map.Entry<SegmentDefinition, Integer> use : uses.entrySet()) {
                String max = use.getKey().getMaxUse();
                if (max != null && !">1".equals(max) && use.getValue() > Integer.parseInt(max)) return false;
            }
        }
        return true;
    }

    private static void collect(Loop loop, String id, List<Loop> into) {
        if (id.equals(loop.getId())) into.add(loop);
        for (Loop child : loop.getLoops()) collect(child, id, into);
    }

    /** The loop definition with this id at or below scope (loop ids are unique in a guide). */
    private static LoopDefinition find(LoopDefinition scope, String id) {
        if (scope == null) return null;
        if (id.equals(scope.getXid())) return scope;
        if (scope.getLoop() == null) return null;
        for (LoopDefinition child : scope.getLoop()) {
            LoopDefinition found = find(child, id);
            if (found != null) return found;
        }
        return null;
    }

    private static boolean elementNotUsed(SegmentDefinition segment, String id) {
        if (segment.getElements() != null) {
            for (ElementDefinition e : segment.getElements()) if (e.getXid().equals(id)) return e.getUsage() == Usage.NOT_USED;
        }
        if (segment.getComposites() != null) {
            for (CompositeDefinition c : segment.getComposites()) if (c.getXid().equals(id)) return "N".equals(c.getUsage());
        }
        return false;
    }

    private static boolean subElementNotUsed(SegmentDefinition segment, String compositeId, String id) {
        if (segment.getComposites() == null) return false;
        for (CompositeDefinition c : segment.getComposites()) {
            if (!c.getXid().equals(compositeId) || c.getElements() == null) continue;
            for (ElementDefinition e : c.getElements()) if (e.getXid().equals(id)) return e.getUsage() == Usage.NOT_USED;
        }
        return false;
    }

    private static String array(List<String> items) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) out.append(i == 0 ? "" : ",").append(quote(items.get(i)));
        return out.append(']').toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) out.append(String.format("\\u%04x", (int) ch));
                    else out.append(ch);
                }
            }
        }
        return out.append('"').toString();
    }
}
