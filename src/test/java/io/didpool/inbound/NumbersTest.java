package io.didpool.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** FastAGI's numbers are untrusted text: read as numbers, or kept cleaned and bounded. */
class NumbersTest {

    @Test
    void aCallerIdIsKeptWithoutControlCharactersAndCutWholeCharactersAtTheLimit() {
        assertThat(Numbers.clean("Robert\r\nDial(SIP/x)\u0000\u200B", 64)).isEqualTo("RobertDial(SIP/x)");
        // 63 letters then an emoji (two UTF-16 units): kept whole at 64, dropped whole at 63
        String longName = "a".repeat(63) + "\uD83D\uDCDE";
        assertThat(Numbers.clean(longName, 64)).isEqualTo(longName).hasSize(65);
        assertThat(Numbers.clean(longName, 63)).isEqualTo("a".repeat(63));
        // a lone half of a pair is not a character
        assertThat(Numbers.clean("x\uD83Dy", 64)).isEqualTo("xy");
        assertThat(Numbers.clean(null, 64)).isEmpty();
    }

    @Test
    void numbersAreReadAsE164OrNotAtAll() {
        assertThat(Numbers.e164("+14155550100")).contains("+14155550100");
        assertThat(Numbers.e164("4155550100")).contains("+14155550100");
        assertThat(Numbers.e164("anonymous")).isEmpty();
        assertThat(Numbers.e164("+1415555010;x")).isEmpty();
        assertThat(Numbers.e164("9".repeat(65))).isEmpty();
    }

    @Test
    void aNumberWithItsCountryCodeIsTakenAsParsedAndOneWithoutMustBeAValidNanpNumber() {
        // area code 999 is not in service: as Twilio would send it, it is still the number called; without "+1" it
        // is no number anyone can be told apart by
        assertThat(Numbers.e164("+19995550100")).contains("+19995550100");
        assertThat(Numbers.e164("9995550100")).isEmpty();
        assertThat(Numbers.e164("12125550100")).contains("+12125550100");
        // parsed, not merely copied: a national prefix after the country code goes, an unknown country code fails
        assertThat(Numbers.e164("+4402071234567")).contains("+442071234567");
        assertThat(Numbers.e164("+99912345678")).isEmpty();
    }
}
