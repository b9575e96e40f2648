package dev.switchboard.platform;

/**
 * Names that others see (nicknames, display names, team and file names) hold no control characters:
 * a line break forges lines in mail headers and logs, a bidi override turns what others read around
 * ({@code "invoice\u202Efdp.exe"} shows as {@code "invoiceexe.pdf"}).
 */
public final class Names {

  private Names() {}

  /**
   * The name with line breaks, tabs and other whitespace runs as one space, without control, bidi
   * formatting or lone surrogate characters, stripped; null stays null.
   */
  public static String clean(String name) {
    if (name == null) {
      return null;
    }
    var out = new StringBuilder(name.length());
    boolean space = false;
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        space = true;
      } else if (!hidden(c)) {
        if (space && !out.isEmpty()) {
          out.append(' ');
        }
        space = false;
        out.appendCodePoint(c);
      }
    }
    return out.toString();
  }

  private static boolean hidden(int c) {
    int type = Character.getType(c);
    return type == Character.CONTROL
        || type == Character.SURROGATE
        || c == 0x061C // Arabic letter mark
        || c == 0x200E
        || c == 0x200F // left-to-right and right-to-left marks
        || c >= 0x202A && c <= 0x202E // embeddings and overrides
        || c >= 0x2066 && c <= 0x2069; // isolates
  }
}
