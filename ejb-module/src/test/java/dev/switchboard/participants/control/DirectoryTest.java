package dev.switchboard.participants.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DirectoryTest {

  @Test
  void filterValuesEscapeWhatRfc4515Reserves() {
    assertEquals("\\2a", Directory.filterValue("*"));
    assertEquals("lena\\29\\28uid=\\2a", Directory.filterValue("lena)(uid=*"));
    assertEquals("a\\5cb\\00", Directory.filterValue("a\\b\0"));
    assertEquals("ann.lee@corp-1_x", Directory.filterValue("ann.lee@corp-1_x"));
  }
}
