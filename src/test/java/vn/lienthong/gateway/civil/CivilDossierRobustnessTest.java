package vn.lienthong.gateway.civil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.civil.CivilFixtures.json;

/** Feeds random and mutated dossiers; the processor must answer every one without throwing. */
class CivilDossierRobustnessTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] NASTY = {
            "", " ", "null", "{", "}", "[", "\"", "\\", "<", "<!DOCTYPE x>", "&lol;", "\u0000", "\uD800", "💥",
            "31.02.2024", "2024-13-45T25:61:61", "99999999999999999999999", "1e999", "-0", "NaN", "AMBIG",
            "NOWHERE", "Phường A", "=", "====", "KS", "KT", "LTKS", "<hoTich>", "<hoTich><a>1</a></hoTich>"};

    private final CivilDossierProcessor processor = CivilFixtures.processor(new CivilFixtures.FakeAddresses(),
            new CivilLimits(64 * 1024, 4 * 1024, 3, 12));

    @Test
    void fiveHundredRandomAndMutatedInputsNeverThrow() {
        Random random = new Random(20240713L);
        List<String> seeds = List.of(json(CivilFixtures.birth()), json(CivilFixtures.deathXml()));
        int ready = 0;
        for (int i = 0; i < 500; i++) {
            String input = switch (i % 5) {
                case 0 -> mutateText(seeds.get(random.nextInt(seeds.size())), random);
                case 1 -> json(mutateTree(random.nextBoolean() ? CivilFixtures.birth() : CivilFixtures.deathXml(), random));
                case 2 -> json(randomNode(random, 0));
                case 3 -> randomText(random);
                default -> json(mutateTree(mutateTree(CivilFixtures.birth(), random), random));
            };
            CivilOutcome outcome = processOrFail(input);
            assertThat(outcome).as("input %d", i).isNotNull();
            if (outcome instanceof CivilOutcome.Invalid invalid) {
                assertThat(invalid.problems()).as("input %d", i).isNotEmpty().allSatisfy(p -> {
                    assertThat(p.field()).isNotBlank();
                    assertThat(p.reason()).isNotBlank().doesNotStartWith("internal error");
                });
            } else if (outcome instanceof CivilOutcome.Ready r) {
                ready++;
                assertThat(r.contentVersion()).matches("[0-9a-f]{64}");
            }
        }
        // The mutations must not be so destructive that only the parser gets exercised.
        assertThat(ready).isGreaterThan(5);
    }

    private CivilOutcome processOrFail(String input) {
        try {
            return processor.process(input);
        } catch (Throwable t) {
            throw new AssertionError("process threw on input: " + input.substring(0, Math.min(300, input.length())), t);
        }
    }

    private static String mutateText(String s, Random r) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int pos = r.nextInt(sb.length());
            switch (r.nextInt(4)) {
                case 0 -> sb.deleteCharAt(pos);
                case 1 -> sb.insert(pos, NASTY[r.nextInt(NASTY.length)]);
                case 2 -> sb.setCharAt(pos, (char) r.nextInt(0x3000));
                default -> sb.setLength(pos);
            }
        }
        return sb.toString();
    }

    /** Replaces one random field (at any depth) by a random value, or removes it. */
    private static ObjectNode mutateTree(ObjectNode root, Random r) {
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(root, objects);
        ObjectNode target = objects.get(r.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            target.set("x", randomNode(r, 3));
            return root;
        }
        String name = names.get(r.nextInt(names.size()));
        if (r.nextInt(4) == 0) {
            target.remove(name);
        } else if (r.nextBoolean()) {
            target.put(name, NASTY[r.nextInt(NASTY.length)]);
        } else {
            target.set(name, randomNode(r, 2));
        }
        return root;
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> out) {
        if (node instanceof ObjectNode o) {
            out.add(o);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            collectObjects(it.next(), out);
        }
    }

    private static JsonNode randomNode(Random r, int depth) {
        int kind = depth > 6 ? r.nextInt(5) : r.nextInt(7);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(r.nextBoolean());
            case 2 -> NODES.numberNode(r.nextLong());
            case 3 -> NODES.numberNode(r.nextDouble() * 1e6);
            case 4 -> NODES.textNode(NASTY[r.nextInt(NASTY.length)] + randomText(r).substring(0, r.nextInt(5)));
            case 5 -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(randomNode(r, depth + 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = NODES.objectNode();
                String[] keys = {"maHoSo", "module", "data", "fileDinhKem", "nksNoiSinh", "nksNgaySinh", "k"};
                for (int i = r.nextInt(4); i > 0; i--) {
                    o.set(keys[r.nextInt(keys.length)], randomNode(r, depth + 1));
                }
                yield o;
            }
        };
    }

    private static String randomText(Random r) {
        int len = 5 + r.nextInt(60);
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            sb.append(r.nextInt(3) == 0 ? "{}[]\":,<>&;".charAt(r.nextInt(11)) : (char) (32 + r.nextInt(95)));
        }
        return sb.toString();
    }
}
