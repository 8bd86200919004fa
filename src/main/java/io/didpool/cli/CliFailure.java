package io.didpool.cli;

/** A client command's failure, said in one line; the message must already be safe to print. */
public class CliFailure extends RuntimeException {

    public CliFailure(String message) {
        super(message);
    }

    static String oneLine(Throwable e) {
        String message = e instanceof CliFailure ? e.getMessage()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("[\\r\\n]+", " ").strip();
    }
}
