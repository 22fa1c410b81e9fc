package vn.lienthong.gateway.civil;

/**
 * Size limits for one inbound dossier. They exist so that a hostile or broken sender cannot make the
 * gateway allocate unbounded memory or recurse without end.
 *
 * @param maxDocumentBytes   the whole inbound JSON, in UTF-8 bytes
 * @param maxAttachmentBytes each attachment after base64 decoding
 * @param maxAttachments     number of fileDinhKem items
 * @param maxJsonDepth       nesting of JSON objects/arrays (and of XML elements inside {@code data})
 */
public record CivilLimits(long maxDocumentBytes, long maxAttachmentBytes, int maxAttachments, int maxJsonDepth) {

    public static final long MB = 1024L * 1024L;

    public CivilLimits {
        if (maxDocumentBytes <= 0 || maxDocumentBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxDocumentBytes must be between 1 and " + Integer.MAX_VALUE);
        }
        if (maxAttachmentBytes <= 0) {
            throw new IllegalArgumentException("maxAttachmentBytes must be positive");
        }
        if (maxAttachments < 0) {
            throw new IllegalArgumentException("maxAttachments must not be negative");
        }
        // Depth 3 is the least that can hold envelope -> data -> address.
        if (maxJsonDepth < 3) {
            throw new IllegalArgumentException("maxJsonDepth must be at least 3");
        }
    }

    /** 5 MB document, 5 MB per decoded attachment, 20 attachments, depth 40. */
    public static CivilLimits defaults() {
        return new CivilLimits(5 * MB, 5 * MB, 20, 40);
    }
}
