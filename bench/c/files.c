/* The file system's limit for reports: writes COUNT files of SIZE bytes into DIR the way gradebook
 * writes a report (no reader ever sees a half-written file): each written nameless (O_TMPFILE) and
 * then linked in under its name, or, where the file system cannot do that, written to a temporary
 * name and renamed. usage: files DIR COUNT SIZE */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: files DIR COUNT SIZE\n"); return 2; }
  long count = atol(argv[2]);
  size_t size = (size_t)atol(argv[3]);
  char *data = malloc(size);
  memset(data, 'x', size);
  char path[4096], partial[4096], handle[64];
  for (long i = 0; i < count; i++) {
    snprintf(path, sizeof path, "%s/u%ld.%s", argv[1], 3035000000L + i / 2, i % 2 ? "md" : "html");
    int fd = open(argv[1], O_TMPFILE | O_WRONLY, 0644);
    if (fd >= 0) {
      snprintf(handle, sizeof handle, "/proc/self/fd/%d", fd);
      if (write(fd, data, size) == (ssize_t)size && linkat(AT_FDCWD, handle, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0) {
        close(fd);
        continue;
      }
      close(fd);
    }
    snprintf(partial, sizeof partial, "%s.partial", path);
    fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size || close(fd) != 0 || rename(partial, path) != 0) {
      perror(path);
      return 1;
    }
  }
  return 0;
}
