/* The file system's limit for reports: writes COUNT files of SIZE bytes into DIR, each to a
 * temporary name and then renamed into place, as gradebook writes a report (no reader ever sees a
 * half-written file). usage: files DIR COUNT SIZE */
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
  char path[4096], partial[4096];
  for (long i = 0; i < count; i++) {
    snprintf(path, sizeof path, "%s/u%ld.%s", argv[1], 3035000000L + i / 2, i % 2 ? "md" : "html");
    snprintf(partial, sizeof partial, "%s.partial", path);
    int fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size || close(fd) != 0 || rename(partial, path) != 0) {
      perror(path);
      return 1;
    }
  }
  return 0;
}
