package io.didpool.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * The text of an uploaded UTF-8 file, decoded without losing track of bytes that are not valid UTF-8. A lenient
 * decoder turns them into U+FFFD silently, and the file's values are stored changed. This reader also hands out a
 * U+FFFD for each, so that a parser reads on to the end of the file, but remembers where: {@link #firstUndecodable}
 * tells a U+FFFD that stands for invalid bytes from one the file really holds (valid text, kept like any other). One
 * byte order mark at the very start (what Excel's "CSV UTF-8" writes) is dropped; a U+FEFF anywhere else is text.
 */
final class StrictUtf8Reader extends Reader {

    static final char REPLACEMENT = '\uFFFD';
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final int BUFFER = 8192;

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER).flip();
    private final CharBuffer chars = CharBuffer.allocate(BUFFER).flip();
    /** Positions in {@link #chars} of the U+FFFD this fill put there for invalid input. */
    private final BitSet invalidAt = new BitSet(BUFFER);
    /** Every U+FFFD handed out and not yet asked about, by offset. */
    private final Deque<Replacement> replacements = new ArrayDeque<>();
    private long handedOut;
    private boolean startOfText = true;
    private boolean endOfInput;
    private boolean finished;

    StrictUtf8Reader(InputStream in) {
        this.in = in;
        this.decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
    }

    /**
     * The index of the first of {@code cells} that holds bytes that were not valid UTF-8, or -1. {@code cells} are
     * what a parser made of the text handed out from offset {@code from} to {@code to}; a parser that adds no U+FFFD
     * and drops none (a CSV parser does neither) leaves that text's U+FFFD in the cells, in order, so each is matched
     * to what it stands for. Every U+FFFD before {@code to} is then forgotten: a caller asks about one stretch after
     * the other.
     */
    int firstUndecodable(long from, long to, List<String> cells) {
        List<Boolean> invalid = new ArrayList<>();
        while (!replacements.isEmpty() && replacements.peekFirst().offset() < to) {
            Replacement replacement = replacements.pollFirst();
            if (replacement.offset() >= from) {
                invalid.add(replacement.invalid());
            }
        }
        if (!invalid.contains(true)) {
            return -1;
        }
        int next = 0;
        int firstHolding = -1;
        for (int cell = 0; cell < cells.size(); cell++) {
            String value = cells.get(cell);
            for (int i = value.indexOf(REPLACEMENT); i >= 0 && next < invalid.size();
                    i = value.indexOf(REPLACEMENT, i + 1)) {
                firstHolding = firstHolding < 0 ? cell : firstHolding;
                if (invalid.get(next++)) {
                    return cell;
                }
            }
        }
        return Math.max(firstHolding, 0); // only if the cells were not made of that text: invalid all the same
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (finished) {
                return -1;
            }
            fill();
        }
        int n = Math.min(length, chars.remaining());
        chars.get(buffer, offset, n);
        handedOut += n;
        return n;
    }

    /** Decodes the next stretch of input into {@link #chars}; at least one character unless the input is over. */
    private void fill() throws IOException {
        chars.clear();
        invalidAt.clear();
        while (chars.position() == 0 && !finished) {
            chars.limit(chars.capacity() - 1); // room for the U+FFFD of invalid input
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            chars.limit(chars.capacity());
            if (result.isError()) {
                invalidAt.set(chars.position());
                chars.put(REPLACEMENT);
                bytes.position(bytes.position() + result.length());
            } else if (result.isUnderflow() && endOfInput) {
                decoder.flush(chars);
                finished = true;
            } else if (result.isUnderflow()) {
                readMore();
            }
        }
        chars.flip();
        if (startOfText && chars.hasRemaining()) {
            startOfText = false;
            if (chars.get(0) == BYTE_ORDER_MARK) {
                chars.position(1);
            }
        }
        for (int i = chars.position(); i < chars.limit(); i++) {
            if (chars.get(i) == REPLACEMENT) {
                replacements.addLast(new Replacement(handedOut + i - chars.position(), invalidAt.get(i)));
            }
        }
    }

    private void readMore() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private record Replacement(long offset, boolean invalid) {
    }
}
