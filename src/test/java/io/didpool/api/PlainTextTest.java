package io.didpool.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The name rule over every code point of Unicode, against its definition in words: refused exactly when the code
 * point is a control, a format character, a line or paragraph separator, a noncharacter or a surrogate alone.
 */
class PlainTextTest {

    private static final Pattern RULE = Pattern.compile(PlainText.PATTERN);

    @Test
    void everyCodePointAloneAndBetweenLettersIsRefusedExactlyWhenItsCategoryOrNonCharacterSaysSo() {
        List<String> disagreements = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String alone = Character.toString(cp);
            boolean refused = refusedByDefinition(cp);
            for (String name : List.of(alone, "a" + alone + "b")) {
                if (RULE.matcher(name).matches() == refused) {
                    disagreements.add(String.format("U+%04X in '%s': the rule %s it", cp,
                            name.length() > 3 ? "a…b" : "alone", refused ? "accepts" : "refuses"));
                }
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void refusesTheCharactersTheProbeFoundAndASurrogateWithoutItsPair() {
        for (String name : List.of("pay\u200Bpal", "pay\u200Dpal", "\uFEFFacme", "acme\uDB40\uDC41", "acme\uFFFF",
                "\uD800", "a\uD800b", "a\uDC00", "\uDC00\uD800", "a\uFDD0", "a\u2060b", "soft\u00ADhyphen",
                "a\uDBFF\uDFFF", "a\uD83F\uDFFE")) {
            assertThat(RULE.matcher(name).matches()).as(escaped(name)).isFalse();
        }
    }

    /** Emoji joined by U+200D (woman technologist, rainbow flag) and tag flags are refused; other emoji welcome. */
    @Test
    void acceptsLettersOfEveryScriptMarksAndEmojiButNotThoseJoinedByAFormatCharacter() {
        for (String name : List.of("Zoë's café — 日本 عربي 🙂", "Ελληνικά", "русский", "हिन्दी", "한국어", "ไทย",
                "עברית", "e\u0301", "\uD83D\uDE00", "\uD83D\uDC4D\uD83C\uDFFD", "\u2764\uFE0F", "a\u00A0b",
                "\uD840\uDC00", "\uE000 private use", "1st line")) {
            assertThat(RULE.matcher(name).matches()).as(escaped(name)).isTrue();
        }
        for (String name : List.of("\uD83D\uDC69\u200D\uD83D\uDCBB", "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08",
                "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F")) {
            assertThat(RULE.matcher(name).matches()).as(escaped(name)).isFalse();
        }
    }

    private static boolean refusedByDefinition(int cp) {
        int type = Character.getType(cp);
        boolean nonCharacter = (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || nonCharacter;
    }

    private static String escaped(String name) {
        StringBuilder out = new StringBuilder();
        name.chars().forEach(c -> out.append(c < 0x7F && c >= 0x20 ? String.valueOf((char) c)
                : String.format("\\u%04X", c)));
        return out.toString();
    }
}
